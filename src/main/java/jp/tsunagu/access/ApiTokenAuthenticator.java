package jp.tsunagu.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code Authorization: Bearer tsunagu_…} of an API request against the stored hashes.
 *
 * <p>The token is found by the SHA-256 of its secret, through the unique index, and the stored hash
 * is then compared in constant time. The index lookup's timing can only tell an attacker about the
 * hash of what they sent, not about any stored secret, and the final comparison does not depend on
 * where two hashes differ.
 */
@Component
class ApiTokenAuthenticator {

    /** How often a token's {@code last_used_at} is written at most, per application node. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    static final String SCHEME = "Bearer";

    enum Outcome { ACCEPTED, MALFORMED, UNKNOWN, REVOKED, EXPIRED }

    /** @param token the token when one was found (also when revoked or expired), else {@code null} */
    record Check(Outcome outcome, ApiToken token) {

        boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<Long, Instant> lastWritten = new ConcurrentHashMap<>();

    ApiTokenAuthenticator(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Whether a request offers a bearer token at all (of any shape). */
    static boolean offersBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && (authorization.length() == SCHEME.length()
                        || Character.isWhitespace(authorization.charAt(SCHEME.length())));
    }

    Check check(String authorization) {
        if (!offersBearer(authorization)) {
            return new Check(Outcome.MALFORMED, null);
        }
        Optional<byte[]> hash = ApiTokenSecrets.hashOf(authorization.substring(SCHEME.length()).strip());
        if (hash.isEmpty()) {
            return new Check(Outcome.MALFORMED, null);
        }
        Optional<StoredToken> stored = jdbc.sql("SELECT " + ApiTokenAdministration.COLUMNS + ", t.token_hash"
                        + ApiTokenAdministration.FROM + " WHERE t.token_hash = :h")
                .param("h", hash.get())
                .query((rs, i) -> new StoredToken(rs.getBytes(14), ApiTokenAdministration.token(rs, i)))
                .optional();
        if (stored.isEmpty() || !ApiTokenSecrets.sameHash(stored.get().hash(), hash.get())) {
            return new Check(Outcome.UNKNOWN, null);
        }
        ApiToken token = stored.get().token();
        if (token.revoked()) {
            return new Check(Outcome.REVOKED, token);
        }
        if (token.expiredAt(clock.instant())) {
            return new Check(Outcome.EXPIRED, token);
        }
        return new Check(Outcome.ACCEPTED, token);
    }

    /**
     * Notes that the token was used. Written at most once per {@link #LAST_USED_RESOLUTION} per
     * token, so that a busy counter system costs one small update a minute, not one per call.
     */
    void used(ApiToken token) {
        Instant now = clock.instant();
        Instant before = lastWritten.get(token.id());
        if (before != null && before.plus(LAST_USED_RESOLUTION).isAfter(now)) {
            return;
        }
        boolean mine = before == null ? lastWritten.putIfAbsent(token.id(), now) == null
                : lastWritten.replace(token.id(), before, now);
        if (mine) {
            jdbc.sql("UPDATE api_token SET last_used_at = :now WHERE id = :id")
                    .param("now", ApiTokenAdministration.utc(now)).param("id", token.id()).update();
        }
    }

    private record StoredToken(byte[] hash, ApiToken token) {
    }
}
