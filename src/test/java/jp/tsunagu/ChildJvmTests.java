package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The child JVMs of the tests ({@link ChildJvm}) load the application's classes from the archive made for them:
 * a JVM that must map it ({@code -Xshare:on}, which ends the JVM when the archive does not fit the class path)
 * finds Spring's and the application's classes there.
 */
class ChildJvmTests {

    @Test
    void aChildJvmLoadsTheApplicationsClassesFromTheArchive() throws IOException, InterruptedException {
        List<String> options = ChildJvm.classPath();
        assertThat(options).as("the options of a child JVM").anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="))
                .contains("-Xshare:auto");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:class+load=info"));
        options.forEach(o -> command.add(o.equals("-Xshare:auto") ? "-Xshare:on" : o));
        command.add(Probe.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).as("where the classes came from")
                .containsPattern("org\\.springframework\\.context\\.ApplicationContext source: shared objects file")
                .containsPattern("jp\\.tsunagu\\.TsunaguApplication source: shared objects file");
    }

    /** Loads a class of Spring's and one of the application's. */
    static final class Probe {
        public static void main(String[] args) throws ClassNotFoundException {
            Class.forName("org.springframework.context.ApplicationContext");
            Class.forName("jp.tsunagu.TsunaguApplication");
        }
    }
}
