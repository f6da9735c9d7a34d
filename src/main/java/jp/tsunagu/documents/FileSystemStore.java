package jp.tsunagu.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The file system as the store (既定の保存先): {@code files/ab/cd/<name>} under the configured folder, temporary
 * files in {@code files/tmp/}. A file is fsynced, renamed into place and its folder fsynced, so that after a
 * crash it is either whole under its name or not there (a temporary file left behind is found by
 * {@code documents check}). Chosen unless {@code tsunagu.documents.store} says otherwise ({@link DocumentsConfiguration}).
 */
class FileSystemStore implements FileStore {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final TemporaryFiles temporary;

    FileSystemStore(DocumentsProperties properties) {
        this.root = properties.filesDir().toAbsolutePath();
        Path tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("添付ファイルのフォルダを作れません: " + root, e);
        }
        this.temporary = new TemporaryFiles(tmp);
    }

    @Override
    public Path temporaryFile() throws IOException {
        return temporary.create();
    }

    @Override
    public void put(Path written, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path target = path(name);
        Files.createDirectories(target.getParent());
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("添付ファイルの保存先で名前の付け替え (rename) ができません: " + root, e);
        }
        syncFolder(target.getParent());
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(path(name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(path(name));
    }

    @Override
    public byte[] raw(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    @Override
    public void delete(String name) throws IOException {
        Path file = path(name);
        if (Files.deleteIfExists(file)) {
            syncFolder(file.getParent());
        }
    }

    @Override
    public List<Stored> list() throws IOException {
        List<Stored> stored = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 3)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && NAME.matcher(name).matches() && file.equals(path(name))) {
                    stored.add(new Stored(name, Files.getLastModifiedTime(file).toInstant()));
                }
            }
        }
        return stored;
    }

    @Override
    public List<Stored> leftovers() throws IOException {
        return temporary.leftovers();
    }

    @Override
    public void deleteLeftover(String name) throws IOException {
        temporary.delete(name);
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path path(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("保存名が正しくありません: " + name);
        }
        return root.resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
    }

    /** A rename is durable only once the folder that holds the name is written to disk too. */
    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems refuse to open a folder for reading; the rename stands, only its timing is weaker
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }
}
