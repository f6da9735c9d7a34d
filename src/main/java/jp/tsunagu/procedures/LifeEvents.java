package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes life events (ライフイベントの記録), each once: a person, a kind and a day are recorded the first
 * time and never again, whichever import, job run or clerk finds them again.
 *
 * <p>Numbers come from a sequence under one transaction-level advisory lock that is held until the
 * commit: a transaction that numbers events waits for the one before it to commit, so events become
 * visible in number order and the feed's cursor ({@link LifeEventFeed}) never passes a number that a
 * transaction still in flight would fill in later.
 */
@Component
class LifeEvents {

    /** The advisory lock that orders the numbering (an arbitrary constant of this module). */
    static final long NUMBERING_LOCK = 0x7473756e_00000007L;

    /** An event to record. */
    record NewEvent(String personKey, String kind, LocalDate occurredOn, String origin, String sourceId, Long runId,
            String householdKey, String town, String note, String recordedBy, LocalDate birthDate) {
    }

    /** An event just recorded, with its number. */
    record Recorded(long seq, NewEvent event) {
    }

    private final JdbcClient jdbc;

    LifeEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the events not yet recorded (in the caller's transaction, which must commit soon: the
     * numbering lock is held until then) and answers those that are new, in number order.
     */
    List<Recorded> record(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", NUMBERING_LOCK).query(Object.class).single();
        java.util.Map<String, NewEvent> byKey = new java.util.HashMap<>();
        events.forEach(e -> byKey.putIfAbsent(e.personKey() + '\u001F' + e.kind() + '\u001F' + e.occurredOn(), e));
        List<NewEvent> unique = List.copyOf(byKey.values());
        // the month's count grows in the same statement (life_event_month, read by the statistics' trend)
        return jdbc.sql("""
                WITH added AS (
                INSERT INTO life_event (seq, person_key, kind, occurred_on, origin, source_id, run_id, household_key,
                                        town, note, recorded_by)
                SELECT nextval('life_event_seq'), k, kind, day::date, origin, src, run, hh, town, note, who
                  FROM unnest(:keys::text[], :kinds::text[], :days::text[], :origins::text[], :sources::text[],
                              :runs::bigint[], :households::text[], :towns::text[], :notes::text[], :who::text[])
                       WITH ORDINALITY AS x(k, kind, day, origin, src, run, hh, town, note, who, n)
                 ORDER BY n
                ON CONFLICT (person_key, kind, occurred_on) DO NOTHING
                RETURNING seq, person_key, kind, occurred_on),
                counted AS (
                INSERT INTO life_event_month (month, kind, events)
                SELECT date_trunc('month', occurred_on)::date, kind, count(*) FROM added GROUP BY 1, 2
                ON CONFLICT (month, kind) DO UPDATE SET events = life_event_month.events + excluded.events)
                SELECT seq, person_key, kind, occurred_on FROM added""")
                .param("keys", unique.stream().map(NewEvent::personKey).toArray(String[]::new))
                .param("kinds", unique.stream().map(NewEvent::kind).toArray(String[]::new))
                .param("days", unique.stream().map(e -> e.occurredOn().toString()).toArray(String[]::new))
                .param("origins", unique.stream().map(NewEvent::origin).toArray(String[]::new))
                .param("sources", unique.stream().map(NewEvent::sourceId).toArray(String[]::new))
                .param("runs", unique.stream().map(NewEvent::runId).toArray(Long[]::new))
                .param("households", unique.stream().map(NewEvent::householdKey).toArray(String[]::new))
                .param("towns", unique.stream().map(NewEvent::town).toArray(String[]::new))
                .param("notes", unique.stream().map(NewEvent::note).toArray(String[]::new))
                .param("who", unique.stream().map(NewEvent::recordedBy).toArray(String[]::new))
                .query((rs, i) -> new Recorded(rs.getLong(1), byKey.get(rs.getString(2) + '\u001F' + rs.getString(3)
                        + '\u001F' + rs.getObject(4, LocalDate.class))))
                .list().stream().sorted(java.util.Comparator.comparingLong(Recorded::seq)).toList();
    }
}
