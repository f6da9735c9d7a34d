package jp.tsunagu.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDeterminismTests {

    @TempDir
    Path dir;

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        SampleMunicipality.generate(SampleSize.SMALL, 3, 7L, dir.resolve("a"));
        SampleMunicipality.generate(SampleSize.SMALL, 3, 7L, dir.resolve("b"));
        SampleMunicipality.generate(SampleSize.SMALL, 3, 8L, dir.resolve("c"));

        Map<String, String> a = hashes(dir.resolve("a"));
        Map<String, String> b = hashes(dir.resolve("b"));
        Map<String, String> c = hashes(dir.resolve("c"));

        assertThat(a).hasSize(2 * SampleMunicipality.sourceIds().size());
        assertThat(b).isEqualTo(a);
        assertThat(c.keySet()).isEqualTo(a.keySet());
        assertThat(c.get("jumin-kiroku/jumin-kiroku_20260403.csv")).isNotEqualTo(a.get("jumin-kiroku/jumin-kiroku_20260403.csv"));
    }

    @Test
    void sizesParseFromWordsAndNumbers() {
        assertThat(SampleSize.parse("small").residents()).isEqualTo(2_000);
        assertThat(SampleSize.parse("default").residents()).isEqualTo(150_000);
        assertThat(SampleSize.parse("4000000").residents()).isEqualTo(4_000_000);
        assertThat(SampleSize.parse("1_000_000").residents()).isEqualTo(1_000_000);
    }

    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                result.put(root.relativize(f).toString().replace('\\', '/'), sha256(Files.readAllBytes(f)));
            }
        }
        return result;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
