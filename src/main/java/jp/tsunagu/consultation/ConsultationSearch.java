package jp.tsunagu.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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

    /** One record found, with the text that matched (or the account). */
    public record Hit(ConsultationRecord record, String matched, Map<String, String> names) {
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

    /** The hits, audited as one search ({@code screen} names where: html, api). */
    public List<Hit> search(Viewer viewer, Query q, String screen) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        String tsquery = q.words() == null || q.words().isBlank() ? null : JapaneseText.query(q.words());
        if (q.words() != null && !q.words().isBlank() && tsquery == null) {
            throw new ConsultationRefused("検索する語がありません (助詞や記号だけでは検索できません)");
        }
        int limit = Math.max(1, Math.min(q.limit() <= 0 ? 50 : q.limit(), MAX_LIMIT));
        Map<Long, Long> matched = ids(scope, q, tsquery, limit);
        Map<Long, ConsultationRecord> records = store.load(matched.keySet());
        Map<Long, String> texts = texts(matched);
        Set<String> keys = new LinkedHashSet<>();
        records.values().forEach(r -> keys.addAll(r.personKeys()));
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
        detail.put("hits", String.join(",", matched.keySet().stream().map(String::valueOf).toList()));
        detail.put("persons", String.join(",", keys));
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, q.personKey(), detail, false));
        List<Hit> hits = new ArrayList<>();
        for (Long id : matched.keySet()) {
            ConsultationRecord r = records.get(id);
            if (r != null) {
                hits.add(new Hit(r, texts.getOrDefault(id, r.account()), names));
            }
        }
        return hits;
    }

    /** consultation id → the matching entry's id (or 0 without words), newest record first. */
    private Map<Long, Long> ids(ConsultationAccess.Scope scope, Query q, String tsquery, int limit) {
        StringBuilder where = new StringBuilder(scope.detailSql());
        if (q.category() != null && !q.category().isBlank()) {
            where.append(" AND c.category = :category");
        }
        if (q.department() != null && !q.department().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM consultation_department qd WHERE qd.consultation_id = c.id"
                    + " AND qd.department_id = :department)");
        }
        if (q.from() != null) {
            where.append(" AND c.received_at >= :from");
        }
        if (q.to() != null) {
            where.append(" AND c.received_at < :to");
        }
        if (q.personKey() != null && !q.personKey().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM consultation_person qp WHERE qp.consultation_id = c.id"
                    + " AND qp.person_key = :person)");
        }
        if (q.openOnly()) {
            where.append(" AND EXISTS (SELECT 1 FROM consultation_open qo WHERE qo.consultation_id = c.id)");
        }
        // with words: a record matches when one of its entries does. Written as EXISTS rather than a join and
        // GROUP BY, so that the planner may walk the newest records and stop at the limit (a common word) or
        // start from the GIN index (a rare one), whichever its statistics say is cheaper
        String sql = tsquery == null
                ? "SELECT c.id, 0 FROM consultation c WHERE " + where + " ORDER BY c.received_at DESC, c.id DESC LIMIT :limit"
                : """
                  SELECT c.id, (SELECT max(m.id) FROM consultation_entry m
                                 WHERE m.consultation_id = c.id AND m.search @@ CAST(:tsquery AS tsquery))
                    FROM consultation c
                   WHERE EXISTS (SELECT 1 FROM consultation_entry e
                                  WHERE e.consultation_id = c.id AND e.search @@ CAST(:tsquery AS tsquery))
                     AND %s
                   ORDER BY c.received_at DESC, c.id DESC LIMIT :limit""".formatted(where);
        JdbcClient.StatementSpec spec = scope.bind(jdbc.sql(sql)).param("limit", limit);
        if (tsquery != null) {
            spec = spec.param("tsquery", tsquery);
        }
        if (q.category() != null && !q.category().isBlank()) {
            spec = spec.param("category", q.category());
        }
        if (q.department() != null && !q.department().isBlank()) {
            spec = spec.param("department", q.department());
        }
        if (q.from() != null) {
            spec = spec.param("from", ConsultationStore.utc(start(q.from())));
        }
        if (q.to() != null) {
            spec = spec.param("to", ConsultationStore.utc(start(q.to().plusDays(1))));
        }
        if (q.personKey() != null && !q.personKey().isBlank()) {
            spec = spec.param("person", q.personKey().strip());
        }
        Map<Long, Long> ids = new LinkedHashMap<>();
        spec.query((rs, i) -> ids.put(rs.getLong(1), rs.getLong(2))).list();
        return ids;
    }

    private Map<Long, String> texts(Map<Long, Long> matched) {
        Map<Long, String> texts = new LinkedHashMap<>();
        Long[] entries = matched.entrySet().stream().filter(e -> e.getValue() != 0).map(Map.Entry::getValue)
                .toArray(Long[]::new);
        if (entries.length > 0) {
            jdbc.sql("SELECT consultation_id, body FROM consultation_entry WHERE id = ANY(:ids)").param("ids", entries)
                    .query((rs, i) -> texts.put(rs.getLong(1), rs.getString(2))).list();
        }
        return texts;
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(TokyoTime.ZONE).toInstant();
    }
}
