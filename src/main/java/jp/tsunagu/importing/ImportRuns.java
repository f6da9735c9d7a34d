package jp.tsunagu.importing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The record of import runs (取込履歴): their status, counts, progress and problems. */
@Repository
public class ImportRuns {

    private final JdbcClient jdbc;

    ImportRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    long start(String sourceId, String fileName, long size, String origin, String user) {
        return jdbc.sql("""
                INSERT INTO import_run (source_id, file_name, file_size, sha256, origin, requested_by, status, phase,
                                        base_run)
                VALUES (:s, :f, :size, '', :o, :u, 'RUNNING', '開始', (SELECT current_run FROM source WHERE source_id = :s))
                RETURNING run_id
                """).param("s", sourceId).param("f", fileName).param("size", size).param("o", origin)
                .param("u", user).query(Long.class).single();
    }

    /**
     * Runs of this source still marked running while we hold its lock were interrupted (the process
     * died): mark them interrupted and drop their staging tables.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void failAbandonedRuns(String sourceId) {
        List<Long> abandoned = jdbc.sql("SELECT run_id FROM import_run WHERE source_id = :s AND status = 'RUNNING'")
                .param("s", sourceId).query(Long.class).list();
        for (Long runId : abandoned) {
            jdbc.sql("""
                    UPDATE import_run SET status = 'INTERRUPTED', finished_at = now(), phase = NULL,
                        message = :m
                    WHERE run_id = :r
                    """).param("m", ABANDONED).param("r", runId).update();
            jdbc.sql("DROP TABLE IF EXISTS import_stage.run_" + runId).update();
        }
    }

    /**
     * Progress is written outside the import's transactions so that the screen can show it; without
     * waiting for the disk, since a lost progress figure after a crash does no harm.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void progress(long runId, String phase, long bytes, long rows) {
        jdbc.sql("SET LOCAL synchronous_commit = off").update();
        jdbc.sql("UPDATE import_run SET phase = :p, bytes_read = :b, rows_read = :r WHERE run_id = :id")
                .param("p", phase).param("b", bytes).param("r", rows).param("id", runId).update();
    }

    /** The report of a run that a crash left running. */
    static final String ABANDONED = "取込が中断されました (プロセスの停止など)。以前のデータはそのままです。"
            + "同じファイルをもう一度取り込んでください";
    /** The report of a run that a stop of the application interrupted. */
    static final String STOPPED = "アプリケーションの停止により取込を中断しました。何も反映していません (以前のデータはそのままです)。"
            + "同じファイルをもう一度取り込んでください (受信フォルダのファイルは次の起動で取り込み直します)";

    /** Ends a run that a stop of the application interrupted (its transaction was rolled back). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void interrupted(long runId) {
        jdbc.sql("""
                UPDATE import_run SET status = 'INTERRUPTED', message = :m, finished_at = clock_timestamp(), phase = NULL
                WHERE run_id = :id AND status = 'RUNNING'
                """).param("m", STOPPED).param("id", runId).update();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void fail(long runId, String message) {
        jdbc.sql("""
                UPDATE import_run SET status = 'FAILED', message = :m, finished_at = clock_timestamp(), phase = NULL
                WHERE run_id = :id AND status = 'RUNNING'
                """).param("m", message).param("id", runId).update();
    }

    SnapshotImport.Snapshot currentSnapshot(String sourceId) {
        return jdbc.sql("""
                SELECT s.current_run, r.sha256, s.record_count
                  FROM source s LEFT JOIN import_run r ON r.run_id = s.current_run
                 WHERE s.source_id = :s
                """).param("s", sourceId)
                .query((rs, i) -> new SnapshotImport.Snapshot(rs.getObject(1) == null ? null : rs.getLong(1),
                        rs.getString(2), rs.getLong(3)))
                .single();
    }

    /** Ends a run that did not apply (rejected, duplicate, held), with its report. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    ImportReport finish(SnapshotImport.Outcome o, ImportStatus status, String message) {
        record(o, status, message, o.base().runId());
        return report(o.runId());
    }

    /** Writes the counts, status and problems of a run (inside the caller's transaction). */
    void record(SnapshotImport.Outcome o, ImportStatus status, String message, Long baseRun) {
        SnapshotImport.Counts c = o.counts();
        jdbc.sql("""
                UPDATE import_run SET status = :st, message = :m, sha256 = :sha, rows_read = :rows,
                    added = :a, changed = :c, ended = :e, unchanged = :u, rejected_rows = :rej,
                    warnings = :w, error_count = :err, finished_at = clock_timestamp(), phase = NULL, base_run = :base,
                    bytes_read = file_size
                WHERE run_id = :id
                """)
                .param("st", status.name()).param("m", message).param("sha", o.sha256()).param("rows", o.rowsRead())
                .param("a", c.added).param("c", c.changed).param("e", c.ended).param("u", c.unchanged)
                .param("rej", o.invalidRows()).param("w", o.problems().warnings())
                .param("err", o.problems().errors()).param("base", baseRun).param("id", o.runId())
                .update();
        int seq = 0;
        for (ImportProblem p : o.keptProblems()) {
            jdbc.sql("""
                    INSERT INTO import_error (run_id, seq, severity, kind, line, col, column_name, message, rejected_value)
                    VALUES (:r, :s, :sev, :k, :l, :c, :cn, :m, :v)
                    """).param("r", o.runId()).param("s", seq++).param("sev", p.severity().name())
                    .param("k", p.kind().name())
                    .param("l", p.line()).param("c", p.column()).param("cn", p.columnName())
                    .param("m", p.reason()).param("v", p.value()).update();
        }
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void keepStage(String stage) {
        // a held snapshot must survive a restart: unlogged tables are emptied by crash recovery
        jdbc.sql("ALTER TABLE " + stage + " SET LOGGED").update();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void dropStage(String stage) {
        jdbc.sql("DROP TABLE IF EXISTS " + stage).update();
    }

    /** A held run, checked to be held. */
    record HeldRun(long runId, String sourceId, Long baseRun) {
    }

    HeldRun held(long runId) {
        return jdbc.sql("SELECT run_id, source_id, base_run, status FROM import_run WHERE run_id = :r")
                .param("r", runId)
                .query((rs, i) -> {
                    if (!"HELD".equals(rs.getString(4))) {
                        throw new IllegalStateException("取込番号 " + runId + " は保留中ではありません ("
                                + ImportStatus.valueOf(rs.getString(4)).label() + ")");
                    }
                    return new HeldRun(rs.getLong(1), rs.getString(2),
                            rs.getObject(3) == null ? null : rs.getLong(3));
                })
                .optional().orElseThrow(() -> new IllegalArgumentException("取込番号 " + runId + " はありません"));
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    ImportReport discard(long runId, String user) {
        jdbc.sql("""
                UPDATE import_run SET status = 'DISCARDED', decided_by = :u, decided_at = now(),
                    message = message || ' → 破棄しました (何も反映していません)'
                WHERE run_id = :r AND status = 'HELD'
                """).param("u", user).param("r", runId).update();
        return report(runId);
    }

    /** The full report of a run. */
    public ImportReport report(long runId) {
        List<String> problems = problems(runId).stream().map(p -> p.format(fileName(runId))).toList();
        return jdbc.sql("""
                SELECT run_id, source_id, file_name, sha256, status, message, rows_read, added, changed, ended,
                       unchanged, rejected_rows, error_count, warnings, started_at, finished_at
                  FROM import_run WHERE run_id = :r
                """).param("r", runId)
                .query((rs, i) -> {
                    Instant startedAt = rs.getObject(15, OffsetDateTime.class).toInstant();
                    OffsetDateTime finished = rs.getObject(16, OffsetDateTime.class);
                    long duration = finished == null ? Duration.between(startedAt, Instant.now()).toMillis()
                            : Duration.between(startedAt, finished.toInstant()).toMillis();
                    return new ImportReport(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            ImportStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getLong(7), rs.getLong(8),
                            rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13),
                            rs.getLong(14), problems, startedAt, duration);
                })
                .single();
    }

    public Optional<ImportReport> find(long runId) {
        boolean exists = jdbc.sql("SELECT count(*) FROM import_run WHERE run_id = :r").param("r", runId)
                .query(Integer.class).single() > 0;
        return exists ? Optional.of(report(runId)) : Optional.empty();
    }

    /**
     * The kept problems of a run, with their rejected values: for the operator's report. Screens show
     * the values only to administrators (see {@link ImportProblem}).
     */
    public List<ImportProblem> problems(long runId) {
        return jdbc.sql("""
                SELECT severity, coalesce(kind, 'VALUE'), line, col, column_name, message, rejected_value
                  FROM import_error WHERE run_id = :r ORDER BY seq
                """).param("r", runId)
                .query((rs, i) -> new ImportProblem(ImportProblem.Severity.valueOf(rs.getString(1)),
                        ImportProblem.Kind.valueOf(rs.getString(2)), rs.getLong(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)))
                .list();
    }

    /**
     * The value one problem of a run rejected, for an administrator who asked to see it. The caller
     * records that it was shown before showing it.
     *
     * @param seq the problem's place in the run's list (0-based), as the import screen names it
     * @return empty when the run has no such problem or the problem names no value
     */
    public Optional<RejectedValue> rejectedValue(long runId, int seq) {
        return jdbc.sql("""
                SELECT r.source_id, r.file_name, e.line, e.col, e.column_name, e.message, e.rejected_value
                  FROM import_error e JOIN import_run r ON r.run_id = e.run_id
                 WHERE e.run_id = :r AND e.seq = :s AND e.rejected_value IS NOT NULL
                """).param("r", runId).param("s", seq)
                .query((rs, i) -> new RejectedValue(runId, rs.getString(1), rs.getString(2), seq, rs.getLong(3),
                        rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .optional();
    }

    private String fileName(long runId) {
        return jdbc.sql("SELECT file_name FROM import_run WHERE run_id = :r").param("r", runId)
                .query(String.class).optional().orElse("?");
    }
}
