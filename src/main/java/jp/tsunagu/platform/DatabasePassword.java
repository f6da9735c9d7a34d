package jp.tsunagu.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The embedded PostgreSQL's superuser password (組込みデータベースのパスワード): generated at the first
 * start, kept owner-only (0600) beside the data folder ({@code tsunagu-data/pg.password} for
 * {@code tsunagu-data/pg}), read by every Tsunagu process that starts or attaches to the server. It
 * lies outside the data folder because initdb needs that folder empty and reads the password from a
 * file ({@code --pwfile}).
 */
final class DatabasePassword {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;

    private DatabasePassword(Path file) {
        this.file = file;
    }

    static DatabasePassword of(Path dataDir) {
        return new DatabasePassword(dataDir.resolveSibling(dataDir.getFileName() + ".password"));
    }

    Path file() {
        return file;
    }

    /** The stored password, if the file is there. */
    Optional<String> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException("組込みPostgreSQLのパスワードファイルが空です: " + file);
        }
        return Optional.of(password);
    }

    /** A new random password (256 bits), written owner-only over any earlier file. */
    String generate() throws IOException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // initdb --pwfile takes the first line
        OwnerOnlyFiles.write(file, password + "\n");
        return password;
    }
}
