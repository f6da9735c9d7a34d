package jp.tsunagu.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files only their owner may read (所有者だけが読めるファイル): the embedded database's password and the
 * audit trail's key ring. They are written whole into a temporary file created with mode 0600 and then
 * moved into place, so that no other user can open them even for an instant, and a reader never sees
 * half a file.
 */
public final class OwnerOnlyFiles {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private OwnerOnlyFiles() {
    }

    /** Writes (or replaces) the file with mode 0600. */
    public static void write(Path file, String content) throws IOException {
        Path tmp = temporary(file, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes the file with mode 0600 only if it does not exist yet: two processes starting together
     * both try, and exactly one wins (a hard link fails if the name is taken; a rename would not).
     *
     * @return whether this call created it
     */
    public static boolean createNew(Path file, String content) throws IOException {
        Path tmp = temporary(file, content);
        try {
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // a file system without hard links: the check and the rename are then two steps
            if (Files.exists(file)) {
                return false;
            }
            Files.move(tmp, file);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether group and others have no access (always true where the file system has no POSIX modes). */
    public static boolean isOwnerOnly(Path file) throws IOException {
        try {
            return OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }

    private static Path temporary(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            log.warn("このファイルシステムでは所有者だけが読める権限を付けられません。{} の読み取り権限を手で制限してください", file);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return tmp;
    }
}
