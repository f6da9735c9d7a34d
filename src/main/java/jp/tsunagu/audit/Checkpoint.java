package jp.tsunagu.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed checkpoint of the chain's head (チェックポイント): at this time the chain ended at row
 * {@code seq} with this hash. It is kept outside the database, one line per checkpoint, and signed
 * with HMAC-SHA256 under a key of the ring, so that the database's superuser can neither rewrite the
 * rows a checkpoint covers nor remove them, and cannot forge a checkpoint without the key.
 *
 * @param keyId the key that signed it
 * @param mac HMAC-SHA256 of {@link #signedText()}
 */
record Checkpoint(Instant at, long seq, byte[] hash, String keyId, byte[] mac) {

    static final String MARK = "TSUNAGU-AUDIT-CHECKPOINT";

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern LINE = Pattern.compile(
            Pattern.quote(MARK) + " at=(\\S+) seq=(\\d+) hash=([0-9a-f]{64}) key=(\\S+) mac=([0-9a-f]{64})");

    static Checkpoint sign(Instant at, long seq, byte[] hash, AuditKeys.Key key) {
        Checkpoint unsigned = new Checkpoint(at, seq, hash, key.id(), new byte[0]);
        return new Checkpoint(at, seq, hash, key.id(), unsigned.macUnder(key));
    }

    /**
     * Reads one line of the checkpoint file.
     *
     * @throws IllegalArgumentException when the line is not a checkpoint
     */
    static Checkpoint parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("チェックポイントの形式ではありません");
        }
        try {
            return new Checkpoint(Instant.parse(m.group(1)), Long.parseLong(m.group(2)), HEX.parseHex(m.group(3)),
                    m.group(4), HEX.parseHex(m.group(5)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("チェックポイントの形式ではありません");
        }
    }

    /** The line as written to the file and the log. */
    String line() {
        return signedText() + " mac=" + HEX.formatHex(mac);
    }

    String signedText() {
        return MARK + " at=" + at + " seq=" + seq + " hash=" + HEX.formatHex(hash) + " key=" + keyId;
    }

    boolean signedBy(AuditKeys.Key key) {
        return key.id().equals(keyId) && MessageDigest.isEqual(macUnder(key), mac);
    }

    private byte[] macUnder(AuditKeys.Key key) {
        return key.mac().doFinal(signedText().getBytes(StandardCharsets.UTF_8));
    }
}
