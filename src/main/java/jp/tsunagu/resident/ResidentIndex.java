package jp.tsunagu.resident;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.FieldType;
import jp.tsunagu.importing.SnapshotApplied;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.importing.SourceRecords;
import jp.tsunagu.importing.SourceRole;
import jp.tsunagu.japanese.KanaText;
import jp.tsunagu.japanese.KanjiText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the person index (宛名索引) current: after an import of a master source is committed, the
 * persons it added or changed are written with their normalised search keys, and those it ended
 * are marked as no longer registered. What a person was called and where they lived before stays
 * in {@code person_history}. The resident registry (住民記録) wins over the non-resident list (住登外)
 * for a person who is in both.
 */
@Service
public class ResidentIndex {

    private static final Logger log = LoggerFactory.getLogger(ResidentIndex.class);
    private static final int BATCH = 2_000;

    /**
     * The 異動事由 (by label) of a 除票: the registry keeps the record of who died or moved out, with the
     * reason, and that person is no longer registered here.
     */
    public static final java.util.Set<String> REMOVAL_REASONS = java.util.Set.of("転出", "死亡", "職権消除", "国外転出");

    /**
     * Whether a 異動事由 removes the person from the registry (除票); a master without the column has
     * none ({@code Set.of} refuses to be asked about null, which once failed the index of such a master).
     */
    public static boolean removal(String reason) {
        return reason != null && REMOVAL_REASONS.contains(reason);
    }

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final SourceCatalog catalog;
    private final SourceRecords records;
    private final JsonMapper json = JsonMapper.builder().build();
    private final org.springframework.context.ApplicationEventPublisher events;

    private final FirstIndex firstIndex;

    ResidentIndex(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template, SourceCatalog catalog,
            SourceRecords records, org.springframework.context.ApplicationEventPublisher events,
            FirstIndex firstIndex) {
        this.firstIndex = firstIndex;
        this.events = events;
        this.jdbc = jdbc;
        this.template = template;
        this.catalog = catalog;
        this.records = records;
    }

    @ApplicationModuleListener
    void on(SnapshotApplied event) {
        if (event.role().isMaster()) {
            update(event.runId(), event.sourceId(), event.added());
            // in the listener's transaction: the event is registered with the index's update, or neither
            events.publishEvent(new PersonsIndexed(event.runId(), event.sourceId()));
        }
    }

    /**
     * Applies one master import to the index: the first snapshot of a source as a bulk load
     * ({@link FirstIndex}) when it is not small beside the persons already indexed, every later one (and
     * a small first one) change by change. One update at a time (a transaction-scoped advisory lock), so
     * that a later snapshot of a source waits for its first index.
     *
     * @param added the records the import added (for the first snapshot: all of them)
     */
    @Transactional
    public void update(long runId, String sourceId, long added) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:k)").param("k", INDEX_LOCK).query(Object.class).single();
        boolean first = jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM person_index_source WHERE source_id = :s)")
                .param("s", sourceId).query(Boolean.class).single();
        if (!(first && bulk(added) && firstIndex(runId, sourceId, added))) {
            incremental(runId, sourceId);
        }
        jdbc.sql("INSERT INTO person_index_source (source_id, first_run) VALUES (:s, :r) ON CONFLICT DO NOTHING")
                .param("s", sourceId).param("r", runId).update();
    }

    /** The key of the advisory lock that serialises the index's updates. */
    static final long INDEX_LOCK = 0x7473_756e_6167_7501L;

    /**
     * Whether a first snapshot is loaded in bulk: rebuilding the index costs about as much per person as it
     * holds, inserting one by one many times more per person added, so a small source added to a large
     * index (a 住登外 list of a few thousand beside a registry of millions) goes one by one.
     */
    private boolean bulk(long added) {
        long indexed = jdbc.sql("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'public.person'::regclass")
                .query(Long.class).single();
        return added * BULK_RATIO >= indexed;
    }

    /** Bulk loading pays from one added person in this many indexed (see {@link #bulk}). */
    static final long BULK_RATIO = 8;

    boolean firstIndex(long runId, String sourceId, long added) {
        SourceDefinition source = catalog.get(sourceId);
        return firstIndex.build(runId, sourceId, source.role() == SourceRole.RESIDENT_REGISTRY, added,
                change -> row(source, change.personKey(), change.data(), runId));
    }

    /** Applies one master import's changes to the index, person by person. */
    void incremental(long runId, String sourceId) {
        SourceDefinition source = catalog.get(sourceId);
        boolean registry = source.role() == SourceRole.RESIDENT_REGISTRY;
        List<Object[]> batch = new ArrayList<>();
        int[] count = new int[2];
        records.forEachChange(runId, change -> {
            if (change.kind() == 'E') {
                jdbc.sql("""
                        UPDATE person SET registered = false, status = '消除', updated_run = :run
                         WHERE person_key = :k AND master_source = :s""")
                        .param("run", runId).param("k", change.personKey()).param("s", sourceId).update();
                count[1]++;
                return;
            }
            batch.add(row(source, change.personKey(), change.data(), runId));
            if (batch.size() >= BATCH) {
                write(batch, registry);
            }
            count[0]++;
        });
        write(batch, registry);
        protectHouseholds();
        cleanPendingLists();
        log.info("宛名索引を更新しました ({} 取込 {}): {} 人を追加・更新, {} 人を消除", sourceId, runId, count[0], count[1]);
    }

    /**
     * A GIN index (the grams, the kana grams of the year) takes new entries into a pending list that every
     * search through it reads to its end until the next vacuum (up to {@code gin_pending_list_limit}, 4 MB).
     * At 4,000,000 residents, 120,000 persons written left 221 pages in the kana grams' list, and
     * 「さんび S26」 read 272 pages in 4.8 ms instead of 51 in 0.3 ms. The entries are moved into every GIN
     * index of the persons now, whichever indexes there are.
     */
    private void cleanPendingLists() {
        jdbc.sql("""
                SELECT gin_clean_pending_list(i.indexrelid::regclass) FROM pg_index i
                  JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                 WHERE i.indrelid = 'public.person'::regclass AND a.amname = 'gin' AND i.indisvalid""")
                .query(Long.class).list();
    }

    /**
     * Keeps {@code address_protected}: a 支援措置 person and every person registered in their household
     * (同伴者: they live at her address) are protected; a person who left such a household, or whose
     * household no longer has a protected member, is not. A few reads of small partial indexes, whatever
     * the size of the import.
     */
    private void protectHouseholds() {
        jdbc.sql("""
                UPDATE person p SET address_protected = false
                 WHERE p.address_protected AND NOT p.support_measure
                   AND NOT (p.registered AND EXISTS (SELECT 1 FROM person q WHERE q.household_key = p.household_key
                                                        AND q.support_measure AND q.registered))""").update();
        jdbc.sql("UPDATE person SET address_protected = true WHERE support_measure AND NOT address_protected").update();
        jdbc.sql("""
                UPDATE person p SET address_protected = true
                 WHERE NOT p.address_protected AND p.registered
                   AND p.household_key = ANY(ARRAY(SELECT q.household_key FROM person q
                                                    WHERE q.support_measure AND q.registered
                                                      AND q.household_key IS NOT NULL))""").update();
    }

    private Object[] row(SourceDefinition source, String personKey, String data, long runId) {
        JsonNode values = json.readTree(data);
        Map<String, String> master = source.master();
        Person p = person(source, personKey, values, supportMeasure(master, values));
        // each value folded once: the keys, the grams and the address's search form are made from the same folds
        String nameKey = p.name() == null ? null : KanjiText.fold(p.name());
        String kanaKey = p.kana() == null ? null : KanaText.normalize(p.kana());
        String addressFolded = p.address() == null ? null : KanjiText.fold(p.address());
        String addressSearch = addressFolded == null ? null : SearchGrams.addressKeyOfFolded(addressFolded);
        return new Object[] {personKey, source.id(), p.registered(), p.status(), p.name(), p.kana(),
                sqlDate(p.birthDate()), p.sex(), p.address(), p.addressDetail(), p.householdKey(), p.relation(),
                text(source, master, values, "status"), sqlDate(p.movedOn()), p.moveReason(), p.supportMeasure(),
                nameKey, kanaKey, p.kana() == null ? null : KanaText.looseKey(p.kana()), Long.valueOf(runId),
                addressFolded, SearchGrams.codesOfKeys(nameKey, kanaKey, addressSearch, p.birthDate()), addressSearch};
    }

    /** A person as one master record says (住民 for the registry, 住登外 for the other master). */
    private static Person person(SourceDefinition source, String personKey, JsonNode values, boolean supportMeasure) {
        Map<String, String> master = source.master();
        Date born = date(master, values, "birthDate");
        Date moved = date(master, values, "movedOn");
        boolean removed = source.role() == SourceRole.RESIDENT_REGISTRY
                && removal(text(source, master, values, "moveReason"));
        return new Person(personKey, source.id(), !removed,
                removed ? "消除" : source.role() == SourceRole.RESIDENT_REGISTRY ? "住民" : "住登外",
                text(source, master, values, "name"),
                text(source, master, values, "kana"), born == null ? null : born.toLocalDate(),
                text(source, master, values, "sex"), text(source, master, values, "address"),
                text(source, master, values, "addressDetail"), text(source, master, values, "householdKey"),
                text(source, master, values, "relation"), moved == null ? null : moved.toLocalDate(),
                text(source, master, values, "moveReason"), supportMeasure, supportMeasure);
    }

    private static Date sqlDate(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    /** The value of a master attribute, with a code shown by its label. */
    private static String text(SourceDefinition source, Map<String, String> master, JsonNode values, String key) {
        String field = master.get(key);
        if (field == null || !values.hasNonNull(field)) {
            return null;
        }
        String value = values.get(field).asString();
        FieldDefinition definition = source.field(field);
        return definition != null && definition.type() == FieldType.CODE ? definition.codeLabel(value) : value;
    }

    /** 支援措置: the mapped field is set (not empty, not 0). */
    private static Boolean supportMeasure(Map<String, String> master, JsonNode values) {
        String field = master.get("supportMeasure");
        if (field == null || !values.hasNonNull(field)) {
            return Boolean.FALSE;
        }
        String value = values.get(field).asString().strip();
        return !value.isEmpty() && !value.equals("0");
    }

    private static Date date(Map<String, String> master, JsonNode values, String key) {
        String field = master.get(key);
        return field == null || !values.hasNonNull(field) ? null : Date.valueOf(LocalDate.parse(values.get(field).asString()));
    }

    private void write(List<Object[]> batch, boolean registry) {
        if (batch.isEmpty()) {
            return;
        }
        Object[] keys = batch.stream().map(r -> r[0]).toArray();
        long runId = (Long) batch.get(0)[19];
        // what a person was called and where they lived stays searchable
        template.update(connection -> {
            var ps = connection.prepareStatement("""
                    INSERT INTO person_history (person_key, replaced_by_run, name, kana, address, address_detail,
                                                household_key, status, name_key, kana_key)
                    SELECT p.person_key, ?, p.name, p.kana, p.address, p.address_detail, p.household_key, p.status,
                           p.name_key, p.kana_key
                      FROM person p WHERE p.person_key = ANY(?)
                    """);
            ps.setLong(1, runId);
            ps.setArray(2, connection.createArrayOf("text", keys));
            return ps;
        });
        template.batchUpdate("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, birth_date, sex,
                                    address, address_detail, household_key, relation, resident_type, moved_on,
                                    move_reason, support_measure, name_key, kana_key, kana_loose, updated_run,
                                    address_key, grams, address_search)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (person_key) DO UPDATE SET
                    master_source = EXCLUDED.master_source, registered = EXCLUDED.registered,
                    status = EXCLUDED.status, name = EXCLUDED.name, kana = EXCLUDED.kana,
                    birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, address = EXCLUDED.address,
                    address_detail = EXCLUDED.address_detail, household_key = EXCLUDED.household_key,
                    relation = EXCLUDED.relation, resident_type = EXCLUDED.resident_type,
                    moved_on = EXCLUDED.moved_on, move_reason = EXCLUDED.move_reason,
                    support_measure = EXCLUDED.support_measure,
                    name_key = EXCLUDED.name_key, kana_key = EXCLUDED.kana_key, kana_loose = EXCLUDED.kana_loose,
                    updated_run = EXCLUDED.updated_run, address_key = EXCLUDED.address_key, grams = EXCLUDED.grams,
                    address_search = EXCLUDED.address_search
                """ + (registry
                        // a 除票 does not overwrite a person whom the other master registers (転出して住登外)
                        ? " WHERE EXCLUDED.registered OR person.master_source = EXCLUDED.master_source OR NOT person.registered"
                        : " WHERE NOT (person.registered AND person.status = '住民')"), batch);
        // a history row that records nothing different from the new values is noise
        template.update(connection -> {
            var ps = connection.prepareStatement("""
                    DELETE FROM person_history h USING person p
                     WHERE h.person_key = p.person_key AND h.replaced_by_run = ? AND p.person_key = ANY(?)
                       AND h.name IS NOT DISTINCT FROM p.name AND h.kana IS NOT DISTINCT FROM p.kana
                       AND h.address IS NOT DISTINCT FROM p.address
                       AND h.address_detail IS NOT DISTINCT FROM p.address_detail
                       AND h.household_key IS NOT DISTINCT FROM p.household_key
                       AND h.status IS NOT DISTINCT FROM p.status
                    """);
            ps.setLong(1, runId);
            ps.setArray(2, connection.createArrayOf("text", keys));
            return ps;
        });
        batch.clear();
    }

    /**
     * A person as one version of their master record says (for the past view of the overview: the
     * 住民記録 or 住登外 record as it was on that day). The 支援措置 flags are the index's current ones:
     * protection is decided by today's status, not the day's.
     *
     * @param current the person as the index knows them now
     */
    public Person fromMasterRecord(Person current, String sourceId, String data) {
        Person then = person(catalog.get(sourceId), current.personKey(), json.readTree(data), current.supportMeasure());
        return new Person(then.personKey(), then.masterSource(), then.registered(), then.status(), then.name(),
                then.kana(), then.birthDate(), then.sex(), then.address(), then.addressDetail(), then.householdKey(),
                then.relation(), then.movedOn(), then.moveReason(), current.supportMeasure(), current.addressProtected());
    }

    /** The person with this key, if the index knows them. */
    public java.util.Optional<Person> find(String personKey) {
        return jdbc.sql("""
                SELECT person_key, master_source, registered, status, name, kana, birth_date, sex, address,
                       address_detail, household_key, relation, moved_on, move_reason, support_measure,
                       address_protected OR support_measure
                  FROM person WHERE person_key = :k""").param("k", personKey)
                .query(ResidentIndex::person).optional();
    }

    /**
     * The names (氏名) the index holds for these keys, for lists that name who a key is; keys the index
     * does not know are absent. A name reveals no whereabouts, so 支援措置 does not withhold it.
     */
    public java.util.Map<String, String> names(java.util.Collection<String> personKeys) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        if (personKeys.isEmpty()) {
            return names;
        }
        jdbc.sql("SELECT person_key, name FROM person WHERE person_key = ANY(:keys) AND name IS NOT NULL")
                .param("keys", personKeys.toArray(String[]::new))
                .query((rs, i) -> names.put(rs.getString(1), rs.getString(2))).list();
        return names;
    }

    /**
     * The registered members of a household (世帯員), ordered by relation and birth date. The caller
     * decides what of them a viewer may see ({@link Person#addressProtected()}).
     */
    public List<Person> household(String householdKey) {
        if (householdKey == null) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT person_key, master_source, registered, status, name, kana, birth_date, sex, address,
                       address_detail, household_key, relation, moved_on, move_reason, support_measure,
                       address_protected OR support_measure
                  FROM person WHERE household_key = :h AND registered ORDER BY relation NULLS LAST, birth_date""")
                .param("h", householdKey).query(ResidentIndex::person).list();
    }

    private static final String PERSON_COLUMNS = """
            person_key, master_source, registered, status, name, kana, birth_date, sex, address,
            address_detail, household_key, relation, moved_on, move_reason, support_measure,
            address_protected OR support_measure""";

    /** The persons with these keys the index knows, by key, in one query. */
    public Map<String, Person> findAll(java.util.Collection<String> personKeys) {
        Map<String, Person> found = new java.util.HashMap<>();
        if (personKeys.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT " + PERSON_COLUMNS + " FROM person WHERE person_key = ANY(:keys)")
                .param("keys", personKeys.toArray(String[]::new)).query(ResidentIndex::person).list()
                .forEach(p -> found.put(p.personKey(), p));
        return found;
    }

    /**
     * The registered members of these households (世帯員), by household key, in one query. The caller
     * decides what of them a viewer may see.
     */
    public Map<String, List<Person>> households(java.util.Collection<String> householdKeys) {
        Map<String, List<Person>> members = new java.util.HashMap<>();
        if (householdKeys.isEmpty()) {
            return members;
        }
        jdbc.sql("SELECT " + PERSON_COLUMNS + " FROM person WHERE household_key = ANY(:keys) AND registered")
                .param("keys", householdKeys.toArray(String[]::new)).query(ResidentIndex::person).list()
                .forEach(p -> members.computeIfAbsent(p.householdKey(), k -> new ArrayList<>()).add(p));
        return members;
    }

    /**
     * The registered residents (住民) born from {@code from} to {@code to}, both included, by birth date
     * (for the life events of an age: who turns 65 between two days was born 65 years before them).
     */
    public List<Person> residentsBorn(LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT " + PERSON_COLUMNS + " " + """
                FROM person WHERE birth_date BETWEEN :from AND :to AND registered AND status = '住民'
                 ORDER BY birth_date, person_key""").param("from", from).param("to", to)
                .query(ResidentIndex::person).list();
    }

    /**
     * The keys of the persons whose whereabouts are withheld (支援措置 and their household): few, read
     * from a small partial index, so that a list filtered by a town can leave them out.
     */
    public List<String> addressProtectedKeys() {
        return jdbc.sql("SELECT person_key FROM person WHERE address_protected OR support_measure")
                .query(String.class).list();
    }

    private static Person person(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Person(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getObject(13, LocalDate.class),
                rs.getString(14), rs.getBoolean(15), rs.getBoolean(16));
    }
}
