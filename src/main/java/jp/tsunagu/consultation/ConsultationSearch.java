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
     * The hits, audited as one search ({@code screen} names where: html, api). With words, at most two statements
     * find them (see {@link #WINDOW}), each with the access rule and the filters in its WHERE, newest first,
     * limited, reading the hits' headings and matched texts; one more asks the person index for the names.
     */
    public List<Hit> search(Viewer viewer, Query q, String screen) {
        Plan plan = statements(access.scope(viewer), q);
        List<Hit> found = hits(plan.first());
        if (plan.fallback() != null && found.size() < plan.limit()) {
            found = hits(plan.fallback());
        }
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

    private List<Hit> hits(Statement statement) {
        return jdbc.sql(statement.sql()).params(statement.params()).query((rs, i) -> new Hit(store.summary(rs, 1),
                rs.getString(ConsultationStore.SUMMARY_WIDTH + 1), Map.of())).list();
    }

    /**
     * The plans PostgreSQL chooses for this search ({@code EXPLAIN (ANALYZE, BUFFERS)}) — the newest records'
     * statement, and the index's when that one found fewer than the limit — for the benchmark to show which index
     * answered: they run the statements but return only the plans (row counts and times, no record), and so write
     * no audit row.
     */
    public List<String> plan(Viewer viewer, Query q) {
        Plan plan = statements(access.scope(viewer), q);
        List<String> lines = new java.util.ArrayList<>(explain(plan.first()));
        if (plan.fallback() != null && hits(plan.first()).size() < plan.limit()) {
            lines.add("-- fewer than " + plan.limit() + " in the newest " + WINDOW + " records: from the index");
            lines.addAll(explain(plan.fallback()));
        }
        return lines;
    }

    private List<String> explain(Statement statement) {
        return jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql()).params(statement.params())
                .query(String.class).list();
    }

    /** One statement with its parameters. */
    private record Statement(String sql, Map<String, Object> params) {
    }

    /** The statement to run first and, with words, the one to run when the first found fewer than the limit. */
    private record Plan(Statement first, Statement fallback, int limit) {
    }

    /**
     * How many of the newest records (that the viewer sees whole and the filters keep) a search with words reads
     * first, checking each one's entries through the index of a record's entries and stopping at the limit. A word
     * found in the limit's number of these records is answered by them, exactly (every other record is older); a
     * rarer one (under 50 in 3,000: 1.7 %) by the GIN index, from all the entries that match, which are then few.
     * The search does not let PostgreSQL choose between the two: its estimate of how many entries match is often
     * wrong by a hundred times here — the parts of a compound (短期｜入所, 成年｜後見) and the grams of a place come
     * together, which the planner takes for independent words — and at 2.4 million entries a wrong guess cost
     * seconds: every match of a common word fetched and sorted, or the GIN index searched once per record for a
     * rare one (docs/benchmarks.md).
     */
    static final int WINDOW = 3000;

    private Plan statements(ConsultationAccess.Scope scope, Query q) {
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
        if (tsquery == null) {
            return new Plan(new Statement(HEADINGS.formatted(ConsultationStore.SUMMARY_COLUMNS, ACCOUNT,
                    "SELECT c.* FROM consultation c WHERE " + where), params), null, limit);
        }
        params.put("tsquery", tsquery);
        params.put("window", WINDOW);
        // "(… @@ …) IS TRUE" is not a condition the GIN index can take: the entries of one record are read through
        // their own index (a handful of rows), never through the whole index once per record
        String newest = """
                SELECT c.* FROM (SELECT c.* FROM consultation c WHERE %s
                                  ORDER BY c.received_at DESC, c.id DESC LIMIT :window) c
                 WHERE EXISTS (SELECT 1 FROM consultation_entry e
                                WHERE e.consultation_id = c.id AND (e.search @@ CAST(:tsquery AS tsquery)) IS TRUE)"""
                .formatted(where);
        String fromIndex = """
                WITH matched AS MATERIALIZED (
                    SELECT DISTINCT e.consultation_id FROM consultation_entry e
                     WHERE e.search @@ CAST(:tsquery AS tsquery))
                SELECT c.* FROM consultation c JOIN matched ON matched.consultation_id = c.id WHERE %s"""
                .formatted(where);
        return new Plan(new Statement(HEADINGS.formatted(ConsultationStore.SUMMARY_COLUMNS, MATCHED, newest), params),
                new Statement(HEADINGS.formatted(ConsultationStore.SUMMARY_COLUMNS, MATCHED, fromIndex), params),
                limit);
    }

    /** The headings and texts of the newest {@code :limit} records a query ({@code c}) finds. */
    private static final String HEADINGS = """
            SELECT %s, %s
              FROM (SELECT c.* FROM (%s) c ORDER BY c.received_at DESC, c.id DESC LIMIT :limit) c
             ORDER BY c.received_at DESC, c.id DESC""";

    /** The newest entry of the record that matches the words. */
    private static final String MATCHED = """
            (SELECT m.body FROM consultation_entry m
              WHERE m.consultation_id = c.id AND (m.search @@ CAST(:tsquery AS tsquery)) IS TRUE
              ORDER BY m.id DESC LIMIT 1)""";

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
