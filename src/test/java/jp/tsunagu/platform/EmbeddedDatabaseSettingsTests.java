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
 * The embedded server's buffer cache (共有バッファ): 256 MiB unless {@code tsunagu.database.shared-buffers-mib}
 * says otherwise.
 */
class EmbeddedDatabaseSettingsTests {

    @TempDir
    Path root;

    @Test
    void aCacheTooSmallForTheServerIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> new DatabaseProperties(root, true, false, 0, 0, null, null, null, 8))
                .hasMessageContaining("tsunagu.database.shared-buffers-mib");
        assertThat(new DatabaseProperties(root, true, false, 0).sharedBuffersMib()).isEqualTo(256);
    }

    @Test
    void theServerRunsWithTheConfiguredOrTheDefaultCache() throws Exception {
        EmbeddedDatabase configured = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("a"), true, false, 0,
                0, null, null, null, 300));
        try {
            assertThat(sharedBuffers(configured)).isEqualTo("300MB");
        } finally {
            configured.close();
        }
        EmbeddedDatabase unset = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("b"), true, false, 0));
        try {
            assertThat(sharedBuffers(unset)).isEqualTo("256MB");
        } finally {
            unset.close();
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
