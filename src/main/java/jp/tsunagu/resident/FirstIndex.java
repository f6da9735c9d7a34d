package jp.tsunagu.resident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import jp.tsunagu.importing.SourceRecords;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The first index of a master source (最初の索引作成) as a bulk load, as PostgreSQL's guidance on populating
 * a database has it: the rows are written with {@code COPY … FREEZE} into a table created in the same
 * transaction ({@code person_build.person}, without its indexes), the indexes are built afterwards with
 * {@code CREATE INDEX} (a large {@code maintenance_work_mem}, parallel workers on the cores there are),
 * the table is analysed, and it replaces {@code person} in one short transaction — the caller's, which
 * also records that the source is indexed. Its cost grows with the persons, not with the persons times
 * the size of the indexes they are inserted into, as row-by-row inserts do.
 *
 * <p>What search reads is never touched until that last transaction: a stop or a crash before it leaves
 * the old index as it was, and the next attempt drops the half-built table and starts again. Between
 * batches of rows and between indexes the build looks whether its thread was interrupted and then stops
 * ({@link FirstIndexCancelled}), to be done again on the next start.
 *
 * <p>The persons of the other master already in the index are carried over under the same rules as the
 * incremental path (the 住民記録 wins over the 住登外 for a registered person), with their previous values
 * kept in {@code person_history} where the new master replaced them.
 */
@Component
class FirstIndex {

    private static final Logger log = LoggerFactory.getLogger(FirstIndex.class);

    /** Memory for one index's sort (PostgreSQL's guidance: raise it for CREATE INDEX after a bulk load). */
    static final String MAINTENANCE_WORK_MEM = "1GB";
    private static final int CHECK_EVERY = 1_000;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final SourceRecords records;
    private final FirstIndexProgress progress;

    FirstIndex(DataSource dataSource, JdbcClient jdbc, SourceRecords records, FirstIndexProgress progress) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.records = records;
        this.progress = progress;
    }

    /**
     * Builds the index of a master source's first snapshot beside the current one and swaps it in, in the
     * caller's transaction (which must hold the index's lock and not have read {@code person}).
     *
     * @param row the row values of a record ({@code ResidentIndex}'s)
     * @return false when the snapshot names a person twice: nothing changed, the incremental path decides
     *     which record stands
     * @throws FirstIndexCancelled when the thread was interrupted; nothing visible changed
     */
    boolean build(long runId, String sourceId, boolean registry, long rows, Function<SourceRecords.Change, Object[]> row) {
        FirstIndexProgress.Build build = progress.start(runId, sourceId, rows);
        try (Connection connection = dataSource.getConnection()) {
            boolean others = jdbc.sql("SELECT EXISTS (SELECT 1 FROM person)").query(Boolean.class).single();
            copyRows(connection, runId, build, row);
            if (others) {
                carryOver(connection, sourceId, registry);
            }
            protectHouseholds(connection);
            Map<String, String> indexes = indexDefinitions();
            build.indexes(indexes.size());
            if (!createIndexes(connection, indexes, build)) {
                drop(connection);
                progress.forget(runId);
                log.warn("宛名索引（{}、取込 {}）: 同じ宛名番号の記録が複数あるため、一件ずつの更新で索引を作ります", sourceId, runId);
                return false;
            }
            execute(connection, "ANALYZE person_build.person");
            build.swapping();
            swap(runId, sourceId, others);
            log.info("宛名索引の最初の作成が終わりました（{}、取込 {}）: {} 人、{} 秒", sourceId, runId,
                    String.format(java.util.Locale.ROOT, "%,d", rows),
                    String.format(java.util.Locale.ROOT, "%.1f", build.seconds(System.nanoTime())));
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("宛名索引の作成に失敗しました: " + e.getMessage(), e);
        }
    }

    /** Creates the build table and fills it in one transaction, so that the rows are written frozen. */
    private void copyRows(Connection connection, long runId, FirstIndexProgress.Build build,
            Function<SourceRecords.Change, Object[]> row) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("DROP TABLE IF EXISTS person_build.person");
            // the indexes come after the rows; autovacuum would only read the table while it is built
            st.execute("CREATE TABLE person_build.person (LIKE public.person INCLUDING ALL EXCLUDING INDEXES)"
                    + " WITH (autovacuum_enabled = false)");
        }
        var copyIn = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY person_build.person (" + PersonCopy.COLUMNS + ") FROM STDIN WITH (FREEZE)");
        long[] written = new long[1];
        try (PersonCopy copy = new PersonCopy(copyIn)) {
            records.forEachChange(runId, change -> {
                try {
                    copy.write(row.apply(change));
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                if (++written[0] % CHECK_EVERY == 0) {
                    stopIfInterrupted();
                    build.rows(written[0]);
                }
            });
            copy.finish();
        } catch (RuntimeException e) {
            connection.rollback();
            connection.setAutoCommit(true);
            throw e;
        }
        connection.commit();
        connection.setAutoCommit(true);
        build.rows(written[0]);
    }

    /**
     * The persons already indexed from the other master: where they win over the new record under the
     * incremental path's rules, the new one gives way; everyone else is carried over as they are.
     */
    private void carryOver(Connection connection, String sourceId, boolean registry) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("DELETE FROM person_build.person b USING public.person p WHERE b.person_key = p.person_key AND "
                    + (registry
                            // a 除票 does not overwrite a person whom the other master registers
                            ? "NOT b.registered AND p.registered AND p.master_source <> b.master_source"
                            // the 住登外 does not overwrite a registered resident
                            : "p.registered AND p.status = '住民'"));
            st.execute("""
                    INSERT INTO person_build.person SELECT p.* FROM public.person p
                     WHERE NOT EXISTS (SELECT 1 FROM person_build.person b WHERE b.person_key = p.person_key)""");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * {@code address_protected} as the incremental path keeps it: a 支援措置 person, and every registered
     * person of a household in which a registered member has the measure. Few rows change.
     */
    private static void protectHouseholds(Connection connection) throws SQLException {
        execute(connection, """
                UPDATE person_build.person p SET address_protected = NOT p.address_protected
                 WHERE p.address_protected <> COALESCE(p.support_measure OR (p.registered AND p.household_key IN (
                        SELECT q.household_key FROM person_build.person q
                         WHERE q.support_measure AND q.registered AND q.household_key IS NOT NULL)), false)""");
    }

    /**
     * The definitions of person's indexes, by name, the primary key first (it finds a person named twice
     * before the other indexes are built) and the gram index last: whatever migrations have made of person
     * is what the build table gets.
     */
    private Map<String, String> indexDefinitions() {
        Map<String, String> definitions = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT c.relname, pg_get_indexdef(i.indexrelid)
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = 'public.person'::regclass
                 ORDER BY i.indisprimary DESC, (SELECT amname FROM pg_am WHERE oid = c.relam) = 'gin', c.relname""")
                .query((rs, n) -> definitions.put(rs.getString(1), rs.getString(2))).list();
        return definitions;
    }

    /** Builds the indexes on the build table; false when the primary key finds a person twice. */
    private static boolean createIndexes(Connection connection, Map<String, String> indexes,
            FirstIndexProgress.Build build) throws SQLException {
        execute(connection, "SET maintenance_work_mem = '" + MAINTENANCE_WORK_MEM + "'");
        // the leader sorts too: one worker per further core (PostgreSQL's own cap applies beyond that)
        int workers = Math.max(0, Math.min(7, Runtime.getRuntime().availableProcessors() - 1));
        execute(connection, "SET max_parallel_maintenance_workers = " + workers);
        try {
            for (Map.Entry<String, String> index : indexes.entrySet()) {
                stopIfInterrupted();
                String definition = index.getValue().replace(" ON public.person ", " ON person_build.person ");
                if (definition.equals(index.getValue())) {
                    throw new IllegalStateException("索引の定義を読めません: " + index.getValue());
                }
                try {
                    execute(connection, definition);
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        return false;
                    }
                    throw e;
                }
                build.indexBuilt(index.getKey());
            }
            return true;
        } finally {
            execute(connection, "RESET maintenance_work_mem");
            execute(connection, "RESET max_parallel_maintenance_workers");
        }
    }

    /**
     * Puts the built table in place of person, in the caller's transaction: a moment's exclusive lock,
     * no rows copied. The persons the new master replaced keep their previous values in history.
     */
    private void swap(long runId, String sourceId, boolean others) {
        jdbc.sql("LOCK TABLE person IN ACCESS EXCLUSIVE MODE").update();
        if (others) {
            jdbc.sql("""
                    INSERT INTO person_history (person_key, replaced_by_run, name, kana, address, address_detail,
                                                household_key, status, name_key, kana_key)
                    SELECT p.person_key, :run, p.name, p.kana, p.address, p.address_detail, p.household_key, p.status,
                           p.name_key, p.kana_key
                      FROM public.person p JOIN person_build.person b ON b.person_key = p.person_key
                     WHERE b.master_source = :source AND b.updated_run = :run
                       AND (b.name IS DISTINCT FROM p.name OR b.kana IS DISTINCT FROM p.kana
                            OR b.address IS DISTINCT FROM p.address OR b.address_detail IS DISTINCT FROM p.address_detail
                            OR b.household_key IS DISTINCT FROM p.household_key OR b.status IS DISTINCT FROM p.status)""")
                    .param("run", runId).param("source", sourceId).update();
        }
        jdbc.sql("DROP TABLE person").update();
        jdbc.sql("ALTER TABLE person_build.person SET SCHEMA public").update();
        jdbc.sql("ALTER TABLE person ADD CONSTRAINT person_pkey PRIMARY KEY USING INDEX person_pkey").update();
        jdbc.sql("ALTER TABLE person RESET (autovacuum_enabled)").update();
        jdbc.sql("DELETE FROM person_index_build WHERE run_id = :run").param("run", runId).update();
    }

    private static void drop(Connection connection) throws SQLException {
        execute(connection, "DROP TABLE IF EXISTS person_build.person");
    }

    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new FirstIndexCancelled();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}
