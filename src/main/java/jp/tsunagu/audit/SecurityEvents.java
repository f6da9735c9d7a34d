package jp.tsunagu.audit;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The latest security events of the audit trail (セキュリティ上の出来事) for the administrators'
 * screens, which are not the auditors' search: only actions about logins, read without recording
 * the read (they hold no resident's data).
 */
@Component
public class SecurityEvents {

    /** How many entries a screen lists. */
    public static final int LIMIT = 100;

    private final AuditQueries queries;

    SecurityEvents(AuditQueries queries) {
        this.queries = queries;
    }

    /** Logins refused for a while after repeated failures, and their lifting: the latest {@link #LIMIT}, newest first. */
    public List<AuditEntry> loginThrottles() {
        return queries.latest(AuditAction.LOGIN_THROTTLED, LIMIT);
    }
}
