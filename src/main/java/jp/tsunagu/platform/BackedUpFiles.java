package jp.tsunagu.platform;

import java.nio.file.Path;

/**
 * Files a module keeps outside the database that a backup (バックアップ) must carry beside it: the
 * audit trail's key ring and checkpoints, stored documents. A module that has such files publishes a
 * bean of this type; {@code backup} copies each, {@code restore} puts each back where the restored
 * installation's settings say it lives.
 */
public interface BackedUpFiles {

    /** A short, stable name, used as the folder name in the backup ({@code audit-key}). */
    String name();

    /** The file or folder, as configured; it may not exist yet (nothing to copy). */
    Path path();

    /** Whether {@link #path()} is a folder whose whole tree is carried, or a single file. */
    boolean folder();

    /** A single file carried by backups (a key, a log). */
    static BackedUpFiles file(String name, Path path) {
        return of(name, path, false);
    }

    /** A folder whose whole tree is carried by backups. */
    static BackedUpFiles folder(String name, Path path) {
        return of(name, path, true);
    }

    private static BackedUpFiles of(String name, Path path, boolean folder) {
        return new BackedUpFiles() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Path path() {
                return path;
            }

            @Override
            public boolean folder() {
                return folder;
            }
        };
    }
}
