package jp.tsunagu.procedures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads life events and procedure items (the module's own tables). */
@Component
class ItemStore {

    static final String ITEM_COLUMNS = """
            i.item_id, i.event_seq, i.person_key, i.event_kind, i.occurred_on, i.town, i.procedure_id, i.program,
            i.name, i.department_id, i.source_id, i.due_on, i.place, i.documents, i.note, i.status, i.reason,
            i.version, i.updated_at, i.updated_by""";
    static final String EVENT_COLUMNS = """
            seq, person_key, kind, occurred_on, origin, source_id, run_id, household_key, town, note, recorded_by,
            recorded_at""";

    /** One state of an item (手続きの履歴). */
    record History(int version, ItemStatus status, String reason, String note, String changedBy, Instant changedAt) {
    }

    private final JdbcClient jdbc;
    private final ProcedureRegistry registry;

    ItemStore(JdbcClient jdbc, ProcedureRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    Optional<ProcedureItem> item(long itemId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM procedure_item i"
                + " WHERE i.item_id = :id").param("id", itemId).query(this::mapItem).optional();
    }

    /** A person's items, open ones first, then by due date. */
    List<ProcedureItem> itemsOf(String personKey) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + """
                 FROM procedure_item i
                WHERE i.person_key = :k
                ORDER BY (i.status IN ('OPEN', 'GUIDED')) DESC, i.due_on NULLS LAST, i.item_id""")
                .param("k", personKey).query(this::mapItem).list();
    }

    List<ProcedureItem> itemsOfEvent(long seq) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + """
                 FROM procedure_item i
                WHERE i.event_seq = :s ORDER BY i.item_id""").param("s", seq).query(this::mapItem).list();
    }

    /** A person's events, newest first. */
    List<LifeEvent> eventsOf(String personKey) {
        return jdbc.sql("SELECT " + EVENT_COLUMNS + " FROM life_event WHERE person_key = :k ORDER BY occurred_on DESC, seq DESC")
                .param("k", personKey).query(this::mapEvent).list();
    }

    Optional<LifeEvent> event(long seq) {
        return jdbc.sql("SELECT " + EVENT_COLUMNS + " FROM life_event WHERE seq = :s").param("s", seq)
                .query(this::mapEvent).optional();
    }

    List<History> history(long itemId) {
        return jdbc.sql("""
                SELECT version, status, reason, note, changed_by, changed_at FROM procedure_item_history
                 WHERE item_id = :id ORDER BY version""").param("id", itemId)
                .query((rs, i) -> new History(rs.getInt(1), ItemStatus.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    ProcedureItem mapItem(ResultSet rs, int row) throws SQLException {
        String kind = rs.getString(4);
        java.sql.Array docs = rs.getArray(14);
        return new ProcedureItem(rs.getLong(1), rs.getLong(2), rs.getString(3), kind, label(kind),
                rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getObject(12, LocalDate.class), rs.getString(13),
                docs == null ? List.of() : Arrays.asList((String[]) docs.getArray()), rs.getString(15),
                ItemStatus.valueOf(rs.getString(16)), rs.getString(17), rs.getInt(18),
                rs.getObject(19, OffsetDateTime.class).toInstant(), rs.getString(20));
    }

    LifeEvent mapEvent(ResultSet rs, int row) throws SQLException {
        String kind = rs.getString(3);
        Long run = rs.getObject(7, Long.class);
        return new LifeEvent(rs.getLong(1), rs.getString(2), kind, label(kind), rs.getObject(4, LocalDate.class),
                rs.getString(5), rs.getString(6), run, rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getObject(12, OffsetDateTime.class).toInstant());
    }

    /** The kind's label; a kind no longer in the registry keeps its id. */
    String label(String kind) {
        return registry.kind(kind).map(EventKind::label).orElse(kind);
    }
}
