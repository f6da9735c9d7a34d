package jp.tsunagu.insights;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads the counted figures (集計値の読み出し) from the module's own tables: periods, the cube summed by a
 * dimension or by program mask, flows, freshness, multi-need households. Answers are the true counts;
 * suppression is the caller's ({@link SmallCells}). A figure is cached until the next refresh: a
 * dashboard opened by a whole department reads the same sums.
 */
@Service
class Figures {

    /** A month's figures as of its last refresh: the latest is now, the earlier ones month-ends. */
    record Period(LocalDate month, OffsetDateTime asOf, long residents, long covered, long welfareMask) {
    }

    /** A program source as counted (bit in the masks, owning department, whether it counts as welfare). */
    record Source(String id, int bit, String name, String departmentId, String departmentName, boolean welfare) {

        long mask() {
            return 1L << bit;
        }
    }

    /** One value of a dimension: its residents and how many of them any welfare program involves. */
    record Slice(String key, long residents, long covered) {
    }

    /** Involvements begun and ended in a month in one source. */
    record Flow(LocalDate month, String sourceId, long added, long ended) {
    }

    /** One source on one day of refresh. */
    record Fresh(LocalDate day, String sourceId, OffsetDateTime snapshotAt, long records, long persons,
            long unindexed) {
    }

    /** A household several departments are involved with now. */
    record Household(String householdKey, int departments, long mask, List<String> members) {
    }

    private final JdbcClient jdbc;
    private final Map<String, FutureTask<Object>> cache = new ConcurrentHashMap<>();
    private static final long STAMP_CHECK_NANOS = 1_000_000_000L;
    private final Recent<String> stamp = new Recent<>(STAMP_CHECK_NANOS, this::readStamp);
    /** The stamp last read: figures are kept under their stamp, so older ones are dropped when it changes. */
    private volatile String lastStamp;

    Figures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every kept month, oldest first. */
    List<Period> periods() {
        return cached("periods", () -> jdbc.sql("SELECT month, as_of, residents, covered, welfare_mask FROM insights_period ORDER BY month")
                .query((rs, i) -> new Period(rs.getObject(1, LocalDate.class), rs.getObject(2, OffsetDateTime.class),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list());
    }

    /** The month asked for, or the latest when none is; empty before the first refresh. */
    Optional<Period> period(LocalDate month) {
        List<Period> all = periods();
        if (month == null) {
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }
        return all.stream().filter(p -> p.month().equals(month.withDayOfMonth(1))).findFirst();
    }

    /** The program sources counted, in bit order. */
    List<Source> sources() {
        return cached("sources", () -> jdbc.sql("""
                SELECT source_id, bit, name, department_id, department_name, welfare FROM insights_source ORDER BY bit""")
                .query((rs, i) -> new Source(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6)))
                .list());
    }

    /** Residents and covered residents of the month by one dimension, in the dimension's order. */
    List<Slice> coverage(Filter filter, Dimension by) {
        return cube(filter.month()).coverage(filter, by);
    }

    /** The month's covered residents by their welfare programs' mask (each combination's persons). */
    Map<Long, Long> masks(Filter filter) {
        return cube(filter.month()).masks(filter);
    }

    /** Every kept month's residents by mask (0: not covered), oldest first (for trends). */
    Map<LocalDate, Map<Long, Long>> masksByMonth(Filter filter) {
        Map<LocalDate, Map<Long, Long>> months = new TreeMap<>();
        for (Period p : periods()) {
            months.put(p.month(), cube(p.month()).allMasks(filter));
        }
        return months;
    }

    /**
     * Reads the latest month's cube and sums the filters that take a pass over all of it (the whole city,
     * each age band), so that the first dashboards after a refresh find them ready; says the cube's rows.
     */
    int prepare() {
        Optional<Period> latest = period(null);
        if (latest.isEmpty()) {
            return 0;
        }
        Cube cube = cube(latest.get().month());
        cube.prepare();
        return cube.size();
    }

    /** Whether the latest month's cube is read and the sums of this filter kept in it (for tests). */
    boolean ready(Filter filter) {
        Optional<Period> latest = period(null);
        if (latest.isEmpty()) {
            return false;
        }
        FutureTask<Object> read = cache.get(stamp() + "|cube|" + latest.get().month());
        if (read == null || !read.isDone()) {
            return false;
        }
        try {
            return ((Cube) read.get()).kept(filter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** The month's cube, read once per refresh. */
    private Cube cube(LocalDate month) {
        return cached("cube|" + month, () -> {
            Cube.Builder cube = new Cube.Builder();
            jdbc.sql("""
                    SELECT age_band, sex, town, household_type, mask, persons FROM insights_cube WHERE month = :m""")
                    .param("m", month).query(rs -> {
                        cube.add(rs.getShort(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                                rs.getInt(6));
                    });
            return cube.build();
        });
    }

    List<Flow> flows() {
        return cached("flows", () -> jdbc.sql("SELECT month, source_id, added, ended FROM insights_flow ORDER BY month, source_id")
                .query((rs, i) -> new Flow(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list());
    }

    /** Each source's freshness on every day of refresh, oldest first. */
    List<Fresh> freshness() {
        return cached("fresh", () -> jdbc.sql("""
                SELECT day, source_id, snapshot_at, records, persons, unindexed FROM insights_freshness ORDER BY day, source_id""")
                .query((rs, i) -> new Fresh(rs.getObject(1, LocalDate.class), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list());
    }

    /** Every multi-need household, most departments first. */
    List<Household> households() {
        return jdbc.sql("""
                SELECT household_key, departments, mask, members FROM insights_household
                 ORDER BY departments DESC, household_key""")
                .query((rs, i) -> new Household(rs.getString(1), rs.getInt(2), rs.getLong(3),
                        List.of((String[]) rs.getArray(4).getArray())))
                .list();
    }

    long householdCount() {
        return cached("householdCount", () -> jdbc.sql("SELECT count(*) FROM insights_household").query(Long.class).single());
    }

    /** Forgets the figures at once: a refresh in this application has just committed. */
    void invalidate() {
        stamp.forget();
    }

    /**
     * The stamp of the figures (the latest refresh and the number of months), read from the database at most
     * once a {@link #STAMP_CHECK_NANOS second} and by one request at a time ({@link Recent}): a dashboard asks
     * for some twenty figures, and reading the stamp for each of them cost more than summing the cube (eight
     * staff at once); when every request whose second was over read it at once, each waited for the database
     * behind the others' sums. A refresh in this application forgets it at once ({@link #invalidate()}); one
     * committed elsewhere (a restore, another instance) is seen within the second.
     */
    private String stamp() {
        return stamp.get();
    }

    /** Reads the stamp; a new one makes every figure read again. */
    private String readStamp() {
        String read = jdbc.sql("SELECT coalesce(max(as_of)::text, '') || '/' || count(*) FROM insights_period")
                .query(String.class).single();
        if (!read.equals(lastStamp)) {
            cache.clear();
            lastStamp = read;
        }
        return read;
    }

    /** How many times the stamp was read from the database since start (for tests). */
    long stampReads() {
        return stamp.reads();
    }

    /**
     * A figure read once per stamp: concurrent requests for a figure not yet read wait for the one read (a
     * dashboard opened by eight staff at once reads a month's cube once, not eight times).
     */
    @SuppressWarnings("unchecked")
    private <T> T cached(String key, Supplier<T> compute) {
        String now = stamp();
        if (cache.size() > 2_000) {
            cache.clear();
        }
        // the stamp in the key: a sum read while a refresh commits is never kept under the next stamp
        String stamped = now + "|" + key;
        FutureTask<Object> read = new FutureTask<>(compute::get);
        FutureTask<Object> known = cache.putIfAbsent(stamped, read);
        if (known == null) {
            known = read;
            read.run();
        }
        try {
            return (T) known.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("集計値の読み出しが中断されました", e);
        } catch (ExecutionException e) {
            cache.remove(stamped, known);
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    static List<String> keys(List<Slice> slices) {
        List<String> keys = new ArrayList<>();
        slices.forEach(s -> keys.add(s.key()));
        return keys;
    }
}
