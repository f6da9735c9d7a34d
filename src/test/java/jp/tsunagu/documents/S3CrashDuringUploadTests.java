package jp.tsunagu.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
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
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of an upload to the object storage, at the worst moment: the object is put and the
 * row is about to commit (the test holds a lock on {@code document}). Afterwards the database has no row of the
 * upload and the bucket the one object without a row; {@code documents check} (the real command, in another
 * process, listing the bucket's prefix) lists it and exits 3, {@code --repair} deletes it and its own check after
 * the repair finds nothing. The S3 API server is S3Proxy, started here; the child and the commands reach it over
 * the loopback address as any S3 client would.
 */
class S3CrashDuringUploadTests {

    static final String BUCKET = "tsunagu-crash";
    static final String PREFIX = "city/files/";

    @TempDir
    static Path dir;
    static EmbeddedDatabase database;
    static BlobStoreContext blobs;
    static S3Proxy server;

    @BeforeAll
    static void databaseAndObjectStorage() throws Exception {
        database = EmbeddedDatabase.start(new DatabaseProperties(Path.of("target/test-pg-documents-s3crash-f"
                + System.getProperty("tsunagu.test.fork", "1")), true, false, 0, 0, jp.tsunagu.TestTemplate.folder()));
        blobs = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, BUCKET);
        server = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "crash-access", "crash-secret-0123456789").build();
        server.start();
        await("S3Proxy started").atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(server.getState()));
    }

    @AfterAll
    static void stopObjectStorage() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (blobs != null) {
            blobs.close();
        }
    }

    @Test
    void killDuringAnUploadToS3LeavesNoRowAndTheCheckRepairsTheOrphanObject() throws Exception {
        Path log = dir.resolve("upload.log");
        Process child = java(List.of("jp.tsunagu.documents.UploadChild"), log);
        try {
            await("the child stored three memos and waits").pollInterval(Duration.ofMillis(200))
                    .atMost(Duration.ofMinutes(3))
                    .failFast("the child ended early", () -> !child.isAlive())
                    .until(() -> Files.exists(log) && Files.readString(log).contains("waiting"));
        } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\nthe child's output:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
        }
        long rowsBefore = count("SELECT count(*) FROM document");
        long contentsBefore = count("SELECT count(*) FROM document_content");
        assertThat(rowsBefore).isEqualTo(3);
        assertThat(objects()).hasSize((int) contentsBefore).allMatch(k -> k.matches(PREFIX + "[0-9a-f]{64}"));

        try (Connection lock = database.connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE document IN SHARE MODE");
            }
            try (OutputStream in = child.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            await("the child's row waits to be written, its object already put").pollInterval(Duration.ofMillis(100))
                    .atMost(Duration.ofMinutes(1))
                    .failFast("the child ended early", () -> !child.isAlive())
                    .until(() -> count("""
                            SELECT count(*) FROM pg_stat_activity
                             WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO document (%'""") == 1);
            assertThat(objects()).as("the fourth memo's object is in the bucket").hasSize((int) contentsBefore + 1);
            child.destroyForcibly();
            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
            lock.rollback();
        }
        assertThat(Files.readString(log)).doesNotContain("stored 4");
        assertThat(count("SELECT count(*) FROM document")).as("no row of the killed upload").isEqualTo(rowsBefore);
        assertThat(count("SELECT count(*) FROM document_content")).isEqualTo(contentsBefore);
        assertThat(objects()).hasSize((int) contentsBefore + 1);

        Run check = command("check");
        assertThat(check.exit()).as(check.output()).isEqualTo(DocumentsCommand.EXIT_ORPHANS);
        assertThat(check.output()).contains("添付ファイルの保存先 s3://" + BUCKET + "/" + PREFIX)
                .contains("行のないファイル (登録が途中で止まったもの): 1 件");

        Run repair = command("check", "--repair");
        assertThat(repair.exit()).as(repair.output()).isZero();
        assertThat(repair.output()).contains("行のないファイル (登録が途中で止まったもの): 1 件 — 削除しました")
                .as("the command's own check after the repair finds nothing").contains("片付けた後の検査: 問題はありません");
        assertThat(objects()).hasSize((int) contentsBefore);
        assertThat(count("SELECT count(*) FROM document")).isEqualTo(rowsBefore);
    }

    record Run(int exit, String output) {
    }

    /** The keys in the bucket, read from the blob store behind the server. */
    private static List<String> objects() {
        List<String> keys = new ArrayList<>();
        for (StorageMetadata object : blobs.getBlobStore().list(BUCKET, ListContainerOptions.Builder.recursive())) {
            if (object.getType() == StorageType.BLOB) {
                keys.add(object.getName());
            }
        }
        return keys;
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
        command.add("--tsunagu.documents.files-dir=" + dir.resolve("files"));
        command.add("--tsunagu.documents.key-file=" + dir.resolve("documents.key"));
        command.add("--tsunagu.documents.store=s3");
        command.add("--tsunagu.documents.s3.endpoint=http://127.0.0.1:" + server.getPort());
        command.add("--tsunagu.documents.s3.bucket=" + BUCKET);
        command.add("--tsunagu.documents.s3.prefix=" + PREFIX);
        command.add("--tsunagu.documents.s3.path-style=true");
        command.add("--tsunagu.documents.s3.access-key=crash-access");
        command.add("--tsunagu.importing.sources-dir=" + dir.resolve("sources"));
        command.add("--tsunagu.importing.inbox-poll-interval=0");
        command.add("--logging.level.root=WARN");
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        child.environment().put("SPRING_DATASOURCE_PASSWORD", database.password());
        // the secret as the operations guide says to give it: in the environment
        child.environment().put("TSUNAGU_DOCUMENTS_S3_SECRET_KEY", "crash-secret-0123456789");
        return child.start();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
