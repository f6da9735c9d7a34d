package jp.tsunagu.resident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.sql.DataSource;
import jp.tsunagu.importing.SourceRecords;
import jp.tsunagu.platform.BackgroundPriority;
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

    /** Memory for one B-tree's sort (PostgreSQL's guidance: raise it for CREATE INDEX after a bulk load). */
    static final String MAINTENANCE_WORK_MEM = "1GB";
    /**
     * Memory for the gram index's build (GIN on {@code grams}): GIN gathers the entries in this much memory and
     * writes them out each time it is full. The gram index of a 1,000,000-resident city (48 million entries) was
     * built in a median 57 s with 16–128 MB (nine builds) and 73 s with 1 GB (five builds), alternating, on a kept
     * database: the gathering's tree is walked for every entry, and one that fits the processor's caches is walked
     * faster than one of a gigabyte. The index came out smaller (195 MB against 236 MB) and as fast to search
     * (160 gram queries, three rounds each way: 453–601 ms against 579–611 ms). The smaller GIN of the reading's
     * grams of the year keeps {@link #MAINTENANCE_WORK_MEM}: at 4,000,000 residents the address's, an index of its
     * own until 5.13.0, took 78.5 s with 64 MB against 53.6 s with 1 GB in a quicker hour (the B-trees of the two
     * runs 151 and 125 s).
     */
    static final String GIN_MAINTENANCE_WORK_MEM = "64MB";
    /** Records encoded together by one thread. */
    private static final int BATCH = 1_000;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final SourceRecords records;
    private final FirstIndexProgress progress;
    /** Called after each batch of records read, while the records are being read (tests hold the build here). */
    volatile Runnable afterBatchRead = () -> { };

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
            build.stepEnded("行の書き込み");
            if (others) {
                carryOver(connection, sourceId, registry);
                build.stepEnded("もう一方の基本台帳の人の引き継ぎ");
            }
            protectHouseholds(connection);
            build.stepEnded("支援措置の世帯の住所保護");
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
        long[] written = new long[1];
        // a server process of an attempt whose application died may still be building one of its indexes
        // (a backend notices a lost client only when it next writes to it); index updates run one at a
        // time, so whatever else holds the build table is such a leftover
        execute(connection, """
                SELECT pg_terminate_backend(l.pid) FROM pg_locks l
                 WHERE l.relation = to_regclass('person_build.person') AND l.pid <> pg_backend_pid()""");
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("DROP TABLE IF EXISTS person_build.person");
            // the indexes come after the rows; autovacuum would only read the table while it is built
            st.execute("CREATE TABLE person_build.person (LIKE public.person INCLUDING ALL EXCLUDING INDEXES)"
                    + " WITH (autovacuum_enabled = false)");
        }
        var copyIn = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY person_build.person (" + PersonCopy.COLUMNS + ") FROM STDIN WITH (FREEZE, " + PersonCopy.FORMAT + ")");
        // the rows' search keys are worked out on every core while this thread reads the records and the
        // server takes the COPY; a bounded number of batches in flight keeps the memory flat
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                BackgroundPriority.threads("first-index-rows", true));
        Semaphore inFlight = new Semaphore(threads * 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong done = new AtomicLong();
        long[] read = new long[1];
        try (PersonCopy copy = new PersonCopy(copyIn)) {
            List<SourceRecords.Change> batch = new ArrayList<>(BATCH);
            records.forEachChange(runId, change -> {
                batch.add(change);
                if (batch.size() == BATCH) {
                    submit(pool, inFlight, failure, done, copy, List.copyOf(batch), row);
                    batch.clear();
                    afterBatchRead.run();
                    read[0] += BATCH;
                    if (read[0] % (BATCH * 5) == 0) {
                        build.rows(done.get());
                    }
                }
            });
            submit(pool, inFlight, failure, done, copy, List.copyOf(batch), row);
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                stopIfInterrupted();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("宛名索引の行を作れませんでした: " + failure.get().getMessage(), failure.get());
            }
            copy.finish();
            written[0] = done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            connection.rollback();
            connection.setAutoCommit(true);
            throw new FirstIndexCancelled();
        } catch (RuntimeException e) {
            pool.shutdownNow();
            connection.rollback();
            connection.setAutoCommit(true);
            throw e;
        }
        connection.commit();
        connection.setAutoCommit(true);
        build.rows(written[0]);
    }

    /**
     * Hands a batch of records to the pool, which encodes their rows and sends them; waits while enough
     * batches are in flight, and stops at a safe point when the thread is interrupted.
     */
    private static void submit(ExecutorService pool, Semaphore inFlight, AtomicReference<Throwable> failure,
            AtomicLong done, PersonCopy copy, List<SourceRecords.Change> batch,
            Function<SourceRecords.Change, Object[]> row) {
        if (batch.isEmpty()) {
            return;
        }
        stopIfInterrupted();
        if (failure.get() != null) {
            throw new IllegalStateException("宛名索引の行を作れませんでした: " + failure.get().getMessage(), failure.get());
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirstIndexCancelled();
        }
        pool.execute(() -> {
            try {
                copy.send(PersonCopy.encode(batch, row));
                done.addAndGet(batch.size());
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                inFlight.release();
            }
        });
    }

    /**
     * The persons already indexed from the other master: where they win over the new record under the
     * incremental path's rules, the new one gives way; everyone else is carried over as they are.
     */
    private void carryOver(Connection connection, String sourceId, boolean registry) throws SQLException {
        inTransaction(connection, st -> {
            st.execute("DELETE FROM person_build.person b USING public.person p WHERE b.person_key = p.person_key AND "
                    + (registry
                            // a 除票 does not overwrite a person whom the other master registers
                            ? "NOT b.registered AND p.registered AND p.master_source <> b.master_source"
                            // the 住登外 does not overwrite a registered resident
                            : "p.registered AND p.status = '住民'"));
            st.execute("""
                    INSERT INTO person_build.person SELECT p.* FROM public.person p
                     WHERE NOT EXISTS (SELECT 1 FROM person_build.person b WHERE b.person_key = p.person_key)""");
        });
    }

    /**
     * {@code address_protected} as the incremental path keeps it: a 支援措置 person, and every registered
     * person of a household in which a registered member has the measure. Few rows change.
     *
     * <p>The protected households are gathered first into a small table of their own, with its own
     * statistics, so that the planner always looks them up in a hash: asked as a sub-select over the
     * build table (which has no statistics yet), it estimated millions of households beyond
     * {@code work_mem} and compared every person with every protected household, a cost that grew with
     * the square of the persons (464 s of a 4,000,000-resident first index).
     */
    private static void protectHouseholds(Connection connection) throws SQLException {
        inTransaction(connection, st -> {
            st.execute("""
                    CREATE TEMPORARY TABLE protected_household ON COMMIT DROP AS
                    SELECT DISTINCT household_key FROM person_build.person
                     WHERE support_measure AND registered AND household_key IS NOT NULL""");
            st.execute("ANALYZE protected_household");
            st.execute("""
                    UPDATE person_build.person p SET address_protected = NOT p.address_protected
                     WHERE p.address_protected <> COALESCE(p.support_measure OR (p.registered AND p.household_key IN (
                            SELECT h.household_key FROM protected_household h)), false)""");
        });
    }

    /**
     * Statements on a connection in autocommit (the build's, a migration's), in one transaction of their own; the
     * connection is in autocommit again after it.
     */
    static void inTransaction(Connection connection, Statements statements) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            statements.run(st);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @FunctionalInterface
    interface Statements {
        void run(Statement statement) throws SQLException;
    }

    /**
     * The definitions of person's indexes, by name, the primary key first (it finds a person named twice
     * before the other indexes are built) and the gram index last: whatever migrations have made of person
     * is what the build table gets.
     */
    Map<String, String> indexDefinitions() {
        Map<String, String> definitions = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT c.relname, pg_get_indexdef(i.indexrelid)
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = 'public.person'::regclass
                 ORDER BY i.indisprimary DESC, (SELECT amname FROM pg_am WHERE oid = c.relam) = 'gin', c.relname""")
                .query((rs, n) -> definitions.put(rs.getString(1), rs.getString(2))).list();
        return definitions;
    }

    /**
     * Builds the indexes on the build table; false when the primary key finds a person twice. Two connections build
     * side by side, so that every core works (CREATE INDEX only shares the table's lock with other CREATE INDEX): the
     * second starts with the gram index (GIN, which PostgreSQL 17 builds on one process, the longest single build),
     * the first with the primary key (which finds a person named twice before anything else is built); then each
     * takes the next of the others from one queue, the longest first — the GIN of the reading's grams of the year,
     * then the B-trees — so that the two end close together. With the GIN of the reading's grams of the year last on
     * the first connection, as before, it ended 16 s after the gram index at 1,000,000 residents once the gram index
     * took half its time (in one run, 86.1 s in all, against 81.5 s with the grams as texts in another).
     */
    private boolean createIndexes(Connection connection, Map<String, String> indexes,
            FirstIndexProgress.Build build) throws SQLException {
        List<Map.Entry<String, String>> gramIndex = indexes.entrySet().stream().filter(e -> isGramIndex(e.getValue()))
                .toList();
        List<Map.Entry<String, String>> others = indexes.entrySet().stream().filter(e -> !isGramIndex(e.getValue()))
                .toList();
        java.util.concurrent.ConcurrentLinkedQueue<Map.Entry<String, String>> queue =
                new java.util.concurrent.ConcurrentLinkedQueue<>(longestFirst(others));
        settings(connection);
        try {
            AtomicReference<Statement> running = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.CompletableFuture<Void> second = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (Connection other = dataSource.getConnection()) {
                    settings(other);
                    // beside the first connection's builds, each on one process: with workers, more processes than cores
                    execute(other, "SET max_parallel_maintenance_workers = 0");
                    List<Map.Entry<String, String>> mine = new ArrayList<>(gramIndex);
                    Map.Entry<String, String> index;
                    for (int i = 0; !abandoned.get() && (index = i < mine.size() ? mine.get(i) : queue.poll()) != null; i++) {
                        execute(other, "SET maintenance_work_mem = '" + maintenanceWorkMem(index.getValue()) + "'");
                        try (Statement st = other.createStatement()) {
                            running.set(st);
                            st.execute(onBuildTable(index.getValue()));
                        }
                        build.indexBuilt(index.getKey());
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }, r -> BackgroundPriority.threads("first-index-second", true).newThread(r).start());
            try {
                // the gram index is started at once, beside the primary key: when the key finds a person twice the
                // second connection's build is cancelled (nothing of either is kept)
                execute(connection, "SET max_parallel_maintenance_workers = 0");
                if (!others.isEmpty() && !create(connection, others.get(0), build)) {
                    abandoned.set(true);
                    cancelUntilDone(second, running);
                    return false;
                }
                int workers = 0;
                Map.Entry<String, String> index;
                while ((index = queue.poll()) != null) {
                    stopIfInterrupted();
                    // while the second connection builds, one process here; workers once it is done
                    int now = second.isDone() ? parallelWorkers() : 0;
                    if (now != workers) {
                        execute(connection, "SET max_parallel_maintenance_workers = " + now);
                        workers = now;
                    }
                    create(connection, index, build);
                }
                while (true) {
                    try {
                        second.get(1, TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        stopIfInterrupted();
                    }
                }
            } catch (InterruptedException | FirstIndexCancelled e) {
                abandoned.set(true);
                cancel(running.get());
                throw new FirstIndexCancelled();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("宛名索引の検索用索引を作れませんでした: " + e.getCause().getMessage(), e.getCause());
            } catch (SQLException | RuntimeException e) {
                // a B-tree failed (a full disk): the second connection's build beside it is not left running
                abandoned.set(true);
                cancelUntilDone(second, running);
                throw e;
            }
            return true;
        } finally {
            execute(connection, "RESET maintenance_work_mem");
            execute(connection, "RESET max_parallel_maintenance_workers");
        }
    }

    /**
     * The indexes the two connections take in turn after the primary key (the first of {@code others}), the longest
     * builds first: the GINs, then the B-trees, each kind in its given order.
     */
    static List<Map.Entry<String, String>> longestFirst(List<Map.Entry<String, String>> others) {
        return others.subList(Math.min(1, others.size()), others.size()).stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<String, String> e) -> !isGin(e.getValue()))).toList();
    }

    /** Whether an index definition is a GIN index (the gram index, the reading's grams of the year). */
    private static boolean isGin(String definition) {
        return definition.contains(" USING gin ");
    }

    /**
     * Whether an index definition is the gram index (GIN on {@code grams}), the longest single build: it has the
     * second connection first and its own memory ({@link #GIN_MAINTENANCE_WORK_MEM}).
     */
    private static boolean isGramIndex(String definition) {
        return definition.endsWith(" USING gin (grams)");
    }

    /** One index on the build table; false when a unique one finds a value twice. */
    private static boolean create(Connection connection, Map.Entry<String, String> index,
            FirstIndexProgress.Build build) throws SQLException {
        try {
            execute(connection, "SET maintenance_work_mem = '" + maintenanceWorkMem(index.getValue()) + "'");
            execute(connection, onBuildTable(index.getValue()));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
        build.indexBuilt(index.getKey());
        return true;
    }

    /** The memory an index's build is given: the gram index's ({@link #GIN_MAINTENANCE_WORK_MEM}) or the others'. */
    static String maintenanceWorkMem(String definition) {
        return isGramIndex(definition) ? GIN_MAINTENANCE_WORK_MEM : MAINTENANCE_WORK_MEM;
    }

    private static String onBuildTable(String definition) {
        String built = definition.replace(" ON public.person ", " ON person_build.person ");
        if (built.equals(definition)) {
            throw new IllegalStateException("索引の定義を読めません: " + definition);
        }
        return built;
    }

    /** PostgreSQL's guidance for CREATE INDEX after a bulk load: workers for the cores (the memory is set per index). */
    private static void settings(Connection connection) throws SQLException {
        // maintenance_work_mem is set before each index, by its kind (maintenanceWorkMem)
        execute(connection, "SET max_parallel_maintenance_workers = " + parallelWorkers());
    }

    /** The leader sorts too: one worker per further core (PostgreSQL's own cap applies beyond that). */
    private static int parallelWorkers() {
        return Math.max(0, Math.min(7, Runtime.getRuntime().availableProcessors() - 1));
    }

    /**
     * Cancels the gram index's build and waits for it to end, whatever its end. The cancel is sent again until it
     * ends: one sent before the statement reached the server is not kept by the driver.
     */
    private static void cancelUntilDone(java.util.concurrent.CompletableFuture<Void> build,
            AtomicReference<Statement> running) {
        while (true) {
            cancel(running.get());
            try {
                build.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                // not ended yet: cancel again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                log.debug("二つ目の接続の索引の作成を取り消しました: {}", e.getCause().getMessage());
                return;
            }
        }
    }

    private static void cancel(Statement statement) {
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                log.warn("索引の作成を止められませんでした: {}", e.getMessage());
            }
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
