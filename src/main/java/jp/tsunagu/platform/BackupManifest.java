package jp.tsunagu.platform;

import java.util.List;

/**
 * The table of contents of a backup (バックアップの目録), written last: a folder without it is an
 * interrupted backup and is never restored. Every file is listed with its size and SHA-256, checked
 * before a restore changes anything.
 *
 * @param format the backup format's version
 * @param createdAt when the database snapshot was taken (ISO 8601)
 * @param serverVersion the PostgreSQL version that was read ({@code server_version_num})
 * @param schema the applied migrations ({@code version:description}), which a restore requires equal
 * @param tables each table's file, rows and checksum, in the order written
 * @param partitions the partitions made while the hub ran (one per source), made again before loading
 * @param sequences each sequence's last value ({@code null}: never used)
 * @param files the files outside the database, by owner
 */
public record BackupManifest(int format, String createdAt, int serverVersion, List<String> schema, List<Table> tables,
        List<Partition> partitions, List<Sequence> sequences, List<Stored> files) {

    public static final int FORMAT = 1;
    public static final String FILE_NAME = "manifest.json";

    /** One table: {@code columns} in the order of the file's binary COPY rows. */
    public record Table(String name, List<String> columns, String file, long rows, long bytes, String sha256) {
    }

    /** A partition: its parent, its bound ({@code FOR VALUES IN ('kaigo')}) and its own indexes' definitions. */
    public record Partition(String name, String parent, String bound, List<String> indexes) {
    }

    /** One sequence's state. */
    public record Sequence(String name, Long lastValue) {
    }

    /** One file outside the database, under {@code files/<owner>/}. */
    public record Stored(String owner, String path, long bytes, String sha256) {
    }
}
