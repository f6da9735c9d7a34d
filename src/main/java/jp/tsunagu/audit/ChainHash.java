package jp.tsunagu.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The hash of one link: SHA-256 over the previous hash and the row's fields, unambiguously joined. */
final class ChainHash {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private ChainHash() {
    }

    static byte[] of(byte[] previous, long seq, OffsetDateTime at, String actor, String action, String personKey,
            String detail, boolean flagged) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            for (String part : new String[] {Long.toString(seq), AT.format(at.withOffsetSameInstant(ZoneOffset.UTC)),
                    actor, action, personKey == null ? "\u0000" : personKey, detail, flagged ? "1" : "0"}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                sha.update(bytes);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
