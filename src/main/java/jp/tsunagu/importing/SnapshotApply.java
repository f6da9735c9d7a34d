package jp.tsunagu.importing;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a staged difference in one transaction (差分反映): closes the versions that changed or
 * ended into history, writes the new versions, records each change, moves the source's current
 * run, and publishes {@link SnapshotApplied} — all or nothing. Readers see the old snapshot or the
 * new one, never a mix.
 */
@Component
class SnapshotApply {

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
        runs.record(outcome, anyChange ? ImportStatus.APPLIED : ImportStatus.UNCHANGED,
                anyChange ? "反映しました" : "現在のデータと同じ内容でした (変更なし)", outcome.base().runId());
        jdbc.sql("UPDATE source SET current_run = :r WHERE source_id = :s").param("r", outcome.runId())
                .param("s", sourceId).update();
        events.publishEvent(new SnapshotApplied(outcome.runId(), sourceId, outcome.source().role(), c.added,
                c.changed, c.ended));
        return runs.report(outcome.runId());
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
        jdbc.sql("UPDATE source SET current_run = :r WHERE source_id = :s").param("r", held.runId())
                .param("s", source.id()).update();
        var counts = jdbc.sql("SELECT added, changed, ended FROM import_run WHERE run_id = :r")
                .param("r", held.runId()).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .single();
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
        jdbc.sql("""
                WITH ended AS (
                    DELETE FROM source_record r USING %s s
                     WHERE s.kind = 'E' AND r.source_id = :src AND r.key_hash = s.key_hash
                    RETURNING r.*),
                history AS (
                    INSERT INTO source_record_history
                        (source_id, record_key, person_key, data, row_hash, valid_from_run, valid_to_run)
                    SELECT source_id, record_key, person_key, data, row_hash, valid_from_run, :run FROM ended)
                INSERT INTO record_change (run_id, source_id, record_key, person_key, kind)
                SELECT :run, source_id, record_key, person_key, 'E' FROM ended
                """.formatted(stage)).param("src", sourceId).param("run", runId).update();
        jdbc.sql("""
                WITH old AS (
                    SELECT r.* FROM source_record r JOIN %1$s s
                        ON s.kind = 'C' AND r.source_id = :src AND r.record_key = s.record_key),
                history AS (
                    INSERT INTO source_record_history
                        (source_id, record_key, person_key, data, row_hash, valid_from_run, valid_to_run)
                    SELECT source_id, record_key, person_key, data, row_hash, valid_from_run, :run FROM old),
                updated AS (
                    UPDATE source_record r
                       SET person_key = s.person_key, data = s.data::jsonb, row_hash = s.row_hash,
                           valid_from_run = :run
                      FROM %1$s s
                     WHERE s.kind = 'C' AND r.source_id = :src AND r.record_key = s.record_key)
                INSERT INTO record_change (run_id, source_id, record_key, person_key, kind)
                SELECT :run, :src, record_key, person_key, 'C' FROM %1$s WHERE kind = 'C'
                """.formatted(stage)).param("src", sourceId).param("run", runId).update();
        jdbc.sql("""
                WITH added AS (
                    INSERT INTO source_record (source_id, record_key, key_hash, person_key, data, row_hash,
                                               valid_from_run)
                    SELECT :src, record_key, key_hash, person_key, data::jsonb, row_hash, :run
                      FROM %s WHERE kind = 'A'
                    RETURNING record_key, person_key)
                INSERT INTO record_change (run_id, source_id, record_key, person_key, kind)
                SELECT :run, :src, record_key, person_key, 'A' FROM added
                """.formatted(stage)).param("src", sourceId).param("run", runId).update();
    }
}
