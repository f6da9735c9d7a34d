package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.programs.Involvement;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes the checklist of each new life event (手続きのチェックリスト): the registry's procedures of its
 * kind whose conditions hold for that person and household on that day, each an item 要対応 with its
 * department and due date. The facts for a whole batch of events are read in three queries (the persons'
 * and their households' involvement, the households' members), whatever the batch's size.
 */
@Component
class Checklists {

    private final JdbcClient jdbc;
    private final ProcedureRegistry registry;
    private final Programs programs;
    private final ResidentIndex residents;

    Checklists(JdbcClient jdbc, ProcedureRegistry registry, Programs programs, ResidentIndex residents) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.programs = programs;
        this.residents = residents;
    }

    /** What is known of a person and their household on the event's day. */
    record Facts(Integer age, Set<String> personSources, Set<String> householdSources, List<Integer> otherAges) {
    }

    /** What {@link #build} wrote, and how long reading the facts and writing the items took. */
    record Built(int items, long factsNanos, long writeNanos) {
    }

    /** Writes the items of these new events with their first history rows; answers how many. */
    Built build(List<LifeEvents.Recorded> events) {
        if (events.isEmpty()) {
            return new Built(0, 0, 0);
        }
        long t0 = System.nanoTime();
        Map<Long, Facts> facts = facts(events);
        long t1 = System.nanoTime();
        List<Object[]> rows = new ArrayList<>();
        for (LifeEvents.Recorded r : events) {
            EventKind kind = registry.kind(r.event().kind()).orElse(null);
            if (kind == null) {
                continue;
            }
            Facts f = facts.get(r.seq());
            for (ProcedureDefinition p : kind.procedures()) {
                if (holds(p.condition(), f)) {
                    rows.add(new Object[] {r.seq(), r.event(), p});
                }
            }
        }
        int items = insert(rows);
        return new Built(items, t1 - t0, System.nanoTime() - t1);
    }

    /** Adds one item by hand to an event (a procedure the registry does not list). */
    long addManual(long eventSeq, String personKey, String eventKind, String town, String program, String name,
            String departmentId, LocalDate dueOn, String note, String actor) {
        long n = jdbc.sql("SELECT count(*) FROM procedure_item WHERE event_seq = :e AND procedure_id LIKE 'manual-%'")
                .param("e", eventSeq).query(Long.class).single();
        long id = jdbc.sql("""
                INSERT INTO procedure_item (event_seq, occurred_on, person_key, event_kind, town, procedure_id, program,
                                            name, department_id, due_on, note, status, updated_by)
                SELECT :e, e.occurred_on, :k, :kind, :town, :pid, :program, :name, :dept, :due, :note, 'OPEN', :who
                  FROM life_event e WHERE e.seq = :e
                RETURNING item_id""").param("e", eventSeq).param("k", personKey).param("kind", eventKind)
                .param("town", town).param("pid", "manual-" + (n + 1)).param("program", program).param("name", name)
                .param("dept", departmentId).param("due", dueOn).param("note", note).param("who", actor)
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO procedure_item_history (item_id, version, status, note, changed_by)
                VALUES (:id, 1, 'OPEN', '手動で追加', :who)""").param("id", id).param("who", actor).update();
        return id;
    }

    static boolean holds(Condition c, Facts f) {
        if (!c.personIn().isEmpty() && c.personIn().stream().noneMatch(f.personSources()::contains)) {
            return false;
        }
        if (c.personNotIn().stream().anyMatch(f.personSources()::contains)) {
            return false;
        }
        if (!c.householdIn().isEmpty() && c.householdIn().stream().noneMatch(f.householdSources()::contains)) {
            return false;
        }
        if (c.householdNotIn().stream().anyMatch(f.householdSources()::contains)) {
            return false;
        }
        if (c.minAge() != null && (f.age() == null || f.age() < c.minAge())) {
            return false;
        }
        if (c.maxAge() != null && (f.age() == null || f.age() > c.maxAge())) {
            return false;
        }
        return c.householdChildUnder() == null || f.otherAges().stream().anyMatch(a -> a < c.householdChildUnder());
    }

    private Map<Long, Facts> facts(List<LifeEvents.Recorded> events) {
        Set<String> households = new HashSet<>();
        events.forEach(r -> {
            if (r.event().householdKey() != null) {
                households.add(r.event().householdKey());
            }
        });
        Map<String, List<Person>> members = residents.households(households);
        Set<String> keys = new HashSet<>();
        events.forEach(r -> keys.add(r.event().personKey()));
        members.values().forEach(list -> list.forEach(p -> keys.add(p.personKey())));
        Map<String, List<Involvement>> involvement = programs.involvements(keys);
        Map<Long, Facts> facts = new HashMap<>();
        for (LifeEvents.Recorded r : events) {
            LifeEvents.NewEvent e = r.event();
            LocalDate day = e.occurredOn();
            Set<String> own = involvedOn(involvement.get(e.personKey()), day);
            Set<String> household = new HashSet<>(own);
            List<Integer> otherAges = new ArrayList<>();
            for (Person m : members.getOrDefault(e.householdKey(), List.of())) {
                if (m.personKey().equals(e.personKey())) {
                    continue;
                }
                household.addAll(involvedOn(involvement.get(m.personKey()), day));
                if (m.birthDate() != null && !m.birthDate().isAfter(day)) {
                    otherAges.add(JapaneseDates.age(m.birthDate(), day));
                }
            }
            Integer age = e.birthDate() == null || e.birthDate().isAfter(day) ? null
                    : JapaneseDates.age(e.birthDate(), day);
            facts.put(r.seq(), new Facts(age, own, household, otherAges));
        }
        return facts;
    }

    /** The sources a person was in on the day: a current record, or one that ended that day or later. */
    private static Set<String> involvedOn(List<Involvement> involvements, LocalDate day) {
        Set<String> sources = new HashSet<>();
        if (involvements == null) {
            return sources;
        }
        for (Involvement i : involvements) {
            if (i.active() || i.until() != null
                    && !i.until().atZoneSameInstant(TokyoTime.ZONE).toLocalDate().isBefore(day)) {
                sources.add(i.sourceId());
            }
        }
        return sources;
    }

    private int insert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int n = rows.size();
        Long[] seqs = new Long[n];
        String[] keys = new String[n];
        String[] kinds = new String[n];
        String[] towns = new String[n];
        String[] ids = new String[n];
        String[] programsOf = new String[n];
        String[] names = new String[n];
        String[] departments = new String[n];
        String[] sources = new String[n];
        String[] days = new String[n];
        String[] dues = new String[n];
        String[] places = new String[n];
        String[] documents = new String[n];
        String[] notes = new String[n];
        String[] who = new String[n];
        for (int i = 0; i < n; i++) {
            long seq = (Long) rows.get(i)[0];
            LifeEvents.NewEvent e = (LifeEvents.NewEvent) rows.get(i)[1];
            ProcedureDefinition p = (ProcedureDefinition) rows.get(i)[2];
            LocalDate due = p.dueFor(e.occurredOn());
            seqs[i] = seq;
            keys[i] = e.personKey();
            kinds[i] = e.kind();
            towns[i] = e.town();
            ids[i] = p.id();
            programsOf[i] = p.program();
            names[i] = p.name();
            departments[i] = p.departmentId();
            sources[i] = p.source();
            days[i] = e.occurredOn().toString();
            dues[i] = due == null ? null : due.toString();
            places[i] = p.place();
            // documents travel as one text with a separator no document name contains
            documents[i] = String.join("\u001F", p.documents());
            notes[i] = p.note();
            who[i] = Objects.requireNonNullElse(e.recordedBy(), "system");
        }
        return jdbc.sql("""
                WITH added AS (
                    INSERT INTO procedure_item (event_seq, occurred_on, person_key, event_kind, town, procedure_id,
                                                program, name, department_id, source_id, due_on, place, documents,
                                                note, status, updated_by)
                    SELECT seq, day::date, k, kind, town, pid, program, name, dept, src, due::date, place,
                           CASE WHEN docs = '' THEN '{}'::text[] ELSE string_to_array(docs, chr(31)) END, note, 'OPEN', who
                      FROM unnest(:seqs::bigint[], :days::text[], :keys::text[], :kinds::text[], :towns::text[],
                                  :ids::text[], :programs::text[], :names::text[], :depts::text[], :sources::text[],
                                  :dues::text[], :places::text[], :docs::text[], :notes::text[], :who::text[])
                           AS x(seq, day, k, kind, town, pid, program, name, dept, src, due, place, docs, note, who)
                    ON CONFLICT (event_seq, procedure_id) DO NOTHING
                    RETURNING item_id, updated_by)
                INSERT INTO procedure_item_history (item_id, version, status, note, changed_by)
                SELECT item_id, 1, 'OPEN', '出来事から作成', updated_by FROM added""")
                .param("seqs", seqs).param("days", days).param("keys", keys).param("kinds", kinds).param("towns", towns)
                .param("ids", ids).param("programs", programsOf).param("names", names).param("depts", departments)
                .param("sources", sources).param("dues", dues).param("places", places).param("docs", documents)
                .param("notes", notes).param("who", who).update();
    }
}
