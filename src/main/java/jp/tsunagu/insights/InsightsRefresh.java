package jp.tsunagu.insights;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.tsunagu.platform.BackgroundPriority;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.programs.InvolvementUpdated;
import jp.tsunagu.programs.ProgramSource;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.PersonsIndexed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts the figures again after imports (統計の更新): the current month's cube (residents by age band, sex,
 * 町丁目, household type and welfare programs), the involvements begun and ended per month, each source's
 * freshness today and the multi-need households — in one transaction of set-based statements over
 * programs' and resident's published SQL, so that a reader sees the old figures or the new, never a mix.
 *
 * <p>The month's row is replaced on every refresh and stays once the month is over: it is that month's
 * month-end snapshot (as of its last refresh), and the past is never recomputed. Requests coalesce: the
 * 23 imports of a night cause one refresh after the last of them, not 23 — the listeners only ask, and
 * one background thread counts while anything is asked.
 */
@Service
class InsightsRefresh implements DisposableBean, jp.tsunagu.platform.BackgroundWork {

    private static final Logger log = LoggerFactory.getLogger(InsightsRefresh.class);

    private static final String CUBE = """
            WITH r AS (
                SELECT person_key, birth_date, coalesce(sex, '') AS sex, coalesce(town, '不明') AS town, household_key
                  FROM resident_persons() WHERE resident),
            aged AS (
                SELECT r.*, extract(year FROM age(:day::date, birth_date))::int AS age FROM r),
            hh AS (
                SELECT household_key, count(*) AS n, count(*) FILTER (WHERE age >= 65) AS old,
                       count(*) FILTER (WHERE age < 18) AS kids
                  FROM aged WHERE household_key IS NOT NULL GROUP BY household_key),
            m AS (
                SELECT i.person_key, bit_or(1::bigint << s.bit) AS mask
                  FROM programs_involvements() i JOIN insights_source s ON s.source_id = i.source_id
                 WHERE i.active AND s.welfare GROUP BY i.person_key)
            INSERT INTO insights_cube (month, age_band, sex, town, household_type, mask, persons)
            SELECT :month, coalesce(least(a.age / 10, 9), -1), a.sex, a.town,
                   CASE WHEN h.n IS NULL THEN 'none'
                        WHEN h.n = 1 AND h.old = 1 THEN 'single-elderly'
                        WHEN h.n = 1 THEN 'single'
                        WHEN h.n = 2 AND h.old = 2 THEN 'elderly-couple'
                        WHEN h.n = h.old THEN 'elderly-only'
                        WHEN h.kids > 0 AND h.n - h.kids = 1 THEN 'single-parent'
                        WHEN h.kids > 0 THEN 'with-children'
                        ELSE 'other' END,
                   coalesce(m.mask, 0), count(*)
              FROM aged a LEFT JOIN hh h ON h.household_key = a.household_key
              LEFT JOIN m ON m.person_key = a.person_key
             GROUP BY 1, 2, 3, 4, 5, 6""";

    private static final String FLOWS = """
            INSERT INTO insights_flow (month, source_id, added, ended)
            WITH i AS (
                SELECT x.* FROM programs_involvements() x JOIN insights_source s ON s.source_id = x.source_id),
            base AS (SELECT source_id, min(since) AS first FROM i GROUP BY source_id)
            SELECT month, source_id, sum(added), sum(ended) FROM (
                SELECT date_trunc('month', i.since AT TIME ZONE :zone)::date AS month, i.source_id, 1 AS added, 0 AS ended
                  FROM i JOIN base b ON b.source_id = i.source_id WHERE i.since > b.first
                UNION ALL
                SELECT date_trunc('month', i.until AT TIME ZONE :zone)::date, i.source_id, 0, 1
                  FROM i WHERE NOT i.active AND i.until IS NOT NULL) f
             GROUP BY month, source_id""";

    private static final String FRESHNESS = """
            INSERT INTO insights_freshness (day, source_id, snapshot_at, records, persons, unindexed)
            WITH j AS (
                SELECT * FROM unnest(:ids::text[], :times::text[], :records::bigint[]) AS j(source_id, at, records)),
            c AS (
                SELECT i.source_id, count(*) AS persons, count(*) FILTER (WHERE r.person_key IS NULL) AS unindexed
                  FROM programs_involvements() i LEFT JOIN resident_persons() r ON r.person_key = i.person_key
                 WHERE i.active AND i.source_id = ANY(:ids::text[]) GROUP BY i.source_id)
            SELECT :day, j.source_id, j.at::timestamptz, j.records, coalesce(c.persons, 0), coalesce(c.unindexed, 0)
              FROM j LEFT JOIN c ON c.source_id = j.source_id
            ON CONFLICT (day, source_id) DO UPDATE SET snapshot_at = EXCLUDED.snapshot_at, records = EXCLUDED.records,
                   persons = EXCLUDED.persons, unindexed = EXCLUDED.unindexed""";

    private static final String HOUSEHOLDS = """
            INSERT INTO insights_household (household_key, departments, mask, members)
            SELECT r.household_key, count(DISTINCT s.department_id), bit_or(1::bigint << s.bit),
                   array_agg(DISTINCT r.person_key ORDER BY r.person_key)
              FROM resident_persons() r
              JOIN programs_involvements() i ON i.person_key = r.person_key AND i.active
              JOIN insights_source s ON s.source_id = i.source_id AND s.welfare
             WHERE r.resident AND r.household_key IS NOT NULL
             GROUP BY r.household_key HAVING count(DISTINCT s.department_id) >= :min""";

    private final JdbcClient jdbc;
    private final Figures figures;
    private final Dashboard dashboard;
    private final Programs programs;
    private final TokyoTime time;
    private final InsightsProperties properties;
    private final TransactionTemplate transaction;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            BackgroundPriority.threads("insights-refresh", true));
    private final AtomicBoolean asked = new AtomicBoolean();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong refreshes = new AtomicLong();
    private volatile long lastMillis = -1;

    InsightsRefresh(JdbcClient jdbc, Programs programs, TokyoTime time, InsightsProperties properties,
            TransactionTemplate transaction, Figures figures, Dashboard dashboard) {
        this.figures = figures;
        this.dashboard = dashboard;
        this.jdbc = jdbc;
        this.programs = programs;
        this.time = time;
        this.properties = properties;
        this.transaction = transaction;
    }

    @ApplicationModuleListener
    void on(InvolvementUpdated updated) {
        request();
    }

    /** A master import changes ages' households and towns only once the person index has it. */
    @ApplicationModuleListener
    void on(PersonsIndexed indexed) {
        request();
    }

    /** A hub with records but no figures yet (the module is new to it, or a crash lost a request) counts once. */
    @EventListener
    void firstRefresh(ApplicationReadyEvent ready) {
        jp.tsunagu.platform.ApplicationStop.duringStart(ready.getApplicationContext(), "統計の初回の集計", () -> {
            boolean none = jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM insights_period)").query(Boolean.class).single();
            if (none && !programs.snapshotTimes().isEmpty()) {
                request();
            }
        });
    }

    /** Asks for a refresh; one already asked and not yet begun covers this one too. */
    void request() {
        if (asked.compareAndSet(false, true)) {
            running.incrementAndGet();
            worker.submit(this::drain);
        }
    }

    /** Whether nothing is asked or counting: every import taken in so far is in the figures. */
    boolean settled() {
        return running.get() == 0 && !asked.get();
    }

    /** How many refreshes have finished since start. */
    long refreshes() {
        return refreshes.get();
    }

    /** How long the last refresh took, in milliseconds (-1 before the first). */
    long lastMillis() {
        return lastMillis;
    }

    private void drain() {
        try {
            asked.set(false);
            refreshNow();
        } catch (RuntimeException e) {
            if (worker.isShutdown()) {
                // the application stops: its statement was cancelled on purpose, and the next start counts again
                log.info("停止のため統計の更新を中断しました。次の取込のあとに数え直します");
            } else {
                log.error("統計の更新に失敗しました", e);
            }
        } finally {
            running.decrementAndGet();
        }
    }

    /** Counts everything again now, in one transaction (serialised with any other refresh). */
    void refreshNow() {
        long t0 = System.nanoTime();
        LocalDate today = time.today();
        LocalDate month = today.withDayOfMonth(1);
        List<ProgramSource> sources = programs.programSources();
        Map<String, OffsetDateTime> snapshots = programs.snapshotTimes();
        Map<String, Long> records = programs.recordCounts(sources.stream().map(ProgramSource::id).toList());
        int[] counts = transaction.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('insights:refresh', 0))").query().singleRow();
            long welfare = syncSources(sources);
            jdbc.sql("DELETE FROM insights_period WHERE month = :m").param("m", month).update();
            jdbc.sql("""
                    INSERT INTO insights_period (month, as_of, residents, covered, welfare_mask)
                    VALUES (:m, :at, 0, 0, :w)""").param("m", month).param("at", time.now().toOffsetDateTime())
                    .param("w", welfare).update();
            jdbc.sql(CUBE).param("day", today).param("month", month).update();
            jdbc.sql("""
                    UPDATE insights_period p SET residents = c.residents, covered = c.covered
                      FROM (SELECT coalesce(sum(persons), 0) AS residents,
                                   coalesce(sum(persons) FILTER (WHERE mask <> 0), 0) AS covered
                              FROM insights_cube WHERE month = :m) c
                     WHERE p.month = :m""").param("m", month).update();
            jdbc.sql("DELETE FROM insights_flow").update();
            jdbc.sql(FLOWS).param("zone", TokyoTime.ZONE.getId()).update();
            freshness(today, sources, snapshots, records);
            jdbc.sql("DELETE FROM insights_household").update();
            int households = jdbc.sql(HOUSEHOLDS).param("min", properties.multiNeedDepartments()).update();
            return jdbc.sql("SELECT residents, covered FROM insights_period WHERE month = :m").param("m", month)
                    .query((rs, i) -> new int[] {rs.getInt(1), rs.getInt(2), households}).single();
        });
        figures.invalidate();
        long p0 = System.nanoTime();
        int cubeRows = prepare();
        long prepareMillis = (System.nanoTime() - p0) / 1_000_000;
        lastMillis = (System.nanoTime() - t0) / 1_000_000;
        refreshes.incrementAndGet();
        log.info("統計を更新しました: 住民 {} 人, 福祉の関わりあり {} 人, 複数の課が関わる世帯 {} ({} ms, うち表示の準備 {} ms: 集計キューブ {} 行)",
                counts[0], counts[1], counts[2], lastMillis, prepareMillis, cubeRows);
    }

    /** The dashboard made ready for its first viewers ({@link Dashboard#prepare}); a failure only costs them time. */
    private int prepare() {
        try {
            return dashboard.prepare();
        } catch (RuntimeException e) {
            log.warn("統計の表示の準備に失敗しました (最初の表示で集計します)", e);
            return -1;
        }
    }

    /** Gives each program source its bit (once, never reused) and its current welfare flag; the welfare mask. */
    private long syncSources(List<ProgramSource> sources) {
        Set<String> notWelfare = new HashSet<>(properties.notWelfare());
        for (ProgramSource s : sources) {
            jdbc.sql("""
                    INSERT INTO insights_source (source_id, bit, name, department_id, department_name, welfare)
                    VALUES (:id, (SELECT coalesce(max(bit) + 1, 0) FROM insights_source), :name, :dept, :deptName, :w)
                    ON CONFLICT (source_id) DO UPDATE SET name = EXCLUDED.name, department_id = EXCLUDED.department_id,
                           department_name = EXCLUDED.department_name, welfare = EXCLUDED.welfare""")
                    .param("id", s.id()).param("name", s.name()).param("dept", s.department().id())
                    .param("deptName", s.department().name()).param("w", !notWelfare.contains(s.id())).update();
        }
        return jdbc.sql("SELECT coalesce(bit_or(1::bigint << bit), 0) FROM insights_source WHERE welfare")
                .query(Long.class).single();
    }

    private void freshness(LocalDate today, List<ProgramSource> sources, Map<String, OffsetDateTime> snapshots,
            Map<String, Long> records) {
        List<String> ids = new ArrayList<>();
        List<String> times = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (ProgramSource s : sources) {
            if (snapshots.containsKey(s.id())) {
                ids.add(s.id());
                OffsetDateTime at = snapshots.get(s.id());
                times.add(at == null ? null : at.toString());
                rows.add(records.getOrDefault(s.id(), 0L));
            }
        }
        jdbc.sql(FRESHNESS).param("day", today).param("ids", ids.toArray(String[]::new))
                .param("times", times.toArray(String[]::new)).param("records", rows.toArray(Long[]::new)).update();
    }

    /** A stop of the application interrupts a refresh under way; its transaction rolls back, the next start refreshes. */
    @Override
    public void cancel() {
        worker.shutdownNow();
    }

    @Override
    public boolean awaitEnded(java.time.Duration timeout) throws InterruptedException {
        return jp.tsunagu.platform.BackgroundWork.of(worker).awaitEnded(timeout);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
