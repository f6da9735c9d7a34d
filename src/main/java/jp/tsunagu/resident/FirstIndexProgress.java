package jp.tsunagu.resident;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The progress of a first index (索引作成の進み具合): persons written, indexes built, the rate and an
 * estimate of the time left, in the log and in {@code person_index_build}, where the import screen and
 * search read it. Each write commits on its own (apart from the build's transactions), so that it is
 * seen while the build runs.
 *
 * <p>The share of the work is weighed by what the phases cost at a large city's size (measured at
 * 1,000,000 residents, docs/benchmarks.md): writing the rows about {@value #ROWS_SHARE}% of the time, the
 * indexes the rest.
 */
@Component
class FirstIndexProgress {

    private static final Logger log = LoggerFactory.getLogger(FirstIndexProgress.class);
    static final int ROWS_SHARE = 45;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final long WRITE_EVERY_NANOS = 1_000_000_000L;

    private final JdbcClient jdbc;
    private final TransactionTemplate apart;

    FirstIndexProgress(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.apart = new TransactionTemplate(transactions);
        this.apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** One build's progress, written as it goes. */
    final class Build {

        private final long runId;
        private final String sourceId;
        private final long rowsTotal;
        private final long started = System.nanoTime();
        private long rowsDone;
        private long rowsEnded;
        private int indexesTotal;
        private int indexesDone;
        private long lastWrite;
        private long lastLog = started;

        private Build(long runId, String sourceId, long rowsTotal) {
            this.runId = runId;
            this.sourceId = sourceId;
            this.rowsTotal = Math.max(1, rowsTotal);
        }

        /** Counts written rows; writes the progress at most once a second and logs it every 10 s. */
        synchronized void rows(long done) {
            rowsDone = done;
            long now = System.nanoTime();
            if (now - lastWrite >= WRITE_EVERY_NANOS) {
                write("rows", now);
            }
        }

        /** All rows written: the phase of the indexes begins. */
        synchronized void indexes(int total) {
            rowsEnded = System.nanoTime();
            indexesTotal = total;
            write("indexes", rowsEnded);
            log.info("宛名索引（{}、取込 {}）: {} 人を {} 秒で書き込みました。索引 {} 個を作成します", sourceId, runId,
                    String.format(Locale.ROOT, "%,d", rowsDone), String.format(Locale.ROOT, "%.1f", seconds(rowsEnded)),
                    total);
        }

        /** A step between the rows and the indexes ended (in the log only: they take seconds). */
        synchronized void stepEnded(String step) {
            log.info("宛名索引（{}、取込 {}）: {}が終わりました（開始から {} 秒）", sourceId, runId, step,
                    String.format(Locale.ROOT, "%.1f", seconds(System.nanoTime())));
        }

        synchronized void indexBuilt(String name) {
            indexesDone++;
            long now = System.nanoTime();
            write("indexes", now);
            log.info("宛名索引（{}）: 索引 {} を作成しました ({}/{}, 開始から {} 秒)", sourceId, name, indexesDone,
                    indexesTotal, String.format(Locale.ROOT, "%.1f", seconds(now)));
        }

        synchronized void swapping() {
            write("swap", System.nanoTime());
        }

        synchronized int percent() {
            double rows = Math.min(1.0, (double) rowsDone / rowsTotal);
            double indexes = indexesTotal == 0 ? 0 : (double) indexesDone / indexesTotal;
            return (int) Math.min(99, Math.floor(ROWS_SHARE * rows + (100 - ROWS_SHARE) * indexes));
        }

        /** Persons a second while the rows are written. */
        double rate() {
            long end = rowsEnded == 0 ? System.nanoTime() : rowsEnded;
            double s = (end - started) / 1e9;
            return s <= 0 ? 0 : rowsDone / s;
        }

        /** Seconds still to go, from the time taken so far and the share done; unknown before 1%. */
        Long remainingSeconds(long now) {
            int percent = percent();
            if (percent < 1) {
                return null;
            }
            return Math.round(seconds(now) * (100 - percent) / percent);
        }

        double seconds(long now) {
            return (now - started) / 1e9;
        }

        private void write(String phase, long now) {
            lastWrite = now;
            Long remaining = remainingSeconds(now);
            apart.executeWithoutResult(status -> jdbc.sql("""
                    UPDATE person_index_build SET phase = :phase, rows_done = :done, indexes_total = :it,
                           indexes_done = :id, percent = :pct, rate = :rate, remaining_s = :rem, updated_at = now()
                     WHERE run_id = :run""").param("phase", phase).param("done", rowsDone).param("it", indexesTotal)
                    .param("id", indexesDone).param("pct", percent()).param("rate", rate()).param("rem", remaining)
                    .param("run", runId).update());
            if (now - lastLog >= LOG_EVERY_NANOS) {
                lastLog = now;
                log.info("宛名索引を作成しています（{}、取込 {}）: {}%、{} / {} 人、毎秒 {} 人、残り約 {}", sourceId, runId,
                        percent(), String.format(Locale.ROOT, "%,d", rowsDone),
                        String.format(Locale.ROOT, "%,d", rowsTotal), String.format(Locale.ROOT, "%,.0f", rate()),
                        remaining == null ? "（計算中）" : remaining + " 秒");
            }
        }
    }

    /** Starts (or, after an interrupted attempt, starts again) the progress of a run's first index. */
    Build start(long runId, String sourceId, long rowsTotal) {
        apart.executeWithoutResult(status -> jdbc.sql("""
                INSERT INTO person_index_build (run_id, source_id, phase, rows_total)
                VALUES (:run, :source, 'rows', :total)
                ON CONFLICT (run_id) DO UPDATE SET phase = 'rows', rows_total = :total, rows_done = 0,
                       indexes_total = 0, indexes_done = 0, percent = 0, rate = NULL, remaining_s = NULL,
                       started_at = now(), updated_at = now()""")
                .param("run", runId).param("source", sourceId).param("total", rowsTotal).update());
        log.info("宛名索引の最初の作成を始めます（{}、取込 {}）: {} 人", sourceId, runId,
                String.format(Locale.ROOT, "%,d", rowsTotal));
        return new Build(runId, sourceId, rowsTotal);
    }

    /** Forgets a run's progress apart from the build (when the bulk path gives way to the incremental one). */
    void forget(long runId) {
        apart.executeWithoutResult(status -> jdbc.sql("DELETE FROM person_index_build WHERE run_id = :run")
                .param("run", runId).update());
    }

    /** The progress of the first index being built now, if one is. */
    Optional<jp.tsunagu.resident.IndexBuilding> current() {
        return jdbc.sql("""
                SELECT source_id, run_id, phase, rows_total, rows_done, indexes_total, indexes_done, percent, rate,
                       remaining_s FROM person_index_build ORDER BY run_id LIMIT 1""")
                .query((rs, i) -> new IndexBuilding(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getDouble(9),
                        (Long) rs.getObject(10)))
                .optional();
    }
}
