package jp.tsunagu.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Copies a running server's data folder for a base backup (ベースバックアップ) taken with PostgreSQL's low-level
 * API, between {@code pg_backup_start} and {@code pg_backup_stop}: what the documentation ("Making a Base Backup
 * Using the Low Level API") says to leave out is left out — the server's pid and options files, {@code pg_wal}'s
 * contents (the WAL comes from the archive or from streaming), the folders the server empties at start, a
 * {@code backup_label} or signal file of an earlier use. Files the server removes during the copy are not needed:
 * recovery replays the WAL from the backup's start.
 */
public final class DataFolderCopy {

    /** Left out wherever they are (besides the embedded server's own lock). */
    static final Set<String> LEFT_OUT = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "pg_internal.init",
            "backup_label", "tablespace_map", "standby.signal", "recovery.signal", PointInTimeRecovery.INCOMPLETE,
            PointInTimeRecovery.LOG);
    /** Folders copied empty. */
    static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial",
            "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    /** A file copied: its path relative to the folder ({@code /} separated), size and SHA-256. */
    public record Copied(String path, long bytes, String sha256) {
    }

    /** What was copied: the files, and every folder (empty ones too: the server needs them, e.g. pg_twophase). */
    public record Copy(List<Copied> files, List<String> folders) {
    }

    private DataFolderCopy() {
    }

    /**
     * Copies {@code from} into {@code to} (created owner-only), each file written, fsynced and hashed by
     * {@link DatabaseBackup#writeFile}; returns what was copied, in the order copied.
     */
    public static Copy copy(Path from, Path to) throws IOException {
        List<Copied> copied = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path source, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(source);
                Path target = to.resolve(relative.toString());
                Files.createDirectories(target);
                ownerOnlyFolder(target);
                if (relative.getNameCount() > 0 && !relative.toString().isEmpty()) {
                    folders.add(relative.toString().replace('\\', '/'));
                }
                return relative.getNameCount() == 1 && EMPTIED.contains(relative.toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path source, BasicFileAttributes attributes) throws IOException {
                if (LEFT_OUT.contains(source.getFileName().toString())) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = from.relativize(source).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(source)) {
                    DatabaseBackup.Digested written = DatabaseBackup.writeFile(to.resolve(relative), in::transferTo);
                    copied.add(new Copied(relative, written.bytes(), written.sha256()));
                } catch (NoSuchFileException gone) {
                    // dropped or recycled by the server during the copy: recovery does not need it
                    Files.deleteIfExists(to.resolve(relative));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path source, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                DatabaseBackup.fsync(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
        Path status = Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
        ownerOnlyFolder(status);
        folders.add("pg_wal/archive_status");
        return new Copy(copied, folders);
    }

    /** PostgreSQL refuses a data folder that others may read. */
    static void ownerOnlyFolder(Path folder) throws IOException {
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }
}
