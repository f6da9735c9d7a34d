package jp.tsunagu.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.tsunagu.platform.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The audit trail's key ring (記録鍵の鍵束): the HMAC-SHA256 keys that sign the chain and its
 * checkpoints, kept outside the database so that a database superuser cannot recompute the chain.
 *
 * <p>The keys come from the environment variable {@code TSUNAGU_AUDIT_KEY} (one or more base64 keys,
 * separated by commas or spaces, the last one current) or else from the key file
 * ({@code tsunagu.audit.key-file}), which is generated owner-only (0600) at the first start. Each row
 * stores the id of the key that signed it; a rotation appends a new key and keeps the older ones, so
 * that rows written under them still verify. The file is read again when it changes, so that a key
 * rotated by the command line is used by the running application from its next write.
 */
@Component
class AuditKeys {

    static final String ENVIRONMENT_VARIABLE = "TSUNAGU_AUDIT_KEY";
    static final int MIN_KEY_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HEADER = """
            # Tsunagu アクセス記録の鍵束 (HMAC-SHA256)。所有者だけが読めるようにしてください (chmod 600)。
            # 最後の行が現在の鍵です。古い鍵はその鍵で書かれた記録の検査に要るので、消さないでください。
            # 鍵ID 鍵(base64) 作成日時
            """;

    /** One key: its id (stored with each row) and secret. */
    record Key(String id, byte[] secret) {

        /** A fresh MAC under this key (MACs are not thread-safe: one per thread and use). */
        Mac mac() {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private record Ring(Map<String, Key> keys, Key current, FileTime loaded) {
    }

    private final Path file;
    private final String fromEnvironment;
    private volatile Ring ring;

    AuditKeys(AuditProperties properties, Environment environment) {
        this.file = properties.keyFile();
        // TSUNAGU_AUDIT_KEY binds to this name; it is read here rather than bound to the properties
        // record, so that the key never appears among the settings
        String value = environment.getProperty("tsunagu.audit.key");
        this.fromEnvironment = value == null || value.isBlank() ? null : value;
        this.ring = fromEnvironment != null ? parseEnvironment(fromEnvironment) : loadOrCreate();
    }

    /** The key new rows and checkpoints are signed with. */
    Key current() {
        reloadIfChanged();
        return ring.current();
    }

    /** The key with this id, if the ring still holds it. */
    Optional<Key> byId(String id) {
        Key key = ring.keys().get(id);
        if (key == null) {
            reloadIfChanged();
            key = ring.keys().get(id);
        }
        return Optional.ofNullable(key);
    }

    /** Where the keys come from, for messages. */
    String source() {
        return fromEnvironment != null ? "環境変数 " + ENVIRONMENT_VARIABLE : file.toString();
    }

    boolean fromEnvironment() {
        return fromEnvironment != null;
    }

    /**
     * Appends a new key to the key file and makes it current; the older keys stay for the rows they
     * signed.
     *
     * @throws IllegalStateException when the keys come from the environment, which this process cannot change
     */
    synchronized Key rotate() throws IOException {
        if (fromEnvironment()) {
            throw new IllegalStateException("鍵は環境変数 " + ENVIRONMENT_VARIABLE
                    + " から読んでいるため、ここでは更新できません。新しい鍵を末尾に加えて再起動してください: " + newSecretText());
        }
        Key key = newKey();
        String content = Files.readString(file, StandardCharsets.UTF_8);
        OwnerOnlyFiles.write(file, (content.endsWith("\n") ? content : content + "\n") + line(key));
        ring = parseFile();
        return ring.current();
    }

    /** A new random key, base64 as the environment variable takes it. */
    static String newSecretText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(newKey().secret());
    }

    private void reloadIfChanged() {
        if (fromEnvironment()) {
            return;
        }
        try {
            if (!Files.getLastModifiedTime(file).equals(ring.loaded())) {
                ring = parseFile();
            }
        } catch (IOException | IllegalStateException e) {
            log.warn("アクセス記録の鍵ファイル {} を読み直せません。読み込み済みの鍵を使い続けます: {}", file, e.getMessage());
        }
    }

    private Ring loadOrCreate() {
        try {
            if (!Files.exists(file) && OwnerOnlyFiles.createNew(file, HEADER + line(newKey()))) {
                log.warn("アクセス記録の鍵を作成しました: {} (所有者だけが読めます)。データベースとは別に保管してください", file);
            }
            if (!OwnerOnlyFiles.isOwnerOnly(file)) {
                log.warn("アクセス記録の鍵ファイル {} を所有者以外も読めます。chmod 600 にしてください", file);
            }
            return parseFile();
        } catch (IOException e) {
            throw new UncheckedIOException("アクセス記録の鍵ファイルを読めません: " + file, e);
        }
    }

    private Ring parseFile() {
        try {
            FileTime loaded = Files.getLastModifiedTime(file);
            Map<String, Key> keys = new LinkedHashMap<>();
            Key current = null;
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i).strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] fields = text.split("\\s+");
                Key key = key(fields.length > 1 ? fields[1] : "", file + " の " + (i + 1) + " 行目");
                if (!key.id().equals(fields[0])) {
                    throw new IllegalStateException(file + " の " + (i + 1) + " 行目: 鍵ID " + fields[0]
                            + " が鍵と合いません (鍵から求めたIDは " + key.id() + ")");
                }
                keys.put(key.id(), key);
                current = key;
            }
            if (current == null) {
                throw new IllegalStateException("アクセス記録の鍵ファイル " + file + " に鍵がありません");
            }
            return new Ring(Map.copyOf(keys), current, loaded);
        } catch (IOException e) {
            throw new UncheckedIOException("アクセス記録の鍵ファイルを読めません: " + file, e);
        }
    }

    private static Ring parseEnvironment(String value) {
        Map<String, Key> keys = new LinkedHashMap<>();
        Key current = null;
        List<String> parts = new ArrayList<>(List.of(value.strip().split("[,\\s]+")));
        for (int i = 0; i < parts.size(); i++) {
            current = key(parts.get(i), ENVIRONMENT_VARIABLE + " の " + (i + 1) + " 番目の鍵");
            keys.put(current.id(), current);
        }
        return new Ring(Map.copyOf(keys), current, null);
    }

    private static Key key(String base64, String where) {
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(base64.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": 鍵が base64 ではありません");
        }
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(where + ": 鍵が短すぎます (" + MIN_KEY_BYTES + " バイト以上、base64 で 43 文字以上)");
        }
        return new Key(id(secret), secret);
    }

    /** A short fingerprint of the key; it tells which key signed a row and reveals nothing of it. */
    static String id(byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("tsunagu audit key id\n".getBytes(StandardCharsets.UTF_8));
            return "k" + HexFormat.of().formatHex(sha.digest(secret), 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Key newKey() {
        byte[] secret = new byte[MIN_KEY_BYTES];
        RANDOM.nextBytes(secret);
        return new Key(id(secret), secret);
    }

    private static String line(Key key) {
        return key.id() + " " + Base64.getUrlEncoder().withoutPadding().encodeToString(key.secret()) + " "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
    }
}
