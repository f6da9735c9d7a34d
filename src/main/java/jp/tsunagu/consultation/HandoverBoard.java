package jp.tsunagu.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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
 * The hand-over board (引継ぎボード): across the records the viewer sees whole, every open urgent record, every
 * running statutory clock, every referral not yet accepted and every follow-up due up to the next working day,
 * grouped by person, the alarming ones (an overdue clock, a referral waiting longer than
 * {@code referral-flag-after}, a follow-up past its day) first. What the staff on call on a Friday evening need
 * when the person who knows the case has gone home. Each look is audited with the records it showed.
 */
@Service
public class HandoverBoard {

    static final int MAX_RECORDS = 500;

    /** What kind of open item (ボードの項目). */
    public enum ItemKind {
        URGENT("緊急・未終結"), CLOCK("期限"), REFERRAL("受理待ちのつなぎ"), FOLLOW_UP("対応予定");

        private final String label;

        ItemKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One open item of a record.
     *
     * @param due when it is due: the clock, the flag time of a referral, the follow-up's day (start of day)
     * @param alarming shown red: overdue clock, referral waiting too long, follow-up past its day
     * @param entry the referral or follow-up entry, {@code null} for the record itself
     */
    public record Item(ItemKind kind, ConsultationSummary record, Instant due, boolean alarming, Entry entry) {
    }

    /** A person's open items (an unidentified person is a group of their own, keyed by the record). */
    public record Group(String personKey, String title, List<Item> items) {

        public boolean alarming() {
            return items.stream().anyMatch(Item::alarming);
        }
    }

    public record Board(Instant at, LocalDate nextWorkingDay, List<Group> groups, int records,
            Map<String, String> departmentNames) {
    }

    private final JdbcClient jdbc;
    private final ConsultationStore store;
    private final ConsultationAccess access;
    private final ConsultationProperties properties;
    private final WorkingDays workingDays;
    private final ResidentIndex residents;
    private final AuditTrail audit;
    private final TokyoTime time;
    private final Departments departments;
    private final SerialStatements serial;

    HandoverBoard(JdbcClient jdbc, ConsultationStore store, ConsultationAccess access,
            ConsultationProperties properties, WorkingDays workingDays, ResidentIndex residents, AuditTrail audit,
            TokyoTime time, Departments departments, SerialStatements serial) {
        this.jdbc = jdbc;
        this.serial = serial;
        this.store = store;
        this.access = access;
        this.properties = properties;
        this.workingDays = workingDays;
        this.residents = residents;
        this.audit = audit;
        this.time = time;
        this.departments = departments;
    }

    /**
     * The board now, for this viewer; {@code screen} says where it is shown (html, api, print, live). One statement
     * reads it: the open items (from the small tables of what is open), the access rule, the newest
     * {@value #MAX_RECORDS} records' headings and each item's own entry — not the records' other entries.
     */
    public Board board(Viewer viewer, String screen) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        Instant now = time.now().toInstant();
        LocalDate next = workingDays.next(time.today());
        Map<Long, ConsultationSummary> records = new LinkedHashMap<>();
        Map<Long, String> unidentified = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        int first = 3 + ConsultationStore.SUMMARY_WIDTH;
        serial.run(() -> statement(jdbc.sql(SQL.formatted(scope.searchRowSql(), ConsultationStore.SUMMARY_COLUMNS,
                ConsultationStore.ENTRY_COLUMNS)), scope, next)
                .query((rs, i) -> {
                    ConsultationSummary r = records.computeIfAbsent(rs.getLong(2), id -> summary(rs));
                    if (r.personKeys().isEmpty()) {
                        unidentified.put(r.id(), unidentifiedTitle(ConsultationStore.detail(rs.getString(first - 1))));
                    }
                    Entry entry = rs.getObject(first) == null ? null : ConsultationStore.entry(rs, first);
                    items.add(item(r, ItemKind.valueOf(rs.getString(1)), entry, now));
                    return null;
                }).list());
        Set<String> keys = new LinkedHashSet<>();
        records.values().forEach(r -> keys.addAll(r.personKeys()));
        Map<String, String> names = residents.names(keys);
        List<Group> groups = group(items, names, unidentified);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "consultation.board." + screen);
        detail.put("records", String.join(",", records.keySet().stream().map(String::valueOf).toList()));
        detail.put("persons", String.join(",", keys));
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, detail, false));
        return new Board(now, next, groups, records.size(), departments.names());
    }

    /**
     * The plan PostgreSQL runs for this viewer's board ({@code EXPLAIN (ANALYZE, BUFFERS)} of its one statement),
     * for the benchmark to show that it starts from the small tables of what is open; it returns only the plan (row
     * counts and times, no record), so no audit row is written.
     */
    public List<String> plan(Viewer viewer) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        return serial.run(() -> statement(jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + SQL.formatted(scope.searchRowSql(),
                ConsultationStore.SUMMARY_COLUMNS, ConsultationStore.ENTRY_COLUMNS)), scope,
                workingDays.next(time.today())).query(String.class).list());
    }

    private static JdbcClient.StatementSpec statement(JdbcClient.StatementSpec sql, ConsultationAccess.Scope scope,
            LocalDate next) {
        return sql.params(scope.params()).param("next", next).param("itemLimit", MAX_RECORDS * 4)
                .param("recordLimit", MAX_RECORDS);
    }

    /**
     * The board's statement: the open items (at most {@code itemLimit}, newest records first) of the records the
     * viewer sees whole (the access rule on each record's search row, which carries its category, departments and
     * persons: one primary-key probe an item, where the rule on the record itself asks two more tables), the newest {@code recordLimit} of those records with their headings (and, for a record
     * about no identified person, its first unidentified subject's description), each item with its entry.
     */
    private static final String SQL = """
            WITH items AS (
                SELECT o.consultation_id, 'URGENT' AS kind, NULL::bigint AS ref FROM consultation_open o
                 WHERE o.urgency = 'URGENT'
                UNION ALL
                SELECT o.consultation_id, 'CLOCK', NULL FROM consultation_open o
                 WHERE o.clock_due IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM consultation_entry x
                                    WHERE x.consultation_id = o.consultation_id AND x.kind = 'CONFIRMATION')
                UNION ALL
                SELECT r.consultation_id, 'REFERRAL', r.entry_id FROM consultation_pending_referral r
                UNION ALL
                SELECT f.consultation_id, 'FOLLOW_UP', f.entry_id FROM consultation_open_follow_up f
                 WHERE f.due_on <= :next),
            visible AS (
                SELECT i.consultation_id, i.kind, i.ref, s.received_at
                  FROM items i JOIN consultation_search s ON s.consultation_id = i.consultation_id
                 WHERE %1$s
                 ORDER BY s.received_at DESC, s.consultation_id DESC LIMIT :itemLimit),
            newest AS (
                SELECT consultation_id FROM visible GROUP BY consultation_id
                 ORDER BY max(received_at) DESC, consultation_id DESC LIMIT :recordLimit),
            headings AS MATERIALIZED (
                SELECT %2$s,
                       CASE WHEN NOT EXISTS (SELECT 1 FROM consultation_person up WHERE up.consultation_id = c.id) THEN
                           (SELECT us.detail::text FROM consultation_entry us
                             WHERE us.consultation_id = c.id AND us.kind = 'SUBJECT' AND us.person_key IS NULL
                             ORDER BY us.id LIMIT 1) END AS unidentified
                  FROM consultation c WHERE c.id IN (SELECT consultation_id FROM newest))
            SELECT v.kind, h.*, %3$s
              FROM visible v JOIN headings h ON h.id = v.consultation_id
              LEFT JOIN consultation_entry e ON e.id = v.ref
             ORDER BY v.received_at DESC, v.consultation_id DESC""";

    private ConsultationSummary summary(java.sql.ResultSet rs) {
        try {
            return store.summary(rs, 2);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Item item(ConsultationSummary r, ItemKind kind, Entry entry, Instant now) {
        return switch (kind) {
            case URGENT, CLOCK -> new Item(kind, r, r.clockDue(), r.clock(now).alarming(), null);
            case REFERRAL -> {
                Instant flag = entry.at().plus(properties.referralFlagAfter());
                yield new Item(kind, r, flag, !now.isBefore(flag), entry);
            }
            case FOLLOW_UP -> {
                Instant due = entry.dueOn().atStartOfDay(TokyoTime.ZONE).toInstant();
                yield new Item(kind, r, due, entry.dueOn().isBefore(time.today()), entry);
            }
        };
    }

    /** Items by person (a record about two persons is under both), alarming groups first, then by the earliest due. */
    static List<Group> group(List<Item> items, Map<String, String> names, Map<Long, String> unidentified) {
        Map<String, List<Item>> byPerson = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (Item item : items) {
            List<String> keys = item.record().personKeys();
            if (keys.isEmpty()) {
                String key = "unidentified-" + item.record().id();
                byPerson.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
                titles.put(key, unidentified.getOrDefault(item.record().id(), "未特定"));
            }
            for (String key : keys) {
                byPerson.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
                titles.put(key, names.getOrDefault(key, "(宛名にありません)") + " (" + key + ")");
            }
        }
        // each group's order (alarming first, then its earliest due) worked out once, not at every comparison
        record Ranked(Group group, boolean alarming, Instant earliest) {
        }
        List<Ranked> ranked = new ArrayList<>(byPerson.size());
        byPerson.forEach((key, list) -> {
            list.sort(Comparator.comparing((Item i) -> !i.alarming()).thenComparing(HandoverBoard::due));
            Instant earliest = list.stream().map(HandoverBoard::due).min(Comparator.naturalOrder())
                    .orElse(Instant.MAX);
            ranked.add(new Ranked(new Group(key.startsWith("unidentified-") ? null : key, titles.get(key),
                    List.copyOf(list)), list.get(0).alarming(), earliest));
        });
        ranked.sort(Comparator.comparing((Ranked r) -> !r.alarming()).thenComparing(Ranked::earliest));
        return ranked.stream().map(Ranked::group).toList();
    }

    private static Instant due(Item item) {
        return item.due() == null ? Instant.MAX : item.due();
    }

    /** The title of a record's unidentified person: 「未特定: 名前・年齢」 from the description (the place left out). */
    static String unidentifiedTitle(Map<String, String> description) {
        List<String> known = description.entrySet().stream().filter(e -> !e.getKey().equals("place"))
                .map(Map.Entry::getValue).toList();
        return known.isEmpty() ? "未特定" : "未特定: " + String.join("・", known);
    }
}
