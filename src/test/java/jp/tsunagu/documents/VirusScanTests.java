package jp.tsunagu.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virus scan against a real ClamAV daemon (Debian's {@code clamav-daemon}), started by the test on a socket of
 * its own with a signature database the test writes itself (no download): a file carrying the signature is refused
 * naming what was found, a clean file passes, and a daemon that cannot be reached refuses the file rather than let
 * it through. Tagged {@code clamav}: it runs with {@code -Pbrowser}, as in {@code .ci/run}, which installs the
 * daemon.
 */
@Tag("clamav")
class VirusScanTests {

    static final String MARKER = "TSUNAGU-TEST-MARKER-9f3c1e77";

    @TempDir
    static Path dir;
    static Process clamd;
    static Path socket;

    @BeforeAll
    static void startClamd() throws IOException {
        Path database = Files.createDirectories(dir.resolve("db"));
        Files.writeString(database.resolve("tsunagu-test.ndb"), "Tsunagu.Test.Marker-1:0:*:"
                + HexFormat.of().formatHex(MARKER.getBytes(StandardCharsets.US_ASCII)) + "\n");
        socket = dir.resolve("clamd.sock");
        Path config = dir.resolve("clamd.conf");
        Files.writeString(config, String.join("\n",
                "LocalSocket " + socket,
                "DatabaseDirectory " + database,
                "TemporaryDirectory " + dir,
                "LogFile " + dir.resolve("clamd.log"),
                "PidFile " + dir.resolve("clamd.pid"),
                "Foreground yes",
                "") );
        String binary = Files.isExecutable(Path.of("/usr/sbin/clamd")) ? "/usr/sbin/clamd" : "clamd";
        clamd = new ProcessBuilder(binary, "--config-file=" + config).redirectErrorStream(true)
                .redirectOutput(dir.resolve("clamd.out").toFile()).start();
        await("clamd listens on its socket").pollInterval(Duration.ofMillis(200)).atMost(Duration.ofMinutes(2))
                .failFast("clamd stopped: see its output", () -> !clamd.isAlive())
                .until(() -> Files.exists(socket));
    }

    @AfterAll
    static void stopClamd() throws InterruptedException {
        if (clamd != null) {
            clamd.destroy();
            clamd.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFileCarryingTheSignatureIsRefusedAndACleanOnePasses() throws IOException {
        VirusScan scan = new VirusScan(properties(socket));
        byte[] infected = ("訪問メモ\n" + MARKER + "\n以上").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> scan.check(infected, "memo.txt")).isInstanceOfSatisfying(RefusedFileException.class,
                e -> {
                    assertThat(e.reasonCode()).isEqualTo("virus");
                    assertThat(e.getMessage()).contains("memo.txt", "ウイルス", "Tsunagu.Test.Marker-1");
                });
        byte[] clean = "訪問メモ\n異常なし\n".getBytes(StandardCharsets.UTF_8);
        assertThat(scan.scan(clean)).isEqualTo("stream: OK");
        scan.check(clean, "clean.txt");
        // a file larger than one INSTREAM chunk, the signature in its last chunk
        byte[] large = (new String(new char[200_000]).replace('\0', 'a') + MARKER).getBytes(StandardCharsets.US_ASCII);
        assertThat(scan.scan(large)).endsWith("FOUND");
    }

    @Test
    void aDaemonThatCannotBeReachedRefusesTheFile() {
        VirusScan scan = new VirusScan(properties(dir.resolve("no-such.sock")));
        assertThatThrownBy(() -> scan.check("異常なし".getBytes(StandardCharsets.UTF_8), "clean.txt"))
                .isInstanceOfSatisfying(RefusedFileException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo("scan-unavailable"));
    }

    private static DocumentsProperties properties(Path socket) {
        return new DocumentsProperties(null, null, null, null, null, null, false, null, null, null, socket, null);
    }
}
