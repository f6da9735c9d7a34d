package jp.tsunagu.security;

import java.util.List;
import java.util.Map;

/**
 * What one request got: its status, its decoded body, and the audit rows written since just before it
 * (found by sequence number, not by counting).
 *
 * @param failure what was thrown out of the application instead of an answer, or {@code null}
 */
record Answer(int status, String redirect, Decoded body, List<AuditRow> audit, String failure) {

    /** One row of the audit trail. */
    record AuditRow(long seq, String actor, String action, String personKey, Map<String, String> detail,
            boolean flagged) {
    }

    /** A login page, a 401 or a 403: the request was refused before any handler. */
    boolean refused() {
        return status == 401 || status == 403 || status == 302 && redirect != null && redirect.contains("/login");
    }
}
