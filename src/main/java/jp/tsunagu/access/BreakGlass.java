package jp.tsunagu.access;

import java.time.Instant;

/** An open 緊急閲覧: one user may see one person's full detail until it expires. */
public record BreakGlass(long id, String username, String personKey, String reason, Instant openedAt,
        Instant expiresAt) {
}
