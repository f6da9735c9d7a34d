package jp.tsunagu.importing;

import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read access to what an applied import changed (取込の変更内容), for the modules that react to
 * {@link SnapshotApplied}.
 */
@Service
public class SourceRecords {

    /**
     * One record an import added, changed or ended.
     *
     * @param kind {@code A} added, {@code C} changed, {@code E} ended
     * @param data the values after the change as JSON, or for an ended record the last values
     */
    public record Change(String sourceId, String recordKey, String personKey, char kind, String data) {
    }

    /**
     * One record an import added, changed or ended, with its values before and after (異動の前後).
     *
     * @param kind {@code A} added, {@code C} changed, {@code E} ended
     * @param before the values before the run as JSON ({@code null} for an added record)
     * @param after the values the run made as JSON ({@code null} for an ended record)
     */
    public record Difference(String sourceId, String recordKey, String personKey, char kind, String before,
            String after) {
    }

    private final JdbcClient jdbc;

    SourceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Streams the differences of an applied run with the values before and after, in one pass over its
     * change rows (for the life events, which are told by what changed: a new 異動事由, an address, a
     * household). A source's first snapshot has none: it is the baseline, nothing happened to those
     * persons that day.
     */
    @Transactional(readOnly = true)
    public void forEachDifference(long runId, Consumer<Difference> consumer) {
        jdbc.sql("""
                SELECT c.source_id, c.record_key, c.person_key, c.kind, before.data::text,
                       COALESCE(cur.data, after.data)::text
                  FROM record_change c
                  LEFT JOIN source_record_history before
                         ON before.source_id = c.source_id AND before.key_hash = c.key_hash AND before.valid_to_run = c.run_id
                  LEFT JOIN source_record cur
                         ON cur.source_id = c.source_id AND cur.key_hash = c.key_hash AND cur.valid_from_run = c.run_id
                  LEFT JOIN source_record_history after
                         ON after.source_id = c.source_id AND after.key_hash = c.key_hash AND after.valid_from_run = c.run_id
                 WHERE c.run_id = :r""").param("r", runId).withFetchSize(5_000)
                .query(rs -> {
                    consumer.accept(new Difference(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4).charAt(0), rs.getString(5), rs.getString(6)));
                });
    }

    /**
     * Streams the changes of an applied run. A source's first snapshot records no changes (it is the
     * baseline); for it, every record of the run is handed over as added.
     */
    @Transactional(readOnly = true)
    public void forEachChange(long runId, Consumer<Change> consumer) {
        var run = jdbc.sql("""
                SELECT i.base_run IS NULL OR NOT EXISTS (SELECT 1 FROM record_change WHERE run_id = :r), s.partition_table
                  FROM import_run i JOIN source s ON s.source_id = i.source_id WHERE i.run_id = :r""")
                .param("r", runId).query((rs, n) -> new Object[] {rs.getBoolean(1), rs.getString(2)}).single();
        boolean baseline = (Boolean) run[0];
        // the run's source's own partition, not source_record: a reader of the parent table holds a lock on it
        // (and on every partition) until its transaction ends — the person index's first build holds its
        // transaction for minutes — and another source's first import, which swaps its partition in, needs
        // the parent table alone for a moment (issue 19, 8a)
        String partition = (String) run[1];
        String sql = baseline
                ? """
                  SELECT r.source_id, r.record_key, r.person_key, 'A', r.data::text
                    FROM %s r
                   WHERE r.valid_from_run = :r""".formatted(partition)
                : """
                  SELECT c.source_id, c.record_key, c.person_key, c.kind,
                         COALESCE(cur.data, h.data)::text
                    FROM record_change c
                    LEFT JOIN %s cur
                           ON cur.key_hash = c.key_hash AND c.kind <> 'E'
                    LEFT JOIN source_record_history h
                           ON h.source_id = c.source_id AND h.key_hash = c.key_hash AND h.valid_to_run = c.run_id
                          AND c.kind = 'E'
                   WHERE c.run_id = :r""".formatted(partition);
        jdbc.sql(sql).param("r", runId).withFetchSize(5_000)
                .query(rs -> {
                    consumer.accept(new Change(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4).charAt(0), rs.getString(5)));
                });
    }
}
