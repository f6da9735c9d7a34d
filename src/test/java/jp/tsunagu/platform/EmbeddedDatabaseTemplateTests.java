package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throwaway servers made from a template (テンプレートからの複製): the first new folder runs initdb and is kept as the
 * template, the next ones are copies of it — each a server of its own, with its own data, still asking for the
 * password, the template itself never started.
 */
class EmbeddedDatabaseTemplateTests {

    @TempDir
    Path root;

    @Test
    void theFirstFolderBecomesTheTemplateAndTheNextIsAnIndependentCopyThatStillAsksForThePassword() throws Exception {
        Path template = root.resolve("template");
        EmbeddedDatabase first = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("a"), true, false, 0, 0,
                template));
        EmbeddedDatabase second = null;
        try {
            assertThat(template.resolve("PG_VERSION")).as("the first cluster is kept as the template").exists();
            assertThat(template.resolve("postmaster.pid")).as("the template is never started").doesNotExist();
            assertThat(Files.getPosixFilePermissions(template))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (Connection c = first.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE only_in_a (x int)");
            }

            long before = Files.getLastModifiedTime(template.resolve("PG_VERSION")).toMillis();
            second = EmbeddedDatabase.start(new DatabaseProperties(root.resolve("b"), true, false, 0, 0, template));
            assertThat(second.port()).isNotEqualTo(first.port());
            assertThat(Files.getLastModifiedTime(root.resolve("b").resolve("PG_VERSION")).toMillis())
                    .as("copied with its times, not made by initdb").isEqualTo(before);
            assertThat(Files.readString(root.resolve("b.password"), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(template.resolveSibling("template.password"), StandardCharsets.UTF_8));
            try (Connection c = second.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("a copy of the clean cluster, not of the first server's data").isZero();
            }
            int port = second.port();
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + port
                    + "/postgres?user=postgres", new Properties()).close())
                    .as("the copy still asks for the password").isInstanceOf(SQLException.class);
        } finally {
            if (second != null) {
                second.stop();
            }
            first.stop();
        }
    }
}
