package jp.tsunagu.consultation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of the records (記録の読み書き): headers and entries are only ever inserted — this class has no
 * UPDATE or DELETE of them, and the tables' triggers refuse both — and the board's tables of what is still
 * open and each record's search row ({@code consultation_search}) are kept beside them in the same transaction.
 */
@Component
class ConsultationStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ConsultationProperties properties;

    ConsultationStore(JdbcClient jdbc, ConsultationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    long insertHeader(Instant receivedAt, Channel channel, Caller caller, Category category, Urgency urgency,
            String departmentId, String recordedBy, Instant recordedAt, Instant clockDue) {
        long id = jdbc.sql("""
                INSERT INTO consultation (received_at, channel, caller, category, urgency, department_id, recorded_by,
                                          recorded_at, clock_due)
                VALUES (:r, :ch, :ca, :cat, :u, :d, :by, :at, :due) RETURNING id""")
                .param("r", utc(receivedAt)).param("ch", channel.name()).param("ca", caller.name())
                .param("cat", category.code()).param("u", urgency.name()).param("d", departmentId)
                .param("by", recordedBy).param("at", utc(recordedAt)).param("due", utc(clockDue))
                .query(Long.class).single();
        jdbc.sql("INSERT INTO consultation_open (consultation_id, urgency, clock_due) VALUES (:id, :u, :due)")
                .param("id", id).param("u", urgency.name()).param("due", utc(clockDue)).update();
        jdbc.sql("INSERT INTO consultation_search (consultation_id, received_at, category) VALUES (:id, :r, :cat)")
                .param("id", id).param("r", utc(receivedAt)).param("cat", category.code()).update();
        return id;
    }

    /**
     * Appends one entry; its body's words go into the search column (words and grams, JapaneseText.lexemes) and
     * into the record's search row.
     */
    long insertEntry(long consultationId, EntryKind kind, Instant at, String author, String departmentId,
            String body, Long refersTo, String personKey, String targetDepartment, String assignee, LocalDate dueOn,
            Map<String, String> detail) {
        return insertEntry(consultationId, kind, at, author, departmentId, body, refersTo, personKey, targetDepartment,
                assignee, dueOn, detail, true);
    }

    /**
     * Appends one entry; with {@code recordWords} false its words go into its own search column only, and the
     * record's search row waits for {@link #recordWordsOfEntries} — for a record written whole at once (the demo
     * city's), whose row is then updated once instead of once an entry (each update rewrote the row and its
     * GIN entries: 44 % of the demo's records' time).
     */
    long insertEntry(long consultationId, EntryKind kind, Instant at, String author, String departmentId,
            String body, Long refersTo, String personKey, String targetDepartment, String assignee, LocalDate dueOn,
            Map<String, String> detail, boolean recordWords) {
        String[] words = JapaneseText.lexemes(body).toArray(String[]::new);
        if (recordWords && words.length > 0) {
            jdbc.sql("""
                    UPDATE consultation_search SET words = words || array_to_tsvector(CAST(:words AS text[]))
                     WHERE consultation_id = :c""").param("c", consultationId).param("words", words).update();
        }
        return jdbc.sql("""
                INSERT INTO consultation_entry (consultation_id, kind, at, author, department_id, body, refers_to,
                                                person_key, target_department, assignee, due_on, detail, search)
                VALUES (:c, :k, :at, :a, :d, :b, :ref, :p, :t, :as, :due, CAST(:detail AS jsonb),
                        array_to_tsvector(CAST(:words AS text[])))
                RETURNING id""")
                .param("c", consultationId).param("k", kind.name()).param("at", utc(at)).param("a", author)
                .param("d", departmentId).param("b", body).param("ref", refersTo).param("p", personKey)
                .param("t", targetDepartment).param("as", assignee).param("due", dueOn)
                .param("detail", JSON.writeValueAsString(detail == null ? Map.of() : detail))
                .param("words", words)
                .query(Long.class).single();
    }

    /** The words of every entry of the record into its search row (after entries appended without them). */
    void recordWordsOfEntries(long consultationId) {
        jdbc.sql("""
                UPDATE consultation_search
                   SET words = words || array_to_tsvector(ARRAY(
                           SELECT DISTINCT w FROM consultation_entry e, unnest(tsvector_to_array(e.search)) w
                            WHERE e.consultation_id = :c))
                 WHERE consultation_id = :c""").param("c", consultationId).update();
    }

    void addPerson(long consultationId, String personKey, long entryId) {
        jdbc.sql("""
                INSERT INTO consultation_person (consultation_id, person_key, entry_id) VALUES (:c, :p, :e)
                ON CONFLICT DO NOTHING""").param("c", consultationId).param("p", personKey).param("e", entryId).update();
        jdbc.sql("""
                UPDATE consultation_search SET persons = array_append(persons, :p)
                 WHERE consultation_id = :c AND NOT (:p = ANY(persons))""").param("c", consultationId)
                .param("p", personKey).update();
    }

    void addDepartment(long consultationId, String departmentId, long entryId) {
        jdbc.sql("""
                INSERT INTO consultation_department (consultation_id, department_id, entry_id) VALUES (:c, :d, :e)
                ON CONFLICT DO NOTHING""").param("c", consultationId).param("d", departmentId).param("e", entryId)
                .update();
        jdbc.sql("""
                UPDATE consultation_search SET departments = array_append(departments, :d)
                 WHERE consultation_id = :c AND NOT (:d = ANY(departments))""").param("c", consultationId)
                .param("d", departmentId).update();
    }

    void referralPending(long entryId, long consultationId, String from, String to, Instant at) {
        jdbc.sql("""
                INSERT INTO consultation_pending_referral (entry_id, consultation_id, from_department, to_department, sent_at)
                VALUES (:e, :c, :f, :t, :at)""").param("e", entryId).param("c", consultationId).param("f", from)
                .param("t", to).param("at", utc(at)).update();
    }

    void referralAnswered(long referralEntryId) {
        jdbc.sql("DELETE FROM consultation_pending_referral WHERE entry_id = :e").param("e", referralEntryId).update();
    }

    void followUpOpen(long entryId, long consultationId, LocalDate dueOn) {
        jdbc.sql("INSERT INTO consultation_open_follow_up (entry_id, consultation_id, due_on) VALUES (:e, :c, :d)")
                .param("e", entryId).param("c", consultationId).param("d", dueOn).update();
    }

    void followUpDone(long followUpEntryId) {
        jdbc.sql("DELETE FROM consultation_open_follow_up WHERE entry_id = :e").param("e", followUpEntryId).update();
    }

    /** The record is closed: it leaves the board with its referrals and follow-ups. */
    void closed(long consultationId) {
        jdbc.sql("DELETE FROM consultation_open WHERE consultation_id = :c").param("c", consultationId).update();
        jdbc.sql("DELETE FROM consultation_pending_referral WHERE consultation_id = :c").param("c", consultationId)
                .update();
        jdbc.sql("DELETE FROM consultation_open_follow_up WHERE consultation_id = :c").param("c", consultationId)
                .update();
    }

    /** Locks the record's header for the rest of the transaction: two clerks appending to one record take turns. */
    boolean lock(long consultationId) {
        return jdbc.sql("SELECT id FROM consultation WHERE id = :c FOR UPDATE").param("c", consultationId)
                .query(Long.class).optional().isPresent();
    }

    Optional<ConsultationRecord> load(long id) {
        Map<Long, ConsultationRecord> loaded = load(List.of(id));
        return Optional.ofNullable(loaded.get(id));
    }

    /** The records with these ids, with all their entries, in three queries. */
    Map<Long, ConsultationRecord> load(Collection<Long> ids) {
        Map<Long, ConsultationRecord> records = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return records;
        }
        Long[] array = ids.toArray(Long[]::new);
        Map<Long, List<Entry>> entries = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT consultation_id, id, kind, at, author, department_id, body, refers_to, person_key,
                       target_department, assignee, due_on, detail::text
                  FROM consultation_entry WHERE consultation_id = ANY(:ids) ORDER BY consultation_id, id""")
                .param("ids", array).query((rs, i) -> {
                    entries.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(entry(rs));
                    return null;
                }).list();
        Map<Long, Set<String>> departments = new LinkedHashMap<>();
        jdbc.sql("SELECT consultation_id, department_id FROM consultation_department WHERE consultation_id = ANY(:ids)")
                .param("ids", array).query((rs, i) -> departments.computeIfAbsent(rs.getLong(1), k -> new HashSet<>())
                        .add(rs.getString(2))).list();
        jdbc.sql("""
                SELECT id, received_at, channel, caller, category, urgency, department_id, recorded_by, recorded_at,
                       clock_due
                  FROM consultation WHERE id = ANY(:ids) ORDER BY received_at DESC, id DESC""")
                .param("ids", array).query((rs, i) -> {
                    long id = rs.getLong(1);
                    Category category = category(rs.getString(5));
                    records.put(id, new ConsultationRecord(id, instant(rs, 2), Channel.valueOf(rs.getString(3)),
                            Caller.valueOf(rs.getString(4)), category, Urgency.valueOf(rs.getString(6)),
                            rs.getString(7), rs.getString(8), instant(rs, 9), instant(rs, 10),
                            entries.getOrDefault(id, List.of()), departments.getOrDefault(id, Set.of())));
                    return null;
                }).list();
        return records;
    }

    /**
     * The columns of a {@link ConsultationSummary} of the {@code consultation} row {@code c}, read by
     * {@link #summary}: the header, closed (no longer in {@code consultation_open}), the first confirmation's time
     * of seeing (only for a record with a clock: the partial index of confirmations), the identified persons.
     * Each is one index probe of the record's own rows, so that a statement that has already found and limited
     * its records reads these for them alone.
     */
    static final String SUMMARY_COLUMNS = """
            c.id, c.received_at, c.channel, c.caller, c.category, c.urgency, c.department_id, c.clock_due,
            NOT EXISTS (SELECT 1 FROM consultation_open so WHERE so.consultation_id = c.id) AS closed,
            CASE WHEN c.clock_due IS NOT NULL THEN
                (SELECT coalesce(CAST(sx.detail->>'seenAt' AS timestamptz), sx.at) FROM consultation_entry sx
                  WHERE sx.consultation_id = c.id AND sx.kind = 'CONFIRMATION' ORDER BY sx.id LIMIT 1) END AS confirmed_at,
            ARRAY(SELECT sp.person_key FROM consultation_person sp WHERE sp.consultation_id = c.id
                   ORDER BY sp.entry_id) AS persons""";

    /** The number of columns of {@link #SUMMARY_COLUMNS}. */
    static final int SUMMARY_WIDTH = 11;

    /** A summary read from {@link #SUMMARY_COLUMNS}, starting at column {@code first}. */
    ConsultationSummary summary(ResultSet rs, int first) throws SQLException {
        int i = first;
        String[] persons = (String[]) rs.getArray(i + 10).getArray();
        return new ConsultationSummary(rs.getLong(i), instant(rs, i + 1), Channel.valueOf(rs.getString(i + 2)),
                Caller.valueOf(rs.getString(i + 3)), category(rs.getString(i + 4)), Urgency.valueOf(rs.getString(i + 5)),
                rs.getString(i + 6), instant(rs, i + 7), rs.getBoolean(i + 8), instant(rs, i + 9), List.of(persons));
    }

    /** The columns of an entry {@code e} as {@link #entry(ResultSet, int)} reads them. */
    static final String ENTRY_COLUMNS = """
            e.id, e.kind, e.at, e.author, e.department_id, e.body, e.refers_to, e.person_key, e.target_department,
            e.assignee, e.due_on, e.detail::text""";

    /**
     * The category of this code; a category no longer configured keeps its records readable under its code, and
     * hidden: a record of a removed 虐待 category must not become visible to everyone.
     */
    Category category(String code) {
        return properties.category(code).orElseGet(() -> new Category(code, code, true, null, null));
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return entry(rs, 2);
    }

    /** An entry read from {@link #ENTRY_COLUMNS}, starting at column {@code first}. */
    static Entry entry(ResultSet rs, int first) throws SQLException {
        int i = first;
        Long refers = rs.getObject(i + 6, Long.class);
        return new Entry(rs.getLong(i), EntryKind.valueOf(rs.getString(i + 1)), instant(rs, i + 2), rs.getString(i + 3),
                rs.getString(i + 4), rs.getString(i + 5), refers, rs.getString(i + 7), rs.getString(i + 8),
                rs.getString(i + 9), rs.getObject(i + 10, LocalDate.class), detail(rs.getString(i + 11)));
    }

    /** An entry's {@code detail} (jsonb as text) as a map of strings. */
    @SuppressWarnings("unchecked")
    static Map<String, String> detail(String json) {
        Map<String, Object> raw = json == null ? Map.of() : JSON.readValue(json, Map.class);
        Map<String, String> detail = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null) {
                detail.put(k, v.toString());
            }
        });
        return detail;
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
