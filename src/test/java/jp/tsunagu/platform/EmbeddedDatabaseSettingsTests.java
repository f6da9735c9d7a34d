package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's buffer cache (共有バッファ): a quarter of the machine's memory by default, as
 * PostgreSQL advises, within bounds; or as configured.
 */
class EmbeddedDatabaseSettingsTests {

    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path root;

    @Test
    void aQuarterOfTheMemoryBetween256MibAnd8Gib() {
        assertThat(EmbeddedDatabase.sharedBuffersMib(0, 24 * GIB)).isEqualTo(6144);
        assertThat(EmbeddedDatabase.sharedBuffersMib(0, 2 * GIB)).isEqualTo(512);
        assertThat(EmbeddedDatabase.sharedBuffersMib(0, GIB / 2)).as("a small machine keeps 256 MiB").isEqualTo(256);
        assertThat(EmbeddedDatabase.sharedBuffersMib(0, 0)).as("memory unknown").isEqualTo(256);
        assertThat(EmbeddedDatabase.sharedBuffersMib(0, 128 * GIB)).isEqualTo(8192);
        assertThat(EmbeddedDatabase.sharedBuffersMib(300, 24 * GIB)).as("as configured").isEqualTo(300);
        assertThatThrownBy(() -> new DatabaseProperties(root, true, false, 0, 0, null, null, null, -1))
                .hasMessageContaining("shared-buffers-mib");
    }

    @Test
    void theServerRunsWithTheConfiguredOrTheComputedCache() throws Exception {
        EmbeddedDatabase configured = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("a"), true, false, 0,
                0, null, null, null, 300));
        try {
            assertThat(sharedBuffers(configured)).isEqualTo("300MB");
        } finally {
            configured.close();
        }
        EmbeddedDatabase auto = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("b"), true, false, 0));
        try {
            long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getTotalMemorySize();
            long mib = EmbeddedDatabase.sharedBuffersMib(0, total);
            assertThat(sharedBuffers(auto)).isEqualTo(mib % 1024 == 0 ? (mib / 1024) + "GB" : mib + "MB");
        } finally {
            auto.close();
        }
    }

    private static String sharedBuffers(EmbeddedDatabase database) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW shared_buffers")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
