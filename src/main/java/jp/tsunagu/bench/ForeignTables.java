package jp.tsunagu.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reference and check queries that read other modules' tables on purpose (他モジュールの表を読む測定用の問合せ).
 * A benchmark's reference is the plain SQL a user of PostgreSQL would write against the same tables,
 * and its checks count what is really in them after a run, apart from what the module under test
 * reports about itself. No module offers these reads, and none should, so they live here, in the one
 * class of the bench module that names the tables of {@code resident}, {@code importing} and the event
 * publication registry.
 */
final class ForeignTables {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    ForeignTables(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    // --- importing: what is current after an import, counted from the tables themselves

    /** The source's current records, counted row by row (not the count the import keeps). */
    long currentRecords(String sourceId) {
        return jdbc.queryForObject("SELECT count(*) FROM source_record WHERE source_id = ?", Long.class, sourceId);
    }

    /** The source's current run as a connection of its own sees it (null: none yet). */
    Long currentRun(String sourceId) {
        return jdbc.queryForObject("SELECT current_run FROM source WHERE source_id = ?", Long.class, sourceId);
    }

    /** The program and master sources that hold current records of a person (the overview reference). */
    Set<String> sourcesOf(String personKey) {
        return new TreeSet<>(jdbc.queryForList("SELECT DISTINCT source_id FROM source_record WHERE person_key = ?",
                String.class, personKey));
    }

    /** The bare round trip of the overview's reference: every current record of a person; their count. */
    int records(String personKey) {
        return jdbc.query("SELECT source_id, data::text FROM source_record WHERE person_key = ?", (rs, i) -> 1,
                personKey).size();
    }

    /** Persons in the most program sources (ties in a seeded order), with that number of sources each. */
    List<Object[]> personsWithManyPrograms(long seed, int count) {
        return jdbc.query("""
                SELECT r.person_key, count(DISTINCT r.source_id) FROM source_record r JOIN source s USING (source_id)
                 WHERE s.role = 'PROGRAM'
                 GROUP BY r.person_key ORDER BY 2 DESC, md5(r.person_key || ?) LIMIT ?""",
                (rs, i) -> new Object[] {rs.getString(1), rs.getInt(2)}, String.valueOf(seed), count);
    }

    // --- resident: the person index

    long persons() {
        return jdbc.queryForObject("SELECT count(*) FROM person", Long.class);
    }

    long personTableBytes() {
        return jdbc.queryForObject("SELECT pg_total_relation_size('person')", Long.class);
    }

    /** The first index being built, as resident's progress table says (empty when none is). */
    String firstIndexProgress() {
        return jdbc.query("""
                SELECT phase, rows_done, rows_total, indexes_done, indexes_total, percent FROM person_index_build
                 ORDER BY run_id LIMIT 1""", rs -> rs.next()
                ? String.format(java.util.Locale.ROOT, "; first index %d%%: %s, %,d/%,d persons, %d/%d indexes",
                        rs.getInt(6), rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getInt(5))
                : "");
    }

    /** The database's size on disk, MiB. */
    long databaseMiB() {
        return jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class) >> 20;
    }

    /** ANALYZE of every table, after a city was loaded. */
    void analyzeAll() {
        jdbc.execute("ANALYZE");
    }

    void analyzePersons() {
        jdbc.execute("ANALYZE person");
        jdbc.execute("ANALYZE person_history");
    }

    /** Registered residents in a seeded pseudo-random order. */
    List<String> registeredPersons(long seed, int count) {
        return jdbc.queryForList("SELECT person_key FROM person WHERE registered ORDER BY md5(person_key || ?) LIMIT ?",
                String.class, String.valueOf(seed), count);
    }

    /** Any persons in a seeded pseudo-random order. */
    List<String> persons(long seed, int count) {
        return jdbc.queryForList("SELECT person_key FROM person ORDER BY md5(person_key || ?) LIMIT ?", String.class,
                String.valueOf(seed), count);
    }

    /** {@code count} registered persons with a name, reading, birth date and address, in a seeded order. */
    List<SearchCases.Sample> searchSamples(long seed, int count) {
        return jdbc.query("""
                SELECT person_key, name, kana_key, birth_date, address, address_protected FROM person
                 WHERE registered AND name IS NOT NULL AND kana_key IS NOT NULL AND birth_date IS NOT NULL
                   AND address IS NOT NULL
                 ORDER BY md5(person_key || ?) LIMIT ?""",
                (rs, i) -> new SearchCases.Sample(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getString(5), rs.getBoolean(6)),
                String.valueOf(seed), count);
    }

    /** The pg_trgm reference index of {@code bench search} on the person table; the seconds it took. */
    double createTrigramIndex() throws java.sql.SQLException {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            st.execute("DROP INDEX IF EXISTS bench_person_trgm");
            st.execute("CREATE INDEX bench_person_trgm ON person USING gin (" + SearchCases.HAY + " gin_trgm_ops)");
            st.execute("ANALYZE person");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    void dropTrigramIndex() {
        jdbc.execute("DROP INDEX bench_person_trgm");
    }

    /** The plain reference query of one search case: the keys of the first {@code limit} persons it finds. */
    List<String> trigramSearch(SearchCases.Case c, int limit) {
        return jdbc.query("""
                SELECT person_key, name, kana, birth_date, sex, address, address_detail, household_key, relation,
                       status, support_measure
                  FROM person WHERE %s
                 ORDER BY kana, person_key LIMIT %d""".formatted(c.trgmWhere(), limit),
                (rs, i) -> rs.getString(1), c.trgmParams().toArray());
    }

    /**
     * The counts that choose {@code bench search}'s cases, on a narrow copy of the persons' searched text
     * ({@code bench_case_hay}: key, birth date and the text the reference searches), ordered by birth date:
     * a year's persons lie on a few hundred adjacent pages there, where in {@code person} each is on a page
     * of its own (at 4,000,000 residents a count read 45,000 scattered rows and took 200–300 ms). Dropped
     * when closed.
     */
    CaseCounts caseCounts() {
        jdbc.execute("DROP TABLE IF EXISTS bench_case_hay");
        jdbc.execute("CREATE UNLOGGED TABLE bench_case_hay AS SELECT person_key, birth_date, " + SearchCases.HAY
                + " AS hay FROM person ORDER BY birth_date, person_key");
        jdbc.execute("CREATE INDEX ON bench_case_hay (birth_date)");
        jdbc.execute("CREATE INDEX ON bench_case_hay (person_key)");
        jdbc.execute("ANALYZE bench_case_hay");
        return new CaseCounts();
    }

    /** The counts of {@link #caseCounts()}. */
    final class CaseCounts implements AutoCloseable {

        private CaseCounts() {
        }

        /**
         * Whether the plain translation of a case matches its person and at most {@code atMost} persons in
         * all: then any search that is right must return the person on its first page. Only a case whose
         * translation has a B-tree condition (birth date, year, key) is counted; any other would read the
         * whole table, and is not findable by this measure.
         */
        boolean plainlyFindable(SearchCases.Case c, int atMost) {
            if (!c.indexed()) {
                return false;
            }
            // the person key is the first placeholder, the case's own come after it
            List<Object> params = new ArrayList<>();
            params.add(c.personKey());
            params.addAll(c.trgmParams());
            String where = c.countWhere().replace(SearchCases.HAY, "hay");
            return Boolean.TRUE.equals(jdbc.queryForObject("""
                    SELECT count(*) <= %d AND bool_or(person_key = ?)
                      FROM (SELECT person_key FROM bench_case_hay WHERE %s LIMIT %d) m""".formatted(atMost, where,
                    atMost + 1), Boolean.class, params.toArray()));
        }

        @Override
        public void close() {
            jdbc.execute("DROP TABLE IF EXISTS bench_case_hay");
        }
    }

    // --- the event publication registry (Spring Modulith's): asynchronous work still to do

    long pendingEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM event_publication WHERE completion_date IS NULL", Long.class);
    }

    /** EXPLAIN ANALYZE of the queries one overview makes, for one person (the viewer's department given). */
    void explainOverview(String personKey, String viewer, String department) {
        System.out.println("  EXPLAIN ANALYZE for person " + personKey + ":");
        String source = jdbc.queryForObject("SELECT source_id FROM source_record WHERE person_key = ? LIMIT 1",
                String.class, personKey);
        List<String[]> queries = new ArrayList<>(List.of(
                new String[] {"records", "SELECT source_id, data::text FROM source_record WHERE person_key = '"
                        + personKey + "' ORDER BY source_id, record_key"},
                new String[] {"per card: grant", "SELECT level FROM source_grant WHERE department_id = '" + department
                        + "' AND source_id = '" + source + "'"},
                new String[] {"per card: break-glass", "SELECT id FROM break_glass WHERE username = '" + viewer
                        + "' AND person_key = '" + personKey + "' AND expires_at > now() ORDER BY expires_at DESC LIMIT 1"},
                new String[] {"per card: snapshot time", "SELECT r.finished_at FROM source s JOIN import_run r "
                        + "ON r.run_id = s.current_run WHERE s.source_id = '" + source + "'"},
                new String[] {"timeline", "SELECT c.source_id, c.kind, r.finished_at FROM record_change c JOIN import_run r "
                        + "ON r.run_id = c.run_id WHERE c.person_key = '" + personKey + "' ORDER BY c.run_id DESC LIMIT 50"},
                new String[] {"household", "SELECT person_key, name FROM person WHERE household_key = (SELECT household_key "
                        + "FROM person WHERE person_key = '" + personKey + "') AND registered"}));
        for (String[] q : queries) {
            System.out.println("  -- " + q[0]);
            jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + q[1], String.class)
                    .forEach(line -> System.out.println("     " + line));
        }
    }

    // --- procedures: the worklist's reference count and the statements of its page

    /** A department's open procedure items, counted from the items themselves (the summary's reference). */
    long openProcedureItems(String department) {
        return jdbc.queryForObject("SELECT count(*) FROM procedure_item WHERE department_id = ? AND status IN ('OPEN', "
                + "'GUIDED')", Long.class, department);
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of the statements the worklist page runs (procedures.Worklist and
     * WorklistCounts), for a department and a day: the tabs' counts, the page by due date (pages 1 and 20),
     * by event day, filtered by kind, filtered by 町丁目 with its count, the names of a page's persons.
     */
    void explainWorklist(String department, java.time.LocalDate today, String kind, String town) {
        String open = "i.department_id = '" + department + "' AND i.status IN ('OPEN', 'GUIDED')";
        String page = "WITH page AS MATERIALIZED (SELECT i.item_id FROM procedure_item i WHERE %s ORDER BY %s LIMIT 50 "
                + "OFFSET %d) SELECT i.* FROM procedure_item i WHERE i.item_id IN (SELECT item_id FROM page) ORDER BY %s";
        String due = "i.due_on NULLS LAST, i.item_id";
        String event = "i.occurred_on DESC, i.item_id";
        String byTown = open + " AND i.town LIKE '" + town + "%' AND NOT (i.person_key = ANY(ARRAY(SELECT person_key "
                + "FROM person WHERE address_protected OR support_measure)))";
        List<String[]> queries = List.of(
                new String[] {"tabs' counts (summary)", "SELECT sum(open_items), sum(open_items) FILTER (WHERE due_on = '"
                        + today + "'), sum(open_items) FILTER (WHERE due_on < '" + today + "') FROM procedure_open_count "
                        + "WHERE department_id = '" + department + "'"},
                new String[] {"page 1 by due date", page.formatted(open, due, 0, due)},
                new String[] {"page 20 by due date", page.formatted(open, due, 950, due)},
                new String[] {"overdue", page.formatted(open + " AND i.due_on < '" + today + "'", due, 0, due)},
                new String[] {"by event day", page.formatted(open, event, 0, event)},
                new String[] {"kind " + kind, page.formatted(open + " AND i.event_kind = '" + kind + "'", due, 0, due)},
                new String[] {"town " + town + ": count", "SELECT count(*) FROM procedure_item i WHERE " + byTown},
                new String[] {"town " + town + ": page", page.formatted(byTown, due, 0, due)},
                new String[] {"names of a page", "SELECT * FROM person WHERE person_key = ANY(ARRAY(SELECT person_key "
                        + "FROM procedure_item i WHERE " + open + " ORDER BY " + due + " LIMIT 50))"});
        System.out.println("  EXPLAIN (ANALYZE, BUFFERS) of the worklist of " + department + ":");
        for (String[] q : queries) {
            System.out.println("  -- " + q[0]);
            jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + q[1], String.class)
                    .forEach(line -> System.out.println("     " + line));
        }
    }

    // --- resident and documents: the persons the documents benchmark registers files to, and its checks

    /** A person row as the index writes one, for a benchmark that needs persons but no import. */
    void insertPerson(String personKey, String name) {
        jdbc.update("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, kana_key, kana_loose,
                                    name_key, birth_date, grams, updated_run)
                VALUES (?, 'bench', true, '住民', ?, 'ベンチ', 'ベンチ', 'ベンチ', ?, DATE '1945-01-01', '{}', 0)""",
                personKey, name, name);
    }

    /** Documents rows of these persons, counted from the table. */
    long documentsOf(List<String> personKeys) {
        return jdbc.queryForObject("SELECT count(*) FROM document WHERE person_key = ANY(?)", Long.class,
                (Object) personKeys.toArray(String[]::new));
    }

    /** How many distinct photos and distinct thumbnails these persons' documents name. */
    long[] distinctContentsOf(List<String> personKeys) {
        return jdbc.queryForObject("""
                SELECT count(DISTINCT content_hash), count(DISTINCT thumbnail_hash) FROM document
                 WHERE person_key = ANY(?)""", (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                (Object) personKeys.toArray(String[]::new));
    }

    /** Stored contents (each an encrypted file), counted from the table. */
    long storedContents() {
        return jdbc.queryForObject("SELECT count(*) FROM document_content", Long.class);
    }

    // --- resident and consultation: the persons a consultation benchmark is about, and its ILIKE reference

    /** The keys {@link #copyPersons} writes: 宛名番号 0000000001 … */
    static String[] benchPersonKeys(int count) {
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = String.format(java.util.Locale.ROOT, "%010d", i + 1);
        }
        return keys;
    }

    long consultationEntries() {
        return jdbc.queryForObject("SELECT count(*) FROM consultation_entry", Long.class);
    }

    /** What an earlier run loaded into a kept database, counted in the tables. */
    jp.tsunagu.consultation.ConsultationBulkLoad.Loaded consultationsLoaded() {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM consultation), (SELECT count(*) FROM consultation_entry),
                       (SELECT count(*) FROM consultation_open), (SELECT count(*) FROM consultation_pending_referral),
                       (SELECT count(*) FROM consultation_open_follow_up)""",
                (rs, i) -> new jp.tsunagu.consultation.ConsultationBulkLoad.Loaded(rs.getLong(1), rs.getLong(2),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5)));
    }

    /** Writes {@code count} registered persons with names (宛名番号 0000000001 …) straight into the index, by COPY. */
    String[] copyPersons(int count, long seed) throws java.sql.SQLException, java.io.IOException {
        String[] surnames = {"佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "加藤", "吉田", "山田"};
        String[] given = {"陽向", "蒼", "結衣", "陽翔", "芽依", "陸", "さくら", "悠斗", "葵", "小春", "トメ", "茂"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        String[] keys = new String[count];
        try (Connection c = dataSource.getConnection()) {
            org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < count; i++) {
                keys[i] = String.format(java.util.Locale.ROOT, "%010d", i + 1);
                rows.append(keys[i]).append("\tbench\ttrue\t住民\t").append(surnames[random.nextInt(surnames.length)])
                        .append(' ').append(given[random.nextInt(given.length)]).append("\t0\n");
                if (rows.length() > 4_000_000 || i == count - 1) {
                    copy.copyIn("COPY person (person_key, master_source, registered, status, name, updated_run) FROM STDIN",
                            new java.io.StringReader(rows.toString()));
                    rows.setLength(0);
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE person");
            }
        }
        return keys;
    }

    /**
     * The consultation search's reference: the same query with every word as {@code body ILIKE '%word%'} instead
     * of the kuromoji words and grams in the GIN-indexed search row — the newest {@code limit} records that have,
     * for every word, an entry that contains it (as the search asks every word of a record, not of one entry).
     */
    List<Long> consultationsIlike(List<String> words, int limit) {
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            where.append(i == 0 ? " WHERE" : " AND").append(
                    " EXISTS (SELECT 1 FROM consultation_entry e WHERE e.consultation_id = c.id AND e.body ILIKE ?)");
        }
        List<Object> params = new ArrayList<>();
        words.forEach(w -> params.add("%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        params.add(limit);
        return jdbc.queryForList("""
                SELECT c.id FROM consultation c%s
                 ORDER BY c.received_at DESC, c.id DESC LIMIT ?""".formatted(where), Long.class, params.toArray());
    }

    /** Whether a record has an entry whose text contains the word (the check of a search hit). */
    boolean consultationContains(long id, String word) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM consultation_entry WHERE consultation_id = ? AND strpos(body, ?) > 0)""",
                Boolean.class, id, word));
    }

    /** The records with something open on a board that sees every record: counted from the tables themselves. */
    long consultationsOnTheBoard(java.time.LocalDate nextWorkingDay) {
        return jdbc.queryForObject("""
                SELECT count(DISTINCT id) FROM (
                    SELECT consultation_id AS id FROM consultation_open o WHERE o.urgency = 'URGENT'
                        OR (o.clock_due IS NOT NULL AND NOT EXISTS (SELECT 1 FROM consultation_entry x
                              WHERE x.consultation_id = o.consultation_id AND x.kind = 'CONFIRMATION'))
                    UNION SELECT consultation_id FROM consultation_pending_referral
                    UNION SELECT consultation_id FROM consultation_open_follow_up WHERE due_on <= ?) t""",
                Long.class, nextWorkingDay);
    }

    // --- evacuation: the reference of the list's recomputation and the checks of its benchmark

    /**
     * The reference of {@code bench evacuation}: the one criterion a clerk would query by hand, residents whose
     * current care level is 要介護3 or above, as one statement over the records and the person index.
     */
    long careLevelThreeResidents() {
        return jdbc.queryForObject("""
                SELECT count(DISTINCT r.person_key) FROM source_record r JOIN person p ON p.person_key = r.person_key
                 WHERE r.source_id = 'kaigo-nintei' AND r.data->>'care_level' IN ('23', '24', '25')
                   AND p.status = '住民'""", Long.class);
    }

    /** The persons listed now by a criterion, counted in the module's table. */
    long listedBy(String criterion) {
        return jdbc.queryForObject("SELECT count(*) FROM evac_listing WHERE criterion_id = ? AND until IS NULL",
                Long.class, criterion);
    }

    /** Whether every one of these persons is listed now by the criterion. */
    boolean allListed(String criterion, List<String> keys) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM evac_listing WHERE criterion_id = ? AND until IS NULL AND person_key = ANY(?)""",
                Long.class, criterion, keys.toArray(String[]::new)) == keys.size();
    }

    /** The listed persons of a district, not 支援措置, in key order (those whose list may leave). */
    List<String> districtPersons(String district, int limit) {
        return jdbc.queryForList("""
                SELECT e.person_key FROM evac_person e JOIN person p ON p.person_key = e.person_key
                 WHERE e.district_id = ? AND NOT p.support_measure AND NOT p.address_protected
                 ORDER BY e.person_key LIMIT ?""", String.class, district, limit);
    }

    /** The district with the most persons on the list. */
    String busiestDistrict() {
        return jdbc.queryForObject("""
                SELECT district_id FROM evac_person WHERE district_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""",
                String.class);
    }

    /** Persons on the list. */
    long listed() {
        return jdbc.queryForObject("SELECT count(*) FROM evac_person", Long.class);
    }

    /** 安否確認 rows stored for a disaster. */
    long safetyRows(long disasterId) {
        return jdbc.queryForObject("SELECT count(*) FROM evac_safety WHERE disaster_id = ?", Long.class, disasterId);
    }

    /** Whether the person is a registered resident now. */
    boolean isResident(String personKey) {
        return jdbc.queryForObject("SELECT count(*) FROM person WHERE person_key = ? AND status = '住民'", Long.class,
                personKey) == 1;
    }

    // --- insights: the reference count the figures must equal, as a clerk would type it

    /**
     * Registered residents involved now in any of these (welfare) sources: one count over the person index and
     * programs' involvement — the reference the insights refresh is compared with.
     */
    long covered(String[] welfare) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM person p WHERE p.registered AND p.status = '住民' AND EXISTS (
                       SELECT 1 FROM involvement i WHERE i.person_key = p.person_key AND i.records > 0
                          AND i.source_id = ANY(?))""", Long.class, (Object) welfare);
    }

    long residents() {
        return jdbc.queryForObject("SELECT count(*) FROM person WHERE registered AND status = '住民'", Long.class);
    }

    /** The program sources, for the welfare list of the reference. */
    List<String> programSources() {
        return jdbc.queryForList("SELECT source_id FROM source WHERE role = 'PROGRAM' ORDER BY source_id", String.class);
    }
}
