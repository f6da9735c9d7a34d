package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguApplication;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.overview.PersonOverview;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The point-in-time recovery drill (時点復旧訓練), on a real embedded server with the WAL archive on: day 1 of the
 * sample city imported, a base backup taken while the hub runs, day 2 imported and looked at by staff (the audit
 * trail), the moment T noted (and a restore point made), day 3 imported; then the command line restores the base
 * backup to T into a new data folder. The restored database holds day 2's snapshot exactly (counts and a digest of
 * the current records as measured at T), not day 3's, and {@code audit verify} passes on it. A segment missing
 * from the archive, a target before the base backup and an existing folder are refused with Japanese messages and
 * an exit code other than 0, and a folder whose recovery failed is never started as a hub. A failing archive shows
 * in the health endpoint.
 */
@TsunaguTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-pitr",
        "tsunagu.database.wal-archive=target/test-pitr/archive-${random.uuid}",
        "tsunagu.documents.files-dir=target/test-pitr/files-${random.uuid}",
        "tsunagu.documents.key-file=target/test-pitr/documents-${random.uuid}.key"})
class PointInTimeRecoveryTests {

    static final String VIEWER = "pitr-kaigo";

    @TempDir
    static Path dir;

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    BaseBackup baseBackup;
    @Autowired
    EmbeddedDatabase database;
    @Autowired
    DatabaseProperties properties;
    @Autowired
    PersonOverview overview;
    @Autowired
    AccessPolicy access;
    @Autowired
    WalArchiveHealthIndicator archiveHealth;

    Path base;
    BaseBackupManifest manifest;
    String atT;
    String day3;
    OffsetDateTime t;
    long auditedAtT;

    @BeforeAll
    void threeDaysWithABaseBackupAfterTheFirst() throws Exception {
        long started = System.nanoTime();
        SampleCity.started(catalog, imports, jdbc, accounts, dir.resolve("day1"))
                .staff(VIEWER, "介護 復旧", Role.VIEWER, "kaigo", "介護保険課", "内線 2101");
        base = dir.resolve("base");
        manifest = baseBackup.write(base, line -> { });

        SampleMunicipality.generate(SampleSize.SMALL, 2, 20260401L, dir.resolve("day2")).sources()
                .forEach(f -> imports.importFile(f.id(), f.file(), "test", "test"));
        SampleCity.awaitListeners(jdbc);
        jdbc.sql("SELECT person_key FROM person WHERE status = '住民' ORDER BY person_key LIMIT 3").query(String.class)
                .list().forEach(key -> overview.view(key, access.viewer(VIEWER)));
        atT = snapshotDigest(database);
        auditedAtT = jdbc.sql("SELECT count(*) FROM audit_event").query(Long.class).single();
        t = jdbc.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single();
        jdbc.sql("SELECT pg_create_restore_point('pitr-test-T')").query(String.class).single();

        SampleMunicipality.generate(SampleSize.SMALL, 3, 20260401L, dir.resolve("day3")).sources()
                .forEach(f -> imports.importFile(f.id(), f.file(), "test", "test"));
        SampleCity.awaitListeners(jdbc);
        day3 = snapshotDigest(database);
        // what day 3 wrote must be in the archive for the replay to find the first commit after T
        String last = jdbc.sql("SELECT pg_walfile_name(pg_switch_wal())").query(String.class).single();
        await("the archive holds " + last).pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                .until(() -> Files.exists(archive().resolve(last)));
        System.out.printf("PointInTimeRecoveryTests: three days and a base backup, %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    @Test
    void aBaseBackupRestoredToTheNotedTimeHoldsThatDaysSnapshotAndItsTrailVerifies() throws Exception {
        assertThat(atT).as("day 3 changed the current records").isNotEqualTo(day3);
        assertThat(manifest.data()).extracting(DataFolderCopy.Copied::path).contains("backup_label", "PG_VERSION")
                .noneMatch(p -> p.startsWith("pg_wal/0") || p.equals("postmaster.pid"));
        assertThat(manifest.files()).extracting(BackupManifest.Stored::owner).contains("audit-key");

        Path restored = dir.resolve("restored");
        Child restore = child(restored, "restore", base.toString(), "--until", t.toString());
        assertThat(restore.exit()).as(restore.log()).isZero();
        assertThat(restore.log()).contains("時点復旧しました").contains("最後に再生した取引");
        assertThat(restored.resolve("pg").resolve(PointInTimeRecovery.INCOMPLETE)).doesNotExist();
        assertThat(restored.resolve("pg").resolve("recovery.signal")).as("promoted").doesNotExist();

        Child verify = child(restored, "audit", "verify");
        assertThat(verify.exit()).as(verify.log()).isZero();
        assertThat(verify.log()).contains("行を検査しました");

        EmbeddedDatabase copy = EmbeddedDatabase.start(new DatabaseProperties(restored.resolve("pg"), false, false, 0));
        try {
            assertThat(snapshotDigest(copy)).as("day 2's snapshot as at T, not day 3's").isEqualTo(atT);
            try (Connection c = copy.connect(); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM audit_event")).as("the trail up to T")
                        .isEqualTo(auditedAtT);
                assertThat(count(st, "SELECT CASE WHEN pg_is_in_recovery() THEN 0 ELSE 1 END")).as("accepts writes")
                        .isEqualTo(1);
                assertThat(count(st, "SELECT count(*) FROM pg_settings WHERE name = 'restore_command' AND setting <> ''"))
                        .as("the recovery settings are gone").isZero();
            }
        } finally {
            copy.stop();
        }
    }

    @Test
    void aSegmentMissingFromTheArchiveFailsTheRecoveryNamingItAndTheFolderNeverStarts() throws Exception {
        long size = manifest.segmentSize();
        String missing = WalArchive.name(manifest.stopSegment().substring(0, 8),
                WalArchive.number(manifest.stopSegment(), size) + 1, size);
        Path gappy = dir.resolve("archive-with-gap");
        Files.createDirectories(gappy);
        try (var segments = Files.list(archive())) {
            for (Path segment : (Iterable<Path>) segments::iterator) {
                String name = segment.getFileName().toString();
                if (!name.equals(missing) && !name.startsWith(".")) {
                    Files.copy(segment, gappy.resolve(segment.getFileName()));
                }
            }
        }
        assertThat(gappy.resolve(missing)).doesNotExist();

        Path restored = dir.resolve("from-gap");
        // to the restore point made at T, which lies after the gap
        Child restore = child(restored, "restore", base.toString(), "--until-name", "pitr-test-T", "--archive",
                gappy.toString());
        assertThat(restore.exit()).as(restore.log()).isEqualTo(1);
        assertThat(restore.log()).contains("時点復旧に失敗しました").contains("セグメント " + missing + " がない")
                .contains("未完了の印").doesNotContain("時点復旧しました");
        assertThat(restored.resolve("pg").resolve(PointInTimeRecovery.INCOMPLETE)).exists();

        assertThatThrownBy(() -> EmbeddedDatabase.start(new DatabaseProperties(restored.resolve("pg"), false, false, 0)))
                .hasMessageContaining("時点復旧 (restore --until) は完了していません");
    }

    @Test
    void aTargetBeforeTheBaseBackupAndAnExistingFolderAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path early = dir.resolve("too-early");
        OffsetDateTime before = OffsetDateTime.parse(manifest.startedAt()).minusMinutes(1);
        Child restore = child(early, "restore", base.toString(), "--until", before.toString());
        assertThat(restore.exit()).as(restore.log()).isEqualTo(2);
        assertThat(restore.log()).contains("ベースバックアップの終了").contains("より前です");
        assertThat(early.resolve("pg")).doesNotExist();

        Path existing = dir.resolve("existing");
        Files.createDirectories(existing.resolve("pg"));
        Files.writeString(existing.resolve("pg").resolve("PG_VERSION"), "17\n");
        Child again = child(existing, "restore", base.toString(), "--until", t.toString());
        assertThat(again.exit()).as(again.log()).isEqualTo(2);
        assertThat(again.log()).contains("既にデータがあります");
        try (var files = Files.list(existing.resolve("pg"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("PG_VERSION");
        }
    }

    @Test
    void aFailingArchiveIsDownInTheHealthEndpointUntilItWorksAgain() throws Exception {
        Path folder = archive();
        Path moved = folder.resolveSibling(folder.getFileName() + ".moved");
        long failed = jdbc.sql("SELECT failed_count FROM pg_stat_archiver").query(Long.class).single();
        Files.move(folder, moved);
        // a plain file where the folder was: every copy into it fails, whoever runs the server
        Files.writeString(folder, "not a folder");
        try {
            jdbc.sql("SELECT pg_walfile_name(pg_switch_wal()) FROM (SELECT pg_create_restore_point('pitr-test-broken')) r")
                    .query(String.class).single();
            await("the archiver failed").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                    .until(() -> jdbc.sql("SELECT failed_count FROM pg_stat_archiver").query(Long.class).single() > failed);
            Health down = archiveHealth.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("message").toString()).contains("保存に失敗しています").contains("pg_wal");
            assertThat((Long) down.getDetails().get("waitingSegments")).isPositive();
        } finally {
            Files.delete(folder);
            Files.move(moved, folder);
        }
        await("the archive works again").pollInterval(Duration.ofMillis(500)).atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> {
                    // a new segment wakes the archiver, which retries the one that failed first
                    jdbc.sql("SELECT pg_switch_wal() FROM (SELECT pg_create_restore_point('pitr-test-poke')) r")
                            .query(String.class).single();
                    assertThat(archiveHealth.health().getStatus()).isEqualTo(Status.UP);
                });
    }

    private Path archive() {
        return properties.walArchive().toAbsolutePath().normalize();
    }

    /** The current records' count and digest, the persons and the history's rows: what an import changes. */
    private static String snapshotDigest(EmbeddedDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT (SELECT count(*) || ':' || md5(string_agg(source_id || '/' || record_key || '/' || row_hash,
                               '|' ORDER BY source_id, record_key)) FROM source_record)
                       || ' persons ' || (SELECT count(*) FROM person)
                       || ' history ' || (SELECT count(*) FROM source_record_history)
                       || ' runs ' || (SELECT count(*) FROM import_run)""")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Child(int exit, String log) {
    }

    /** Runs a command of the jar, as an operator would, on the installation in {@code root}. */
    private static Child child(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jp.tsunagu.ChildJvm.classPath());
        command.add(TsunaguApplication.class.getName());
        command.addAll(List.of(args));
        command.add("--tsunagu.database.data-dir=" + root.resolve("pg"));
        command.add("--tsunagu.audit.key-file=" + root.resolve("audit.key"));
        command.add("--tsunagu.audit.checkpoint-file=" + root.resolve("audit-checkpoints.log"));
        command.add("--tsunagu.importing.sources-dir=" + root.resolve("sources"));
        command.add("--tsunagu.importing.inbox-dir=" + root.resolve("inbox"));
        command.add("--tsunagu.importing.inbox-poll-interval=0");
        command.add("--tsunagu.documents.files-dir=" + root.resolve("files"));
        command.add("--tsunagu.documents.key-file=" + root.resolve("documents.key"));
        command.add("--logging.level.root=WARN");
        command.add("--tsunagu.database.durable=false");
        Files.createDirectories(root);
        Path log = root.resolve("child-" + System.nanoTime() + ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the command ended").isTrue();
        // where a drill's time goes: each command's wall time, as an operator would wait for it
        System.out.printf("PointInTimeRecoveryTests: %s %s: exit %d, %.1f s%n", args[0], args.length > 2 ? args[2] : "",
                process.exitValue(), (System.nanoTime() - started) / 1e9);
        return new Child(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
