package jp.tsunagu.documents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local folder of temporary files (一時ファイル) that every {@link FileStore} writes an encrypted file into before
 * it is put: owner-only files named {@code upload-*.tmp}, listed and removed by the store check when an upload was
 * interrupted before its put.
 */
final class TemporaryFiles {

    private final Path folder;

    /** The folder must exist. */
    TemporaryFiles(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    Path folder() {
        return folder;
    }

    /** A new, empty temporary file, readable by the owner only where the file system allows it. */
    Path create() throws IOException {
        try {
            return Files.createTempFile(folder, "upload-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(folder, "upload-", ".tmp");
        }
    }

    /** Every temporary file left in the folder. */
    List<FileStore.Stored> leftovers() throws IOException {
        List<FileStore.Stored> left = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                left.add(new FileStore.Stored(file.getFileName().toString(),
                        Files.getLastModifiedTime(file).toInstant()));
            }
        }
        return left;
    }

    /** Removes a temporary file of the folder; a name that leads outside it is refused. */
    void delete(String name) throws IOException {
        Path file = folder.resolve(name).normalize();
        if (!folder.equals(file.getParent())) {
            throw new IOException("一時フォルダの外のファイルは消せません: " + name);
        }
        Files.deleteIfExists(file);
    }
}
