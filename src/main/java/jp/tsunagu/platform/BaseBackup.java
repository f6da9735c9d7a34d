package jp.tsunagu.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * A base backup (ベースバックアップ) of the embedded server for point-in-time recovery, taken while the hub runs
 * with PostgreSQL's low-level API, because the embedded binaries have no {@code pg_basebackup}: in one session
 * held open, {@code pg_backup_start}, a copy of the data folder ({@link DataFolderCopy}), {@code pg_backup_stop},
 * whose {@code backup_label} (and {@code tablespace_map}) is written into the copy. Between start and stop the
 * files outside the database are copied as {@code backup} copies them (the audit key ring and checkpoints, the
 * attachments and their key), so that no checkpoint in the copy names a row written after the backup's end. It
 * is complete once the last WAL segment it needs is in the archive; then its manifest is written, last.
 */
@Service
public class BaseBackup {

    private static final Pattern START_SEGMENT = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");
    /** How long the backup waits for its last segment to be archived. */
    static final Duration ARCHIVE_WAIT = Duration.ofMinutes(10);

    private final ObjectProvider<EmbeddedDatabase> embedded;
    private final DatabaseProperties properties;
    private final List<BackedUpFiles> files;

    BaseBackup(ObjectProvider<EmbeddedDatabase> embedded, DatabaseProperties properties, List<BackedUpFiles> files) {
        this.embedded = embedded;
        this.properties = properties;
        this.files = files;
    }

    /** Writes a base backup into {@code folder}, which must not exist or be empty. */
    public BaseBackupManifest write(Path folder, Consumer<String> progress) throws IOException, SQLException {
        EmbeddedDatabase database = embedded.getIfAvailable();
        if (database == null) {
            throw new IllegalArgumentException("ベースバックアップ (backup --base) は組込みPostgreSQLでのみ取れます。"
                    + "外部の PostgreSQL では、そのサーバーの pg_basebackup と WAL アーカイブをお使いください");
        }
        if (!properties.archiving()) {
            throw new IllegalArgumentException("WALアーカイブが設定されていません。稼働中のハブと同じ "
                    + "--tsunagu.database.wal-archive=… を指定してください (ベースバックアップはアーカイブと組で使います)");
        }
        WalArchive archive = WalArchive.at(properties.walArchive());
        DatabaseBackup.requireEmpty(folder);
        Path data = folder.resolve(BaseBackupManifest.DATA);
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            String archiveMode = value(st, "SELECT current_setting('archive_mode')");
            String archiveCommand = value(st, "SELECT current_setting('archive_command')");
            if (!"on".equals(archiveMode) || !archiveCommand.contains(archive.folder().toString())) {
                throw new IllegalArgumentException("稼働中の組込みPostgreSQLは " + archive.folder() + " へWALを保存していません"
                        + " (archive_mode=" + archiveMode + ")。tsunagu.database.wal-archive を設定してハブを起動し直してから"
                        + "ベースバックアップを取ってください");
            }
            long segmentSize = Long.parseLong(value(st, "SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'"));
            int serverVersion = Integer.parseInt(value(st, "SELECT current_setting('server_version_num')"));
            List<String> schema = DatabaseBackup.strings(c, DatabaseBackup.SCHEMA);
            String label = "tsunagu " + folder.toAbsolutePath().normalize().getFileName();
            String startLsn;
            String startedAt;
            try (ResultSet rs = st.executeQuery("SELECT pg_backup_start('" + label.replace("'", "''")
                    + "', true), clock_timestamp()")) {
                rs.next();
                startLsn = rs.getString(1);
                startedAt = rs.getObject(2, java.time.OffsetDateTime.class).toString();
            }
            progress.accept("pg_backup_start: " + startLsn);
            DataFolderCopy.Copy copy = DataFolderCopy.copy(database.dataDir(), data);
            List<DataFolderCopy.Copied> copied = new ArrayList<>(copy.files());
            progress.accept(String.format("データフォルダ: ファイル %,d 件 (%,d バイト)", copied.size(),
                    copied.stream().mapToLong(DataFolderCopy.Copied::bytes).sum()));
            List<BackupManifest.Stored> stored = new ArrayList<>();
            for (BackedUpFiles owner : files) {
                stored.addAll(DatabaseBackup.copyFiles(owner, folder.resolve("files").resolve(owner.name())));
                progress.accept("ファイル " + owner.name() + ": " + owner.path());
            }
            DataFolderCopy.Copied password;
            try (InputStream in = Files.newInputStream(DatabasePassword.of(database.dataDir()).file())) {
                DatabaseBackup.Digested written = DatabaseBackup.writeFile(folder.resolve("pg.password"), in::transferTo);
                password = new DataFolderCopy.Copied("pg.password", written.bytes(), written.sha256());
            }
            String stopLsn;
            String stopSegment;
            String finishedAt;
            String labelFile;
            try (ResultSet rs = st.executeQuery("SELECT lsn, labelfile, spcmapfile, pg_walfile_name(lsn), clock_timestamp()"
                    + " FROM pg_backup_stop(false)")) {
                rs.next();
                stopLsn = rs.getString(1);
                labelFile = rs.getString(2);
                copied.add(text(data, "backup_label", labelFile));
                String map = rs.getString(3);
                if (map != null && !map.isEmpty()) {
                    copied.add(text(data, "tablespace_map", map));
                }
                stopSegment = rs.getString(4);
                finishedAt = rs.getObject(5, java.time.OffsetDateTime.class).toString();
            }
            DatabaseBackup.fsync(data);
            progress.accept("pg_backup_stop: " + stopLsn + " (" + stopSegment + ")");
            Matcher start = START_SEGMENT.matcher(labelFile);
            if (!start.find()) {
                throw new IllegalStateException("backup_label に開始セグメントがありません: " + labelFile);
            }
            awaitArchived(st, archive, stopSegment);
            progress.accept("WALアーカイブに " + stopSegment + " まで保存されました");
            BaseBackupManifest manifest = new BaseBackupManifest(BaseBackupManifest.FORMAT, label, startedAt,
                    finishedAt, startLsn, stopLsn, start.group(1), stopSegment, segmentSize, serverVersion, schema,
                    archive.folder().toString(), copy.folders(), copied, password, stored);
            Path tmp = folder.resolve(BaseBackupManifest.FILE_NAME + ".tmp");
            DatabaseBackup.writeFile(tmp, out -> out.write(DatabaseBackup.JSON.writeValueAsBytes(manifest)));
            Files.move(tmp, folder.resolve(BaseBackupManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
            DatabaseBackup.fsync(folder);
            return manifest;
        }
    }

    /**
     * Waits until the archive holds the backup's last segment; fails at once, naming PostgreSQL's last failure,
     * when the archiver fails after the backup asked for it.
     */
    private static void awaitArchived(Statement st, WalArchive archive, String segment) throws SQLException {
        long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
        java.time.OffsetDateTime asked = null;
        while (!archive.has(segment)) {
            try (ResultSet rs = st.executeQuery("SELECT clock_timestamp(), last_failed_wal, last_failed_time, "
                    + "last_archived_time FROM pg_stat_archiver")) {
                rs.next();
                java.time.OffsetDateTime now = rs.getObject(1, java.time.OffsetDateTime.class);
                asked = asked == null ? now : asked;
                java.time.OffsetDateTime failed = rs.getObject(3, java.time.OffsetDateTime.class);
                java.time.OffsetDateTime archived = rs.getObject(4, java.time.OffsetDateTime.class);
                if (failed != null && failed.isAfter(asked) && (archived == null || failed.isAfter(archived))) {
                    throw new IllegalStateException("WALアーカイブ " + archive.folder() + " にセグメント " + rs.getString(2)
                            + " を保存できません (" + failed + ")。このベースバックアップは使えません。アーカイブ先の空き容量と"
                            + "権限を確かめてから、取り直してください (データベースのログに archive_command の失敗の理由があります)");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("WALアーカイブに " + segment + " が " + ARCHIVE_WAIT.toMinutes()
                        + " 分待っても保存されません。このベースバックアップは使えません");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("ベースバックアップを中断しました", e);
            }
        }
    }

    private static DataFolderCopy.Copied text(Path data, String name, String content) throws IOException {
        DatabaseBackup.Digested written = DatabaseBackup.writeFile(data.resolve(name),
                out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new DataFolderCopy.Copied(name, written.bytes(), written.sha256());
    }

    private static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
