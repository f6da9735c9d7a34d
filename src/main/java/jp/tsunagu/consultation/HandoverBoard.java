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
    public record Item(ItemKind kind, ConsultationRecord record, Instant due, boolean alarming, Entry entry) {
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

    HandoverBoard(JdbcClient jdbc, ConsultationStore store, ConsultationAccess access,
            ConsultationProperties properties, WorkingDays workingDays, ResidentIndex residents, AuditTrail audit,
            TokyoTime time, Departments departments) {
        this.jdbc = jdbc;
        this.store = store;
        this.access = access;
        this.properties = properties;
        this.workingDays = workingDays;
        this.residents = residents;
        this.audit = audit;
        this.time = time;
        this.departments = departments;
    }

    /** The board now, for this viewer; {@code screen} says where it is shown (html, api, print, live). */
    public Board board(Viewer viewer, String screen) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        Instant now = time.now().toInstant();
        LocalDate next = workingDays.next(time.today());
        List<Object[]> rows = scope.bind(jdbc.sql("""
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
                     WHERE f.due_on <= :next)
                SELECT i.consultation_id, i.kind, i.ref FROM items i JOIN consultation c ON c.id = i.consultation_id
                 WHERE %s
                 ORDER BY c.received_at DESC LIMIT :limit""".formatted(scope.detailSql())))
                .param("next", next).param("limit", MAX_RECORDS * 4)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class)}).list();
        Set<Long> ids = new LinkedHashSet<>();
        rows.forEach(r -> ids.add((Long) r[0]));
        Map<Long, ConsultationRecord> records = store.load(ids.stream().limit(MAX_RECORDS).toList());
        List<Item> items = new ArrayList<>();
        for (Object[] row : rows) {
            ConsultationRecord r = records.get((Long) row[0]);
            if (r != null) {
                items.add(item(r, ItemKind.valueOf((String) row[1]), (Long) row[2], now));
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        records.values().forEach(r -> keys.addAll(r.personKeys()));
        Map<String, String> names = residents.names(keys);
        List<Group> groups = group(items, names);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "consultation.board." + screen);
        detail.put("records", String.join(",", records.keySet().stream().map(String::valueOf).toList()));
        detail.put("persons", String.join(",", keys));
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, detail, false));
        return new Board(now, next, groups, records.size(), departments.names());
    }

    private Item item(ConsultationRecord r, ItemKind kind, Long ref, Instant now) {
        return switch (kind) {
            case URGENT -> new Item(kind, r, r.clockDue(), r.clock(now).alarming(), null);
            case CLOCK -> new Item(kind, r, r.clockDue(), r.clock(now).alarming(), null);
            case REFERRAL -> {
                Entry sent = r.entry(ref).orElseThrow();
                Instant flag = sent.at().plus(properties.referralFlagAfter());
                yield new Item(kind, r, flag, !now.isBefore(flag), sent);
            }
            case FOLLOW_UP -> {
                Entry planned = r.entry(ref).orElseThrow();
                Instant due = planned.dueOn().atStartOfDay(TokyoTime.ZONE).toInstant();
                yield new Item(kind, r, due, planned.dueOn().isBefore(time.today()), planned);
            }
        };
    }

    /** Items by person (a record about two persons is under both), alarming groups first, then by the earliest due. */
    private static List<Group> group(List<Item> items, Map<String, String> names) {
        Map<String, List<Item>> byPerson = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (Item item : items) {
            List<String> keys = item.record().personKeys();
            if (keys.isEmpty()) {
                String key = "unidentified-" + item.record().id();
                byPerson.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
                titles.put(key, unidentifiedTitle(item.record()));
            }
            for (String key : keys) {
                byPerson.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
                titles.put(key, names.getOrDefault(key, "(宛名にありません)") + " (" + key + ")");
            }
        }
        List<Group> groups = new ArrayList<>();
        byPerson.forEach((key, list) -> {
            list.sort(Comparator.comparing((Item i) -> !i.alarming())
                    .thenComparing(i -> i.due() == null ? Instant.MAX : i.due()));
            groups.add(new Group(key.startsWith("unidentified-") ? null : key, titles.get(key), List.copyOf(list)));
        });
        groups.sort(Comparator.comparing((Group g) -> !g.alarming()).thenComparing(g -> g.items().stream()
                .map(i -> i.due() == null ? Instant.MAX : i.due()).min(Comparator.naturalOrder()).orElse(Instant.MAX)));
        return groups;
    }

    static String unidentifiedTitle(ConsultationRecord r) {
        return r.subjects().stream().filter(s -> !s.identified()).findFirst()
                .map(s -> "未特定: " + String.join("・", s.entry().detail().entrySet().stream()
                        .filter(e -> !e.getKey().equals("place")).map(Map.Entry::getValue).toList()))
                .orElse("未特定");
    }
}
