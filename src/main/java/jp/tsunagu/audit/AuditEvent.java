package jp.tsunagu.audit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of the audit trail (アクセス記録).
 *
 * @param actor the user (or {@code system}, or the name typed at a failed login)
 * @param action what was done
 * @param personKey whose data, when it concerns one person
 * @param detail what exactly: search terms and result count, sections viewed, file, reason …
 * @param flagged shown to auditors first: 支援措置 persons, break-glass
 */
public record AuditEvent(String actor, AuditAction action, String personKey, Map<String, String> detail,
        boolean flagged) {

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        detail = detail == null ? Map.of() : new TreeMap<>(detail);
    }

    public static AuditEvent of(String actor, AuditAction action, Map<String, String> detail) {
        return new AuditEvent(actor, action, null, detail, false);
    }

    /** The detail as canonical JSON (keys sorted): the form that is stored and hashed. */
    String detailJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : detail.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.string(sb, e.getKey());
            sb.append(':');
            Json.string(sb, e.getValue() == null ? "" : e.getValue());
        }
        return sb.append('}').toString();
    }
}
