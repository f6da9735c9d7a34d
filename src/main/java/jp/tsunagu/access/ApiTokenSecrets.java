package jp.tsunagu.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret of an API token: 32 random bytes, handed out once as {@code tsunagu_<base64url>} and
 * kept only as their SHA-256. A plain hash is enough (no bcrypt): the secret has 256 bits of
 * entropy, so there is nothing to guess, and a fast hash keeps every API call cheap.
 */
final class ApiTokenSecrets {

    static final String PREFIX = "tsunagu_";
    static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** 32 bytes are 43 base64url characters without padding. */
    private static final int ENCODED_LENGTH = 43;

    private ApiTokenSecrets() {
    }

    /** A new token as given to the other system. */
    static String next() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return PREFIX + ENCODER.encodeToString(secret);
    }

    /** The stored hash of a token, or nothing when the text is not shaped like one of ours. */
    static Optional<byte[]> hashOf(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + ENCODED_LENGTH) {
            return Optional.empty();
        }
        byte[] secret;
        try {
            secret = DECODER.decode(token.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return secret.length == SECRET_BYTES ? Optional.of(sha256(secret)) : Optional.empty();
    }

    /** Compares two hashes in time independent of where they differ. */
    static boolean sameHash(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
