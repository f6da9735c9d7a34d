package jp.tsunagu.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The embedded server's {@code pg_hba.conf} (接続の認証方式): every local and loopback connection, the
 * superuser's included, must give the password ({@code scram-sha-256}). Folders created by earlier
 * versions trust every local connection; {@link #trustsAnyone} finds them so that they are upgraded.
 */
final class HostBasedAuthentication {

    static final String PASSWORD_REQUIRED = """
            # Tsunagu: 組込みPostgreSQLへの接続はすべてパスワード (scram-sha-256) が必要です。
            # パスワードはデータフォルダの隣の pg.password にあります (所有者だけが読めます)。
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    /**
     * Only for the few seconds of an upgrade, before the password is set: what earlier versions had,
     * loopback and the local socket trusted.
     */
    static final String TRUST_UNTIL_PASSWORD_IS_SET = """
            # Tsunagu: パスワードを設定するまでの一時的な設定です。起動時に scram-sha-256 に書き換えます。
            local   all             all                                     trust
            host    all             all             127.0.0.1/32            trust
            host    all             all             ::1/128                 trust
            """;

    private static final Pattern TRUST = Pattern.compile("(?m)^\\s*[^#\\s].*\\strust\\s*$");

    private HostBasedAuthentication() {
    }

    static Path file(Path dataDir) {
        return dataDir.resolve("pg_hba.conf");
    }

    /** Whether any active line lets a connection in without a password. */
    static boolean trustsAnyone(Path dataDir) throws IOException {
        return TRUST.matcher(Files.readString(file(dataDir), StandardCharsets.UTF_8)).find();
    }

    static void write(Path dataDir, String content) throws IOException {
        OwnerOnlyFiles.write(file(dataDir), content);
    }
}
