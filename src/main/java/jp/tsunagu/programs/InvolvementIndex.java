package jp.tsunagu.programs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.tsunagu.importing.RecordReader;
import jp.tsunagu.importing.SnapshotApplied;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the involvement table (関わりの索引) current: after an import is committed, the persons the run
 * touched are looked up again in that source — each gets the number of records they now hold there,
 * and one who holds none any more is ended at the run's time. Recomputing from the current records
 * (instead of adding up the changes) makes a listener that runs twice, or after a later run, write
 * the same rows.
 *
 * <p>A database that has records but no involvement (a city that ran Tsunagu before this module) gets
 * the table built once at start: the current records give who is involved now and since when; the
 * records' history gives who was involved once and until when (since their first record there — a
 * person who left and came back twice is dated from the first time, where the running index dates
 * them from the last).
 */
@Service
class InvolvementIndex {

    private static final Logger log = LoggerFactory.getLogger(InvolvementIndex.class);
    private static final int BATCH = 5_000;

    private static final String UPSERT = """
            INSERT INTO involvement (person_key, source_id, records, since, until)
            SELECT k, :s, n, t::timestamptz, NULL FROM unnest(:keys::text[], :counts::int[], :times::text[]) AS x(k, n, t)
            ON CONFLICT (person_key, source_id) DO UPDATE
               SET records = EXCLUDED.records,
                   since = CASE WHEN involvement.records > 0 THEN involvement.since ELSE EXCLUDED.since END,
                   until = NULL""";

    private final JdbcClient jdbc;
    private final RecordReader records;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    InvolvementIndex(JdbcClient jdbc, RecordReader records, TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.records = records;
        this.transaction = transaction;
        this.events = events;
    }

    @ApplicationModuleListener
    void on(SnapshotApplied event) {
        update(event.runId(), event.sourceId());
        // in the listener's transaction: delivered once the update is committed
        events.publishEvent(new InvolvementUpdated(event.runId(), event.sourceId()));
    }

    /**
     * Applies one run: the persons it touched, looked up again in its source. Two runs of one source
     * imported back to back have their listeners running at once, in either order: each takes the
     * source's lock first (so that the later one reads what the earlier one committed, and no listener
     * writes what it read before another's commit), and a person who holds no record any more is
     * ended at the run that ended their last record, from the records' history, whether or not their
     * row was written yet (an earlier run's listener may come after this one).
     */
    void update(long runId, String sourceId) {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(hashtext('programs.involvement'), 0)").query((rs, n) -> 1).list();
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('programs.involvement'), hashtext(:s))")
                .param("s", sourceId).query((rs, n) -> 1).list();
        List<String> touched = records.personsTouchedBy(runId);
        for (int from = 0; from < touched.size(); from += BATCH) {
            List<String> batch = touched.subList(from, Math.min(touched.size(), from + BATCH));
            List<RecordReader.Holding> holdings = records.holdings(sourceId, batch);
            upsert(sourceId, holdings);
            Set<String> held = new HashSet<>();
            holdings.forEach(h -> held.add(h.personKey()));
            List<String> gone = batch.stream().filter(k -> !held.contains(k)).distinct().toList();
            endAll(records.ended(sourceId, gone));
        }
        taken(sourceId, runId);
    }

    private void taken(String sourceId, long runId) {
        jdbc.sql("""
                INSERT INTO involvement_source (source_id, run_id) VALUES (:s, :r)
                ON CONFLICT (source_id) DO UPDATE SET run_id = greatest(involvement_source.run_id, EXCLUDED.run_id)""")
                .param("s", sourceId).param("r", runId).update();
    }

    private void upsert(String sourceId, List<RecordReader.Holding> holdings) {
        if (holdings.isEmpty()) {
            return;
        }
        jdbc.sql(UPSERT).param("s", sourceId)
                .param("keys", holdings.stream().map(RecordReader.Holding::personKey).toArray(String[]::new))
                .param("counts", holdings.stream().map(RecordReader.Holding::records).toArray(Integer[]::new))
                .param("times", holdings.stream().map(h -> h.since() == null ? null : h.since().toString())
                        .toArray(String[]::new))
                .update();
    }

    /** Ends these involvements: a held row gets no records and the end; a missing row is written ended. */
    private void endAll(List<RecordReader.Ended> ended) {
        if (ended.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO involvement (person_key, source_id, records, since, until)
                SELECT k, s, 0, f::timestamptz, u::timestamptz
                  FROM unnest(:keys::text[], :sources::text[], :since::text[], :until::text[]) AS x(k, s, f, u)
                ON CONFLICT (person_key, source_id) DO UPDATE SET records = 0, until = EXCLUDED.until
                 WHERE involvement.records > 0""")
                .param("keys", ended.stream().map(RecordReader.Ended::personKey).toArray(String[]::new))
                .param("sources", ended.stream().map(RecordReader.Ended::sourceId).toArray(String[]::new))
                .param("since", ended.stream().map(e -> e.since() == null ? null : e.since().toString())
                        .toArray(String[]::new))
                .param("until", ended.stream().map(e -> e.until() == null ? null : e.until().toString())
                        .toArray(String[]::new))
                .update();
    }

    private void insertEnded(List<RecordReader.Ended> ended) {
        if (ended.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO involvement (person_key, source_id, records, since, until)
                SELECT k, s, 0, f::timestamptz, u::timestamptz
                  FROM unnest(:keys::text[], :sources::text[], :since::text[], :until::text[]) AS x(k, s, f, u)
                ON CONFLICT (person_key, source_id) DO NOTHING""")
                .param("keys", ended.stream().map(RecordReader.Ended::personKey).toArray(String[]::new))
                .param("sources", ended.stream().map(RecordReader.Ended::sourceId).toArray(String[]::new))
                .param("since", ended.stream().map(e -> e.since() == null ? null : e.since().toString())
                        .toArray(String[]::new))
                .param("until", ended.stream().map(e -> e.until() == null ? null : e.until().toString())
                        .toArray(String[]::new))
                .update();
    }

    /**
     * The first start after this module arrived: the records are there, the involvement table is
     * empty. Past involvements are built too, so a rebuilt table still says until when a person was in
     * a program. Built in one transaction, so that a crash leaves it empty and the next start builds it.
     */
    @EventListener
    void onReady(ApplicationReadyEvent ready) {
        jp.tsunagu.platform.ApplicationStop.duringStart(ready.getApplicationContext(), "制度の関わりの索引の作成",
                this::buildIfMissing);
    }

    /** The build of {@link #onReady}: nothing when the table has rows or there are no records. */
    void buildIfMissing() {
        boolean empty = !jdbc.sql("SELECT EXISTS (SELECT 1 FROM involvement)").query(Boolean.class).single();
        if (!empty || !records.anyRecords()) {
            return;
        }
        long[] persons = {0};
        transaction.executeWithoutResult(status -> {
            // alone: a run's listener re-delivered by the same start (after a crash) waits for the build, and
            // the build waits for one already running (both writing the same persons' rows deadlocked)
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('programs.involvement'), 0)").query((rs, n) -> 1).list();
            if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM involvement)").query(Boolean.class).single()) {
                return;
            }
            log.info("制度の関わりの索引を、取込済みのレコードから作ります");
            List<RecordReader.Holding> batch = new ArrayList<>(BATCH);
            String[] source = {null};
            records.forEachHolding(h -> {
                if (!h.sourceId().equals(source[0]) || batch.size() == BATCH) {
                    upsert(source[0], batch);
                    batch.clear();
                    source[0] = h.sourceId();
                }
                batch.add(h);
                persons[0]++;
            });
            upsert(source[0], batch);
            List<RecordReader.Ended> ended = new ArrayList<>(BATCH);
            records.forEachEnded(e -> {
                ended.add(e);
                if (ended.size() == BATCH) {
                    insertEnded(ended);
                    ended.clear();
                }
                persons[0]++;
            });
            insertEnded(ended);
            records.currentRuns().forEach(this::taken);
        });
        if (persons[0] > 0) {
            log.info("制度の関わりの索引を作りました: {} 件", persons[0]);
        }
    }
}
