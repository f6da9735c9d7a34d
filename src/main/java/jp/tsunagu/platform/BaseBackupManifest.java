package jp.tsunagu.platform;

import java.util.List;

/**
 * The table of contents of a base backup (ベースバックアップの目録), {@code base-backup.json}, written last: a
 * folder without it is an interrupted base backup and is never restored. A base backup is a copy of the data
 * folder taken with PostgreSQL's low-level API while the server runs; with the WAL archive from its start on it
 * restores to any moment after its end ({@link PointInTimeRecovery}).
 *
 * @param format this format's version
 * @param label the label given to {@code pg_backup_start}
 * @param startedAt when {@code pg_backup_start} returned (ISO 8601, the server's clock)
 * @param finishedAt when {@code pg_backup_stop} returned: the earliest moment the backup restores to
 * @param startLsn the WAL position replay starts from
 * @param stopLsn the WAL position the copy is consistent at
 * @param startSegment the WAL segment of {@code startLsn}: the first one a recovery reads from the archive
 * @param stopSegment the WAL segment of {@code stopLsn}: the last one a recovery needs to be consistent
 * @param segmentSize the server's {@code wal_segment_size} in bytes
 * @param serverVersion {@code server_version_num}
 * @param schema the applied migrations ({@code version:description})
 * @param walArchive the archive the server wrote to, as an absolute path
 * @param folders every folder of the data folder's copy, empty ones included
 * @param data every file of the data folder's copy ({@code pgdata/…}), {@code backup_label} included
 * @param passwordFile the embedded database's password file's copy (the copy's superuser logs in with it)
 * @param files the files outside the database, by owner, as {@code backup} carries them
 */
public record BaseBackupManifest(int format, String label, String startedAt, String finishedAt, String startLsn,
        String stopLsn, String startSegment, String stopSegment, long segmentSize, int serverVersion,
        List<String> schema, String walArchive, List<String> folders, List<DataFolderCopy.Copied> data, DataFolderCopy.Copied passwordFile,
        List<BackupManifest.Stored> files) {

    public static final int FORMAT = 1;
    public static final String FILE_NAME = "base-backup.json";
    /** The data folder's copy inside the backup. */
    public static final String DATA = "pgdata";
}
