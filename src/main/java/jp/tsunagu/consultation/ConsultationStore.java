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
 * open are kept beside them in the same transaction.
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
        return id;
    }

    /** Appends one entry; its body's words go into the search column (words and grams, JapaneseText.lexemes). */
    long insertEntry(long consultationId, EntryKind kind, Instant at, String author, String departmentId,
            String body, Long refersTo, String personKey, String targetDepartment, String assignee, LocalDate dueOn,
            Map<String, String> detail) {
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
                .param("words", JapaneseText.lexemes(body).toArray(String[]::new))
                .query(Long.class).single();
    }

    void addPerson(long consultationId, String personKey, long entryId) {
        jdbc.sql("""
                INSERT INTO consultation_person (consultation_id, person_key, entry_id) VALUES (:c, :p, :e)
                ON CONFLICT DO NOTHING""").param("c", consultationId).param("p", personKey).param("e", entryId).update();
    }

    void addDepartment(long consultationId, String departmentId, long entryId) {
        jdbc.sql("""
                INSERT INTO consultation_department (consultation_id, department_id, entry_id) VALUES (:c, :d, :e)
                ON CONFLICT DO NOTHING""").param("c", consultationId).param("d", departmentId).param("e", entryId)
                .update();
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
                    Category category = properties.category(rs.getString(5)).orElseGet(() -> unknown(rs));
                    records.put(id, new ConsultationRecord(id, instant(rs, 2), Channel.valueOf(rs.getString(3)),
                            Caller.valueOf(rs.getString(4)), category, Urgency.valueOf(rs.getString(6)),
                            rs.getString(7), rs.getString(8), instant(rs, 9), instant(rs, 10),
                            entries.getOrDefault(id, List.of()), departments.getOrDefault(id, Set.of())));
                    return null;
                }).list();
        return records;
    }

    /**
     * A category no longer configured keeps its records readable under its code, and hidden: a record of a
     * removed 虐待 category must not become visible to everyone.
     */
    private static Category unknown(ResultSet rs) {
        try {
            return new Category(rs.getString(5), rs.getString(5), true, null, null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Entry entry(ResultSet rs) throws SQLException {
        Map<String, Object> raw = JSON.readValue(rs.getString(13), Map.class);
        Map<String, String> detail = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null) {
                detail.put(k, v.toString());
            }
        });
        Long refers = rs.getObject(8, Long.class);
        return new Entry(rs.getLong(2), EntryKind.valueOf(rs.getString(3)), instant(rs, 4), rs.getString(5),
                rs.getString(6), rs.getString(7), refers, rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getObject(12, LocalDate.class), detail);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
