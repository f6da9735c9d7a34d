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
import jp.tsunagu.platform.CpuSlots;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The list and full-text search of records (相談記録の一覧・検索): the records a viewer sees whole, newest first,
 * filtered by words of the accounts and notes (cut by kuromoji, matched in each record's GIN-indexed search row,
 * the union of its entries' words),
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

    private final SerialStatements serial;
    /**
     * At most one search's statements per core at once: with eight searches sharing two cores, a search that needs
     * a wider window took four times its own time; queued, it waits for those ahead and then runs at full speed.
     */
    private final CpuSlots slots;

    ConsultationSearch(JdbcClient jdbc, ConsultationStore store, ConsultationAccess access, ResidentIndex residents,
            AuditTrail audit, SerialStatements serial, ConsultationProperties properties) {
        this.jdbc = jdbc;
        this.slots = new CpuSlots(properties.searchSlots(), "相談記録の検索が中断されました");
        this.serial = serial;
        this.store = store;
        this.access = access;
        this.residents = residents;
        this.audit = audit;
    }

    /**
     * The hits, audited as one search ({@code screen} names where: html, api). Without words, one statement over the
     * records, newest first. With words, one statement a window of time (see {@link #windows}): the records' search
     * rows that have the words, were received in the window, pass the access rule and the filters — all conditions
     * of the one GIN index scan and the row it finds — the newest {@code limit}, with their headings and the entry
     * that matched; one more asks the person index for the names.
     */
    public List<Hit> search(Viewer viewer, Query q, String screen) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        Set<String> keys = new LinkedHashSet<>();
        Map<String, String> names = new LinkedHashMap<>();
        List<Hit> found = slots.run(() -> {
            List<Hit> hits = find(scope, q, null);
            hits.forEach(h -> keys.addAll(h.record().personKeys()));
            names.putAll(residents.names(keys));
            return hits;
        });
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
        Map<String, String> shown = java.util.Collections.unmodifiableMap(names);
        return found.stream().map(h -> new Hit(h.record(), h.matched(), shown)).toList();
    }

    /**
     * The hits; with {@code plans}, each statement's plan is added to it as it runs (for the benchmark). The
     * statements run in one transaction without parallel workers ({@link SerialStatements}): each reads at most a
     * window's matches.
     */
    private List<Hit> find(ConsultationAccess.Scope scope, Query q, List<String> plans) {
        Filters f = filters(scope, q);
        return serial.run(() -> find(f, q, plans));
    }

    private List<Hit> find(Filters f, Query q, List<String> plans) {
        if (f.tsquery() == null) {
            return run(listStatement(f), plans);
        }
        List<Hit> found = List.of();
        for (Window window : windows(q.from() == null ? null : start(q.from()),
                q.to() == null ? null : start(q.to().plusDays(1)))) {
            found = run(wordsStatement(f, q.words(), window), plans);
            if (found.size() >= f.limit()) {
                break;
            }
            if (plans != null && window.start() != null) {
                plans.add("-- " + found.size() + " of " + f.limit() + " received since " + window.start()
                        + " " + window.marks() + ": a wider window");
            }
        }
        return found;
    }

    private List<Hit> run(Statement statement, List<String> plans) {
        if (plans != null) {
            plans.addAll(jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql()).params(statement.params())
                    .query(String.class).list());
        }
        return jdbc.sql(statement.sql()).params(statement.params()).query((rs, i) -> new Hit(store.summary(rs, 1),
                rs.getString(ConsultationStore.SUMMARY_WIDTH + 1), Map.of())).list();
    }

    /**
     * The plans PostgreSQL runs for this search ({@code EXPLAIN (ANALYZE, BUFFERS)} of each statement, in the order
     * the search runs them), for the benchmark to show which index answered; no audit row is written (the plans
     * carry row counts and times, no record).
     */
    public List<String> plan(Viewer viewer, Query q) {
        List<String> plans = new java.util.ArrayList<>();
        find(access.scope(viewer), q, plans);
        return plans;
    }

    /** One statement with its parameters. */
    private record Statement(String sql, Map<String, Object> params) {
    }

    /** The search's conditions: on the records ({@code c}) for the list, on their search rows ({@code s}) for words. */
    private record Filters(String records, String rows, Map<String, Object> params, String tsquery, int limit) {
    }

    /**
     * A window of time the search asks: the records received since {@code start} (none: all), as the marks of
     * their lexemes that cover exactly those days (migration V8_2_0: {@code d} a Tokyo day, {@code w} a block of
     * eight days, {@code m} a block of 64, numbered from 1970-01-01).
     */
    record Window(List<String> marks, Instant start) {
    }

    /** Seconds from UTC to Tokyo, whose days the marks count. */
    private static final long TOKYO_OFFSET = 9 * 3600;

    /**
     * The windows, newest first, ending with the one without a start. The GIN index cannot give its matches newest
     * first; asked for the words alone, it gives all of them — a fifth of the records for a common word, which
     * PostgreSQL then fetches and sorts. Asked for the words marked with the newest two days, it fetches only the
     * matches of those days; when they are as many as the limit, they are the answer, exactly: every other match was
     * received earlier. Otherwise the next window is the newest four days, then the newest two blocks of eight days
     * (8 to 16 days), then of 64 days (64 to 128), then everything, where a word rare enough to get there has few matches. Each window is a
     * few lexemes with short posting lists, whatever the table's size. The days are those of the newest record
     * received (so that a city whose last record is from last week still starts with a full window); windows that
     * start before {@code from} (the query's own start, which bounds every window) and those that start after
     * {@code until} (the end of the query's last day: they hold none of its records) are left out.
     */
    List<Window> windows(Instant from, Instant until) {
        Instant newest = jdbc.sql("SELECT received_at FROM consultation ORDER BY received_at DESC, id DESC LIMIT 1")
                .query((rs, i) -> ConsultationStore.instant(rs, 1)).optional().orElse(null);
        List<Window> windows = new java.util.ArrayList<>();
        if (newest != null) {
            long day = Math.floorDiv(newest.getEpochSecond() + TOKYO_OFFSET, 86_400);
            long eight = Math.floorDiv(day, 8);
            long block = Math.floorDiv(day, 64);
            for (Window w : List.of(new Window(days(day, 2), dayStart(day - 1)),
                    new Window(days(day, 4), dayStart(day - 3)),
                    new Window(List.of("w" + eight + "|", "w" + (eight - 1) + "|"), dayStart(8 * (eight - 1))),
                    new Window(List.of("m" + block + "|", "m" + (block - 1) + "|"), dayStart(64 * (block - 1))))) {
                if ((from == null || w.start().isAfter(from)) && (until == null || w.start().isBefore(until))) {
                    windows.add(w);
                }
            }
        }
        windows.add(new Window(List.of(), null));
        return windows;
    }

    /** The marks of {@code n} days up to {@code day}. */
    private static List<String> days(long day, int n) {
        return java.util.stream.LongStream.range(0, n).mapToObj(i -> "d" + (day - i) + "|").toList();
    }

    private static Instant dayStart(long day) {
        return Instant.ofEpochSecond(day * 86_400 - TOKYO_OFFSET);
    }

    private Filters filters(ConsultationAccess.Scope scope, Query q) {
        String tsquery = q.words() == null || q.words().isBlank() ? null : JapaneseText.query(q.words());
        if (q.words() != null && !q.words().isBlank() && tsquery == null) {
            throw new ConsultationRefused("検索する語がありません (助詞や記号だけでは検索できません)");
        }
        int limit = Math.max(1, Math.min(q.limit() <= 0 ? 50 : q.limit(), MAX_LIMIT));
        Map<String, Object> params = new LinkedHashMap<>(scope.params());
        params.put("limit", limit);
        StringBuilder records = new StringBuilder(scope.detailSql());
        StringBuilder rows = new StringBuilder(scope.searchRowSql());
        if (q.category() != null && !q.category().isBlank()) {
            records.append(" AND c.category = :category");
            rows.append(" AND s.category = :category");
            params.put("category", q.category());
        }
        if (q.department() != null && !q.department().isBlank()) {
            records.append(" AND EXISTS (SELECT 1 FROM consultation_department qd WHERE qd.consultation_id = c.id"
                    + " AND qd.department_id = :department)");
            rows.append(" AND :department = ANY(s.departments)");
            params.put("department", q.department());
        }
        if (q.from() != null) {
            records.append(" AND c.received_at >= :from");
            rows.append(" AND s.received_at >= :from");
            params.put("from", ConsultationStore.utc(start(q.from())));
        }
        if (q.to() != null) {
            records.append(" AND c.received_at < :to");
            rows.append(" AND s.received_at < :to");
            params.put("to", ConsultationStore.utc(start(q.to().plusDays(1))));
        }
        if (q.personKey() != null && !q.personKey().isBlank()) {
            records.append(" AND EXISTS (SELECT 1 FROM consultation_person qp WHERE qp.consultation_id = c.id"
                    + " AND qp.person_key = :person)");
            rows.append(" AND :person = ANY(s.persons)");
            params.put("person", q.personKey().strip());
        }
        if (q.openOnly()) {
            records.append(" AND EXISTS (SELECT 1 FROM consultation_open qo WHERE qo.consultation_id = c.id)");
            rows.append(" AND EXISTS (SELECT 1 FROM consultation_open qo WHERE qo.consultation_id = s.consultation_id)");
        }
        if (tsquery != null) {
            params.put("tsquery", tsquery);
        }
        return new Filters(records.toString(), rows.toString(), params, tsquery, limit);
    }

    private static Statement listStatement(Filters f) {
        return new Statement(HEADINGS.formatted(ConsultationStore.SUMMARY_COLUMNS, ACCOUNT,
                "SELECT c.* FROM consultation c WHERE " + f.records()), f.params());
    }

    /**
     * The words' statement for one window: the newest {@code :limit} search rows with the words in the window (its
     * marked lexemes; the last window: the words themselves) that the viewer sees whole and the filters keep, with
     * their records' headings.
     */
    private static Statement wordsStatement(Filters f, String words, Window window) {
        Map<String, Object> params = new LinkedHashMap<>(f.params());
        String match = "s.words @@ CAST(:tsquery AS tsquery)";
        if (window.start() != null) {
            match = "consultation_marks(s.words, s.received_at) @@ CAST(:marked AS tsquery)";
            params.put("marked", JapaneseText.marked(words, window.marks()));
        }
        String found = """
                SELECT c.* FROM consultation c JOIN (
                    SELECT s.consultation_id FROM consultation_search s
                     WHERE %s AND %s
                     ORDER BY s.received_at DESC, s.consultation_id DESC LIMIT :limit) h ON h.consultation_id = c.id"""
                .formatted(match, f.rows());
        return new Statement(HEADINGS.formatted(ConsultationStore.SUMMARY_COLUMNS, "coalesce(" + MATCHED + ", "
                + ACCOUNT + ")", found), params);
    }

    /** The headings and texts of the newest {@code :limit} records a query ({@code c}) finds. */
    private static final String HEADINGS = """
            SELECT %s, %s
              FROM (SELECT c.* FROM (%s) c ORDER BY c.received_at DESC, c.id DESC LIMIT :limit) c
             ORDER BY c.received_at DESC, c.id DESC""";

    /**
     * The newest entry of the record that matches the words (a record whose words are spread over several entries
     * has none: its account is shown).
     */
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
