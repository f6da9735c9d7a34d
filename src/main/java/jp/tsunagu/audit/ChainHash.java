package jp.tsunagu.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import javax.crypto.Mac;

/**
 * The hash of one link: over the previous hash and the row's fields, each length-prefixed. Rows are
 * hashed with HMAC-SHA256 under a key kept outside the database ({@link AuditKeys}), so that whoever
 * can write to the database cannot recompute the chain after changing a row; rows written before
 * keys were introduced keep their plain SHA-256 ({@link #unkeyed}).
 */
final class ChainHash {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private ChainHash() {
    }

    /** HMAC-SHA256 with the given, initialised MAC (which is reset and can be used again). */
    static byte[] keyed(Mac mac, byte[] previous, long seq, OffsetDateTime at, String actor, String action,
            String personKey, String detail, boolean flagged) {
        feed(mac::update, previous, seq, at, actor, action, personKey, detail, flagged);
        return mac.doFinal();
    }

    /** The plain SHA-256 of rows written before keyed hashing (key id {@code NULL}). */
    static byte[] unkeyed(byte[] previous, long seq, OffsetDateTime at, String actor, String action,
            String personKey, String detail, boolean flagged) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            feed(sha::update, previous, seq, at, actor, action, personKey, detail, flagged);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void feed(Consumer<byte[]> sink, byte[] previous, long seq, OffsetDateTime at, String actor,
            String action, String personKey, String detail, boolean flagged) {
        sink.accept(previous);
        for (String part : new String[] {Long.toString(seq), AT.format(at.withOffsetSameInstant(ZoneOffset.UTC)),
                actor, action, personKey == null ? "\u0000" : personKey, detail, flagged ? "1" : "0"}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sink.accept(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                    (byte) (bytes.length >>> 8), (byte) bytes.length});
            sink.accept(bytes);
        }
    }
}
