package jp.tsunagu.importing;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a staged difference in one transaction (差分反映): closes the versions that changed or
 * ended into history, writes the new versions, records each change, moves the source's current
 * run, and publishes {@link SnapshotApplied} — all or nothing. Readers see the old snapshot or the
 * new one, never a mix.
 */
@Component
class SnapshotApply {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SnapshotApply.class);

    private final JdbcClient jdbc;
    private final ImportRuns runs;
    private final ApplicationEventPublisher events;

    SnapshotApply(JdbcClient jdbc, ImportRuns runs, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.events = events;
    }

    @Transactional
    ImportReport apply(SnapshotImport.Outcome outcome) {
        String sourceId = outcome.source().id();
        lockAndCheckBase(sourceId, outcome.base().runId(), outcome.runId());
        SnapshotImport.Counts c = outcome.counts();
        boolean anyChange = c.added + c.changed + c.ended > 0;
        if (anyChange) {
            applyStage(outcome.runId(), sourceId);
        }
        String message = anyChange ? "反映しました" : "現在のデータと同じ内容でした (変更なし)";
        if (c.kept > 0) {
            message += "。読み込めない " + c.kept + " 行は、前回の記録をそのまま残しました";
        }
        runs.record(outcome, anyChange ? ImportStatus.APPLIED : ImportStatus.UNCHANGED, message,
                outcome.base().runId());
        moveCurrentRun(sourceId, outcome.runId(), c.added - c.ended);
        events.publishEvent(new SnapshotApplied(outcome.runId(), sourceId, outcome.source().role(), c.added,
                c.changed, c.ended));
        return runs.report(outcome.runId());
    }

    /**
     * Makes a freshly loaded table the source's partition (inside the caller's transaction, which
     * loaded it): builds its indexes, replaces the empty partition and moves the current run.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void attachFirstSnapshot(SnapshotImport.Outcome outcome, String table) {
        String sourceId = outcome.source().id();
        lockAndCheckBase(sourceId, outcome.base().runId(), outcome.runId());
        String partition = jdbc.sql("SELECT partition_table FROM source WHERE source_id = :s").param("s", sourceId)
                .query(String.class).single();
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + partition + ")").query(Boolean.class).single()) {
            throw new IllegalStateException("連携元 " + sourceId + " の現在のレコードが空ではありません");
        }
        String name = table.substring(table.indexOf('.') + 1);
        timed("index key", () -> jdbc.sql("CREATE UNIQUE INDEX " + name + "_key ON " + table
                + " (key_hash) INCLUDE (row_hash, raw_hash)").update());
        timed("index person", () -> jdbc.sql("CREATE INDEX " + name + "_person ON " + table + " (person_key)").update());
        jdbc.sql("ALTER TABLE source_record DETACH PARTITION " + partition).update();
        jdbc.sql("DROP TABLE " + partition).update();
        jdbc.sql("ALTER TABLE " + table + " SET SCHEMA public").update();
        jdbc.sql("ALTER TABLE " + name + " RENAME TO " + partition).update();
        jdbc.sql("ALTER INDEX " + name + "_key RENAME TO " + partition + "_key").update();
        timed("attach", () -> jdbc.sql("ALTER TABLE source_record ATTACH PARTITION " + partition + " FOR VALUES IN ('"
                + sourceId + "')").update());
        SnapshotImport.Counts c = outcome.counts();
        runs.record(outcome, c.added > 0 ? ImportStatus.APPLIED : ImportStatus.UNCHANGED,
                c.added > 0 ? "反映しました (初回の取込: この連携元の基準となるデータです)" : "レコードが0件のファイルでした",
                outcome.base().runId());
        moveCurrentRun(sourceId, outcome.runId(), c.added);
        events.publishEvent(new SnapshotApplied(outcome.runId(), sourceId, outcome.source().role(), c.added, 0, 0));
    }

    private void timed(String what, Runnable r) {
        long t = System.nanoTime();
        r.run();
        if (log.isDebugEnabled()) {
            log.debug("{}: {} ms", what, (System.nanoTime() - t) / 1_000_000);
        }
    }

    private void moveCurrentRun(String sourceId, long runId, long recordDelta) {
        jdbc.sql("UPDATE source SET current_run = :r, record_count = record_count + :d WHERE source_id = :s")
                .param("r", runId).param("d", recordDelta).param("s", sourceId).update();
    }

    @Transactional
    ImportReport applyHeld(ImportRuns.HeldRun held, SourceDefinition source, String user) {
        lockAndCheckBase(source.id(), held.baseRun(), held.runId());
        applyStage(held.runId(), source.id());
        jdbc.sql("""
                UPDATE import_run SET status = 'APPLIED', decided_by = :u, decided_at = now(),
                    message = message || ' → ' || :u || ' が確認し反映しました'
                WHERE run_id = :r
                """).param("u", user).param("r", held.runId()).update();
        var counts = jdbc.sql("SELECT added, changed, ended FROM import_run WHERE run_id = :r")
                .param("r", held.runId()).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .single();
        moveCurrentRun(source.id(), held.runId(), counts[0] - counts[2]);
        events.publishEvent(new SnapshotApplied(held.runId(), source.id(), source.role(), counts[0], counts[1],
                counts[2]));
        return runs.report(held.runId());
    }

    /** The diff was taken against the base run; if another import moved the source since, it is stale. */
    private void lockAndCheckBase(String sourceId, Long baseRun, long runId) {
        long current = jdbc.sql("SELECT coalesce(current_run, 0) FROM source WHERE source_id = :s FOR UPDATE")
                .param("s", sourceId).query(Long.class).single();
        if (current != (baseRun == null ? 0 : baseRun)) {
            throw new IllegalStateException("取込番号 " + runId + " の差分は取込番号 " + baseRun
                    + " に対するものですが、その後に取込番号 " + current + " が反映されています。ファイルをもう一度取り込んでください");
        }
    }

    private void applyStage(long runId, String sourceId) {
        String stage = "import_stage.run_" + runId;
        jdbc.sql("ANALYZE " + stage).update();
        // a difference is small next to the source: every statement below goes through the key index
        jdbc.sql("SET LOCAL enable_seqscan = off").update();
        timed("ended", () -> jdbc.sql("""
                WITH ended AS (
                    DELETE FROM source_record r USING %s s
                     WHERE s.kind = 'E' AND r.source_id = :src AND r.key_hash = s.key_hash
                    RETURNING r.*),
                history AS (
                    INSERT INTO source_record_history
                        (source_id, record_key, key_hash, person_key, data, row_hash, raw_hash, valid_from_run, valid_to_run)
                    SELECT source_id, record_key, key_hash, person_key, data, row_hash, raw_hash, valid_from_run, :run
                      FROM ended)
                INSERT INTO record_change (run_id, source_id, record_key, key_hash, person_key, kind)
                SELECT :run, source_id, record_key, key_hash, person_key, 'E' FROM ended
                """.formatted(stage)).param("src", sourceId).param("run", runId).update());
        timed("changed", () -> jdbc.sql("""
                WITH old AS (
                    SELECT r.* FROM source_record r JOIN %1$s s
                        ON s.kind = 'C' AND r.source_id = :src AND r.key_hash = s.key_hash),
                history AS (
                    INSERT INTO source_record_history
                        (source_id, record_key, key_hash, person_key, data, row_hash, raw_hash, valid_from_run, valid_to_run)
                    SELECT source_id, record_key, key_hash, person_key, data, row_hash, raw_hash, valid_from_run, :run
                      FROM old),
                updated AS (
                    UPDATE source_record r
                       SET person_key = s.person_key, data = s.data::json, row_hash = s.row_hash,
                           raw_hash = s.raw_hash, valid_from_run = :run
                      FROM %1$s s
                     WHERE s.kind = 'C' AND r.source_id = :src AND r.key_hash = s.key_hash)
                INSERT INTO record_change (run_id, source_id, record_key, key_hash, person_key, kind)
                SELECT :run, :src, record_key, key_hash, person_key, 'C' FROM %1$s WHERE kind = 'C'
                """.formatted(stage)).param("src", sourceId).param("run", runId).update());
        timed("added", () -> jdbc.sql("""
                WITH added AS (
                    INSERT INTO source_record (source_id, record_key, key_hash, person_key, data, row_hash,
                                               raw_hash, valid_from_run)
                    SELECT :src, record_key, key_hash, person_key, data::json, row_hash, raw_hash, :run
                      FROM %s WHERE kind = 'A'
                    RETURNING record_key, key_hash, person_key)
                INSERT INTO record_change (run_id, source_id, record_key, key_hash, person_key, kind)
                SELECT :run, :src, record_key, key_hash, person_key, 'A' FROM added
                """.formatted(stage)).param("src", sourceId).param("run", runId).update());
    }
}
