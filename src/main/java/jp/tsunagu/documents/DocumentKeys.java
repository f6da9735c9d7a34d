package jp.tsunagu.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.tsunagu.platform.OwnerOnlyFiles;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The master key of the attachments (添付の暗号鍵): it wraps each file's own data key (AES-GCM) and names the
 * files on disk. Read from {@code TSUNAGU_DOCUMENTS_KEY} (base64, 32 bytes) or the key file, which is generated
 * owner-only (0600) at the first start, beside the database's folder and never inside the files' folder: a
 * copied disk of files alone reveals nothing.
 */
@Component
class DocumentKeys {

    static final String ENVIRONMENT_VARIABLE = "TSUNAGU_DOCUMENTS_KEY";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HEADER = """
            # Tsunagu 添付ファイルの暗号鍵 (AES-256)。所有者だけが読めるようにしてください (chmod 600)。
            # この鍵を失うと添付ファイルは読めなくなります。データベースとは別にバックアップしてください。
            """;

    private final byte[] master;
    private final String id;
    private final byte[] nameKey;

    DocumentKeys(DocumentsProperties properties, Environment environment) {
        String value = environment.getProperty("tsunagu.documents.key");
        this.master = value != null && !value.isBlank() ? decode(value.strip(), ENVIRONMENT_VARIABLE)
                : loadOrCreate(properties.keyFile());
        this.id = HexFormat.of().formatHex(sha256(master)).substring(0, 8);
        this.nameKey = hmac(master, "storage-names".getBytes(StandardCharsets.US_ASCII));
    }

    /** The key that wraps data keys. */
    SecretKeySpec master() {
        return new SecretKeySpec(master, "AES");
    }

    /** A short id of the master key, written in each file's header so a file names the key it needs. */
    String id() {
        return id;
    }

    /** The name a content is stored under: a keyed hash of its SHA-256, so names reveal nothing. */
    String storageName(byte[] contentHash) {
        return HexFormat.of().formatHex(hmac(nameKey, contentHash));
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                OwnerOnlyFiles.createNew(file, HEADER + Base64.getEncoder().encodeToString(fresh) + "\n");
            }
            String key = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("添付ファイルの暗号鍵ファイルに鍵がありません: " + file));
            return decode(key, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("添付ファイルの暗号鍵を読めません: " + file, e);
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            key = Base64.getUrlDecoder().decode(base64);
        }
        if (key.length != 32) {
            throw new IllegalStateException("添付ファイルの暗号鍵は 32 バイト (base64) にしてください: " + where);
        }
        return key;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
