package jp.tsunagu.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The list and full-text search of records (相談記録の一覧・検索): the records a viewer sees whole, newest first,
 * filtered by words of the accounts and notes (cut by kuromoji, matched in the GIN-indexed {@code tsvector}),
 * category, department, date received and person. The access rule is part of the SQL, so a record the viewer
 * may not see is never a hit, and not counted. Every answer is written to the audit trail with its hits.
 */
@Service
public class ConsultationSearch {

    public static final int MAX_LIMIT = 200;

    /**
     * What to look for; every part may be empty.
     *
     * @param words words of the accounts (全文検索)
     * @param department records of this department (recorded, shared or referred)
     * @param from received on or after this day (Tokyo)
     * @param to received on or before this day
     * @param personKey records about this person
     * @param openOnly only records not closed
     */
    public record Query(String words, String category, String department, LocalDate from, LocalDate to,
            String personKey, boolean openOnly, int limit) {
    }

    /** One record found, with the text that matched (or the account as it stands). */
    public record Hit(ConsultationSummary record, String matched, Map<String, String> names) {
    }

    private final JdbcClient jdbc;
    private final ConsultationStore store;
    private final ConsultationAccess access;
    private final ResidentIndex residents;
    private final AuditTrail audit;

    ConsultationSearch(JdbcClient jdbc, ConsultationStore store, ConsultationAccess access, ResidentIndex residents,
            AuditTrail audit) {
        this.jdbc = jdbc;
        this.store = store;
        this.access = access;
        this.residents = residents;
        this.audit = audit;
    }

    /**
     * The hits, audited as one search ({@code screen} names where: html, api). One statement finds them —
     * the access rule, the filters and the words in its WHERE, newest first, limited — and reads their headings
     * and matched texts; a second asks the person index for the names.
     */
    public List<Hit> search(Viewer viewer, Query q, String screen) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        Statement statement = statement(scope, q);
        List<Hit> found = jdbc.sql(statement.sql()).params(statement.params()).query((rs, i) -> new Hit(store.summary(rs, 1),
                rs.getString(ConsultationStore.SUMMARY_WIDTH + 1), Map.of())).list();
        Set<String> keys = new LinkedHashSet<>();
        found.forEach(h -> keys.addAll(h.record().personKeys()));
        Map<String, String> names = residents.names(keys);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "consultation." + screen);
        detail.put("q", q.words() == null ? "" : q.words());
        if (q.category() != null) {
            detail.put("category", q.category());
        }
        if (q.department() != null) {
            detail.put("department", q.department());
        }
        if (q.personKey() != null) {
            detail.put("person", q.personKey());
        }
        detail.put("hits", String.join(",", found.stream().map(h -> String.valueOf(h.record().id())).toList()));
        detail.put("persons", String.join(",", keys));
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, q.personKey(), detail, false));
        return found.stream().map(h -> new Hit(h.record(), h.matched(), names)).toList();
    }

    /**
     * The plan PostgreSQL chooses for this search ({@code EXPLAIN (ANALYZE, BUFFERS)}), for the benchmark to show
     * which index answered: it runs the statement but returns only the plan — row counts and times, no record —
     * and so writes no audit row.
     */
    public List<String> plan(Viewer viewer, Query q) {
        Statement statement = statement(access.scope(viewer), q);
        return jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql()).params(statement.params())
                .query(String.class).list();
    }

    /** The search's one statement with its parameters. */
    private record Statement(String sql, Map<String, Object> params) {
    }

    private Statement statement(ConsultationAccess.Scope scope, Query q) {
        String tsquery = q.words() == null || q.words().isBlank() ? null : JapaneseText.query(q.words());
        if (q.words() != null && !q.words().isBlank() && tsquery == null) {
            throw new ConsultationRefused("検索する語がありません (助詞や記号だけでは検索できません)");
        }
        int limit = Math.max(1, Math.min(q.limit() <= 0 ? 50 : q.limit(), MAX_LIMIT));
        Map<String, Object> params = new LinkedHashMap<>(scope.params());
        params.put("limit", limit);
        StringBuilder where = new StringBuilder(scope.detailSql());
        if (q.category() != null && !q.category().isBlank()) {
            where.append(" AND c.category = :category");
            params.put("category", q.category());
        }
        if (q.department() != null && !q.department().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM consultation_department qd WHERE qd.consultation_id = c.id"
                    + " AND qd.department_id = :department)");
            params.put("department", q.department());
        }
        if (q.from() != null) {
            where.append(" AND c.received_at >= :from");
            params.put("from", ConsultationStore.utc(start(q.from())));
        }
        if (q.to() != null) {
            where.append(" AND c.received_at < :to");
            params.put("to", ConsultationStore.utc(start(q.to().plusDays(1))));
        }
        if (q.personKey() != null && !q.personKey().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM consultation_person qp WHERE qp.consultation_id = c.id"
                    + " AND qp.person_key = :person)");
            params.put("person", q.personKey().strip());
        }
        if (q.openOnly()) {
            where.append(" AND EXISTS (SELECT 1 FROM consultation_open qo WHERE qo.consultation_id = c.id)");
        }
        String matched;
        if (tsquery == null) {
            matched = ACCOUNT;
        } else {
            params.put("tsquery", tsquery);
            // a record matches when one of its entries does. Written as EXISTS rather than a join and GROUP BY, so
            // that the planner may walk the newest records and stop at the limit (a common word) or start from the
            // GIN index (a rare one), whichever its statistics say is cheaper
            where.append(" AND EXISTS (SELECT 1 FROM consultation_entry e"
                    + " WHERE e.consultation_id = c.id AND e.search @@ CAST(:tsquery AS tsquery))");
            matched = """
                    (SELECT m.body FROM consultation_entry m
                      WHERE m.consultation_id = c.id AND m.search @@ CAST(:tsquery AS tsquery) ORDER BY m.id DESC LIMIT 1)""";
        }
        String sql = """
                SELECT %s, %s
                  FROM (SELECT c.* FROM consultation c WHERE %s
                         ORDER BY c.received_at DESC, c.id DESC LIMIT :limit) c
                 ORDER BY c.received_at DESC, c.id DESC""".formatted(ConsultationStore.SUMMARY_COLUMNS, matched, where);
        return new Statement(sql, params);
    }

    /** The account as it stands: the opening text, or its last correction. */
    private static final String ACCOUNT = """
            (SELECT a.body FROM consultation_entry a
              WHERE a.consultation_id = c.id
                AND (a.kind = 'OPENED' OR a.kind = 'CORRECTION' AND a.refers_to =
                     (SELECT o.id FROM consultation_entry o WHERE o.consultation_id = c.id AND o.kind = 'OPENED'
                       ORDER BY o.id LIMIT 1))
              ORDER BY a.id DESC LIMIT 1)""";

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(TokyoTime.ZONE).toInstant();
    }
}
