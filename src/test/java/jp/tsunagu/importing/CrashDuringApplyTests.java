package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.tsunagu.platform.DatabaseProperties;
import jp.tsunagu.platform.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the importing process in the middle of the apply transaction: the database
 * (owned by this test, so that it survives the kill) still holds the previous snapshot, and importing
 * the same file again completes the import.
 *
 * <p>The kill lands mid-apply by a lock rather than by the file's size: the test holds the row lock of one
 * current record ({@code SELECT … FOR UPDATE} in its own open transaction), so that the apply's statement that
 * replaces the changed records stops at that record, the records before it already replaced in the child's
 * open transaction (counted by their {@code xmax}, the child's transaction). The child is killed there, and
 * the lock released after.
 */
class CrashDuringApplyTests {

    static final int ROWS = 20_000;
    static final String SOURCE = "crash-test";

    @TempDir
    static Path dir;
    static EmbeddedDatabase database;

    @BeforeAll
    static void databaseAndSource() throws IOException {
        // not in the temporary folder: the server runs on until the JVM ends, and JUnit's deleting the
        // folder under a running server failed the class now and then
        // the cluster is copied from the test JVM's template (made by initdb once per JVM, as the Spring tests' are)
        database = EmbeddedDatabase.start(new DatabaseProperties(Path.of("target/test-pg-crash"), true, false, 0, 0,
                jp.tsunagu.TestTemplate.folder()));
        Path sources = Files.createDirectories(dir.resolve("sources"));
        Files.writeString(sources.resolve(SOURCE + ".yml"), """
                name: クラッシュ試験
                program: 試験
                department: {id: test, name: 情報システム課, contact: 内線 9999}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: name, column: 氏名, label: 氏名, type: text}
                  - {name: born, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
                  - {name: note, column: 備考, label: 備考, type: text}
                """);
    }

    @Test
    void killDuringApplyLeavesThePreviousSnapshotAndReimportCompletesIt() throws Exception {
        Path day1 = snapshot("day1.csv", "一日目");
        Path day2 = snapshot("day2.csv", "二日目");

        Process first = runImport(day1);
        assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).as(lastLog()).isZero();
        String afterDay1 = checksum();
        assertThat(count("SELECT count(*) FROM source_record WHERE source_id = '" + SOURCE + "'")).isEqualTo(ROWS);

        try (Connection lock = database.connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT 1 FROM source_record WHERE source_id = '"
                            + SOURCE + "' AND person_key = '" + LOCKED + "' FOR UPDATE) l")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the record whose lock stops the apply").isEqualTo(1);
            }
            Process child = runImport(day2);
            long replaced = waitUntilApplyWaitsForTheLock(child);
            assertThat(replaced).as("records already replaced in the child's open apply transaction")
                    .isBetween(1L, ROWS - 1L);
            child.destroyForcibly();
            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).isNotZero();
            lock.rollback();
        }

        assertThat(checksum()).as("the previous snapshot is intact").isEqualTo(afterDay1);
        assertThat(count("SELECT count(*) FROM record_change WHERE run_id = (SELECT max(run_id) FROM import_run)"))
                .isZero();
        assertThat(count("SELECT count(*) FROM source_record_history")).isZero();

        Process again = runImport(day2);
        assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(again.exitValue()).as(lastLog()).isZero();
        assertThat(statuses()).containsExactly("APPLIED", "INTERRUPTED", "APPLIED");
        assertThat(count("SELECT count(*) FROM source_record WHERE data->>'note' = '二日目'")).isEqualTo(ROWS);
        assertThat(count("SELECT count(*) FROM source_record_history")).isEqualTo(ROWS);
    }

    /** The record whose row lock the test holds: the last of the file. */
    static final String LOCKED = String.format("%010d", 1_000_000 + ROWS - 1);

    /**
     * Waits until the child's apply statement waits for the test's row lock, and returns how many current
     * records that statement has already replaced in the child's open transaction (their old versions carry the
     * child's transaction as {@code xmax}).
     */
    private static long waitUntilApplyWaitsForTheLock(Process child) throws SQLException {
        String waiting = """
                FROM pg_stat_activity a
                 WHERE a.wait_event_type = 'Lock' AND a.query LIKE '%UPDATE source_record r%'
                   AND a.pid <> pg_backend_pid()""";
        await("the apply transaction of the child waits for the locked record").pollInterval(Duration.ofMillis(100))
                .atMost(Duration.ofMinutes(3))
                .failFast("the import ended before the apply could be interrupted", () -> !child.isAlive())
                .until(() -> count("SELECT count(*) " + waiting) == 1);
        return count("SELECT count(*) FROM source_record r WHERE r.source_id = '" + SOURCE
                + "' AND r.xmax = (SELECT a.backend_xid " + waiting + ")");
    }

    private static Process runImport(Path file) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // short-lived processes: the client compiler and the serial collector start them sooner (see
        // CrashDuringUploadTests) and change nothing of what is checked
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jp.tsunagu.ChildJvm.classPath());
        command.add("jp.tsunagu.TsunaguApplication");
        command.add("import");
        command.add(SOURCE);
        command.add(file.toString());
        command.add("--spring.datasource.url=" + database.jdbcUrl());
        command.add("--tsunagu.importing.sources-dir=" + dir.resolve("sources"));
        command.add("--tsunagu.importing.inbox-poll-interval=0");
        command.add("--logging.level.root=WARN");
        // the audit key and checkpoints of the child go beside its database, not into the working folder
        command.add("--tsunagu.database.data-dir=" + dir.resolve("pg"));
        lastLog = dir.resolve("child-" + System.nanoTime() + ".log");
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(lastLog.toFile());
        // through the environment rather than the command line, which every local user can read
        child.environment().put("SPRING_DATASOURCE_PASSWORD", database.password());
        return child.start();
    }

    private static Path lastLog;

    private static String lastLog() throws IOException {
        return Files.readString(lastLog, StandardCharsets.UTF_8);
    }

    private static Path snapshot(String name, String note) throws IOException {
        Path file = dir.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("宛名番号,氏名,生年月日,備考\n");
            for (int i = 0; i < ROWS; i++) {
                out.write((1_000_000 + i) + ",山田 太郎" + i + ",19700302," + note + "\n");
            }
        }
        return file;
    }

    private static String checksum() throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT md5(string_agg(record_key || data::text || valid_from_run, ',' ORDER BY record_key))
                             || (SELECT current_run FROM source WHERE source_id = '%s')
                          FROM source_record WHERE source_id = '%s'""".formatted(SOURCE, SOURCE))) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> statuses() throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (Connection c = database.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT status FROM import_run ORDER BY run_id")) {
            while (rs.next()) {
                statuses.add(rs.getString(1));
            }
        }
        return statuses;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
