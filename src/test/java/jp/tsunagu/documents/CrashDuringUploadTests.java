package jp.tsunagu.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.stream.Stream;
import jp.tsunagu.platform.DatabaseProperties;
import jp.tsunagu.platform.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process in the middle of an upload, at the worst moment: the file is renamed into place
 * and its row is about to commit (the test holds a lock on {@code document}, so the process stops exactly there).
 * Afterwards the database has no row of the upload, the store has the one file without a row, {@code documents
 * check} (the real command, in another process) lists it and exits 3, {@code documents check --repair} deletes it
 * and its own check after the repair finds nothing; the three uploads that committed before are untouched.
 *
 * <p>Three JVMs start the whole application here (the child and two commands): each is a short-lived process, so
 * they run with the client compiler only and the serial collector, which start a Spring application sooner on a
 * busy machine and change nothing of what is checked.
 */
class CrashDuringUploadTests {

    @TempDir
    static Path dir;
    static EmbeddedDatabase database;
    static Path files;

    @BeforeAll
    static void database() throws IOException {
        // not in the temporary folder: the server runs until the JVM ends (see CrashDuringApplyTests)
        // copied from the test JVM's template cluster (made by initdb once per JVM, where the Spring tests'
        // databases are copied from too: tsunagu.database.template in application-test.properties)
        database = EmbeddedDatabase.start(new DatabaseProperties(Path.of("target/test-pg-documents-crash"), true,
                false, 0, 0, jp.tsunagu.TestTemplate.folder()));
        files = dir.resolve("files");
    }

    @Test
    void killDuringAnUploadLeavesNoRowAndTheCheckRepairsTheOrphanFile() throws Exception {
        Path log = dir.resolve("upload.log");
        Process child = java(List.of("jp.tsunagu.documents.UploadChild"), log);
        await("the child stored three memos and waits").pollInterval(Duration.ofMillis(200))
                .atMost(Duration.ofMinutes(3))
                .failFast("the child ended early", () -> !child.isAlive())
                .until(() -> Files.exists(log) && Files.readString(log).contains("waiting"));
        long rowsBefore = count("SELECT count(*) FROM document");
        long contentsBefore = count("SELECT count(*) FROM document_content");
        assertThat(rowsBefore).isEqualTo(3);
        assertThat(storedFiles()).hasSize((int) contentsBefore);

        try (Connection lock = database.connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE document IN SHARE MODE");
            }
            try (OutputStream in = child.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            await("the child's row waits to be written, its file already in place").pollInterval(Duration.ofMillis(100))
                    .atMost(Duration.ofMinutes(1))
                    .failFast("the child ended early", () -> !child.isAlive())
                    .until(() -> count("""
                            SELECT count(*) FROM pg_stat_activity
                             WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO document (%'""") == 1);
            assertThat(storedFiles()).as("the fourth memo's file is renamed into place").hasSize((int) contentsBefore + 1);
            child.destroyForcibly();
            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
            lock.rollback();
        }
        assertThat(Files.readString(log)).doesNotContain("stored 4");
        assertThat(count("SELECT count(*) FROM document")).as("no row of the killed upload").isEqualTo(rowsBefore);
        assertThat(count("SELECT count(*) FROM document_content")).isEqualTo(contentsBefore);
        assertThat(storedFiles()).hasSize((int) contentsBefore + 1);

        Run check = command("check");
        assertThat(check.exit()).as(check.output()).isEqualTo(DocumentsCommand.EXIT_ORPHANS);
        assertThat(check.output()).contains("行のないファイル (登録が途中で止まったもの): 1 件");

        Run repair = command("check", "--repair");
        assertThat(repair.exit()).as(repair.output()).isZero();
        assertThat(repair.output()).contains("行のないファイル (登録が途中で止まったもの): 1 件 — 削除しました")
                .as("the command's own check after the repair finds nothing").contains("片付けた後の検査: 問題はありません");
        assertThat(storedFiles()).hasSize((int) contentsBefore);
        assertThat(count("SELECT count(*) FROM document")).isEqualTo(rowsBefore);
        assertThat(count("SELECT count(*) FROM document_content")).isEqualTo(contentsBefore);
    }

    record Run(int exit, String output) {
    }

    private static Run command(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("jp.tsunagu.TsunaguApplication", "documents"));
        command.addAll(List.of(args));
        Path log = dir.resolve("check-" + System.nanoTime() + ".log");
        Process process = java(command, log);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Process java(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Dfile.encoding=UTF-8");
        command.addAll(jp.tsunagu.ChildJvm.classPath());
        command.addAll(mainAndArgs);
        command.add("--spring.datasource.url=" + database.jdbcUrl());
        command.add("--tsunagu.database.data-dir=" + dir.resolve("pg"));
        command.add("--tsunagu.documents.files-dir=" + files);
        command.add("--tsunagu.documents.key-file=" + dir.resolve("documents.key"));
        command.add("--tsunagu.importing.sources-dir=" + dir.resolve("sources"));
        command.add("--tsunagu.importing.inbox-poll-interval=0");
        command.add("--logging.level.root=WARN");
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        child.environment().put("SPRING_DATASOURCE_PASSWORD", database.password());
        return child.start();
    }

    private static List<Path> storedFiles() throws IOException {
        if (!Files.exists(files)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(files)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
                    .toList();
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
