package jp.tsunagu.access;

import java.time.Instant;
import java.util.List;
import org.springframework.http.server.PathContainer;

/**
 * An API token (APIトークン) as stored, without its secret: which system holds it, the service
 * account it acts as, what it may call and receive, and whether it still works.
 *
 * @param serviceAccount the staff account the token's requests run as (role 閲覧者, one department)
 * @param endpoints path patterns under {@code /api/} the token may call
 * @param sources source IDs whose data the token may receive: empty for none, {@code *} for
 *     whatever the department is granted
 * @param expiresAt when it stops working by itself, or {@code null}
 * @param revokedAt when an administrator revoked it, or {@code null}
 * @param lastUsedAt the last call, to the minute, or {@code null}
 */
public record ApiToken(long id, String name, String serviceAccount, String departmentId, String departmentName,
        List<String> endpoints, List<String> sources, String createdBy, Instant createdAt, Instant expiresAt,
        Instant revokedAt, String revokedBy, Instant lastUsedAt) {

    public ApiToken {
        endpoints = List.copyOf(endpoints);
        sources = List.copyOf(sources);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean activeAt(Instant now) {
        return !revoked() && !expiredAt(now);
    }

    /** Whether the token may call this path (relative to the application); never outside {@code /api/}. */
    boolean allows(PathContainer path) {
        return ApiTokenEndpoints.allows(endpoints, path);
    }

    public boolean allSources() {
        return sources.contains(ApiTokens.ALL_GRANTED_SOURCES);
    }
}
