package jp.tsunagu.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import jp.tsunagu.platform.ApplicationStop;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports one snapshot of a source (スナップショット取込): stream the file once (decode, parse,
 * validate, normalise, hash), compare each row with the source's current records by record key and
 * row hash, stage only the differences with {@code COPY}, then apply them in one transaction.
 *
 * <p>A per-source advisory lock serialises imports of one source, across processes too. Nothing is
 * written to the source's records before the apply transaction, whose commit is the only point where
 * the new snapshot becomes visible: a crash at any moment leaves the previous snapshot intact.
 */
@Service
public class SnapshotImport {

    private static final Logger log = LoggerFactory.getLogger(SnapshotImport.class);
    private static final long NO_HASH = Long.MIN_VALUE + 7;

    private final DataSource dataSource;
    private final SourceCatalog catalog;
    private final ImportRuns runs;
    private final SnapshotApply apply;
    private final ImportingProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationStop stop;

    SnapshotImport(DataSource dataSource, SourceCatalog catalog, ImportRuns runs, SnapshotApply apply,
            ImportingProperties properties, TransactionTemplate transactions, ApplicationStop stop) {
        this.transactions = transactions;
        this.stop = stop;
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.runs = runs;
        this.apply = apply;
        this.properties = properties;
    }

    /** Imports a file from disk. */
    public ImportReport importFile(String sourceId, Path file, String origin, String user) {
        try (InputStream in = Files.newInputStream(file)) {
            return importStream(sourceId, file.getFileName().toString(), Files.size(file), in, origin, user);
        } catch (IOException e) {
            throw new UncheckedIOException("ファイルを開けません: " + file, e);
        }
    }

    /** Imports a snapshot read from a stream, read exactly once. */
    public ImportReport importStream(String sourceId, String fileName, long size, InputStream in, String origin,
            String user) {
        SourceDefinition source = catalog.get(sourceId);
        Instant started = Instant.now();
        try (Connection lock = dataSource.getConnection()) {
            lockSource(lock, sourceId);
            runs.failAbandonedRuns(sourceId);
            long runId = runs.start(sourceId, fileName, size, origin, user);
            try {
                return run(source, runId, fileName, in, started);
            } catch (RuntimeException | Error e) {
                if (stop.requested()) {
                    throw interrupted(runId, sourceId, e);
                }
                runs.fail(runId, "取込中に予期しないエラーが発生しました: " + e.getMessage());
                dropStage(runId);
                throw e;
            } finally {
                unlockSource(lock, sourceId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("データベースに接続できません: " + e.getMessage(), e);
        }
    }

    /**
     * Records a run that a stop interrupted (its statement was cancelled or it saw the stop between rows; its
     * transaction is rolled back). The thread's interrupt is set aside meanwhile: the pool would refuse an
     * interrupted thread a connection.
     */
    private ImportInterruptedException interrupted(long runId, String sourceId, Throwable cause) {
        boolean interrupt = Thread.interrupted();
        try {
            recordInterrupted(runId);
        } finally {
            if (interrupt) {
                Thread.currentThread().interrupt();
            }
        }
        log.warn("取込 {} ({}) はアプリケーションの停止により中断しました。何も反映していません", runId, sourceId);
        return new ImportInterruptedException(runId, sourceId, cause);
    }

    /**
     * Records the run as 中断 and drops its staging table. The stop cancels the statements that are running at its
     * moment ({@code ApplicationStop}): when the import saw the stop between rows just before, the statement that
     * records it may be the one cancelled (StopAndStartTests met it once: the file then went to {@code .rejected}
     * as a failure). Both steps can run twice, so they run once more; if that fails too, the run stays 実行中 and
     * the next start records it as interrupted ({@code ImportStartup}).
     */
    private void recordInterrupted(long runId) {
        for (int attempt = 1; ; attempt++) {
            try {
                runs.interrupted(runId);
                dropStage(runId);
                return;
            } catch (RuntimeException e) {
                if (attempt == 2) {
                    log.warn("取込 {} の中断を記録できませんでした。次の起動で記録します: {}", runId, e.getMessage());
                    return;
                }
            }
        }
    }

    /** Between rows: a stop of the application ends the import here (the caller records it as 中断). */
    private void stopIfRequested() {
        if (stop.requested()) {
            throw new IllegalStateException("アプリケーションの停止");
        }
    }

    private ImportReport run(SourceDefinition source, long runId, String fileName, InputStream raw, Instant started) {
        Snapshot current = runs.currentSnapshot(source.id());
        try (ImportContext run = new ImportContext(runId, source, fileName, started, current, raw,
                properties.maxReportedErrors())) {
            return current.records() == 0 ? firstLoad(run) : nextSnapshot(run);
        }
    }

    /**
     * A source without records gets its partition built whole: rows are copied into a fresh table
     * in the apply transaction, indexes are built afterwards, and the table replaces the empty
     * partition. One transaction from the first byte to the commit: a rejection or a crash leaves
     * nothing behind.
     */
    private ImportReport firstLoad(ImportContext run) {
        long runId = run.runId;
        SourceDefinition source = run.source;
        SnapshotParser parser = new SnapshotParser(source, run.problems,
                rows -> runs.progress(runId, "解析・書込中", run.bytesRead(), rows), encodingMismatch(source));
        String table = "import_stage.load_" + runId;
        long t0 = System.nanoTime();
        long cpu0 = cpu();
        // the transaction answers the outcome of a rejected file (rolled back), or null once applied
        Outcome rejected = transactions.execute(tx -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            boolean sound;
            try {
                try (Statement st = connection.createStatement()) {
                    // the partition constraint as a CHECK from the start: COPY checks each row as it
                    // goes, and ATTACH PARTITION then needs no scan of a million rows
                    st.execute("CREATE TABLE " + table + " (LIKE source_record, CONSTRAINT load_" + runId
                            + "_source CHECK (source_id = '" + source.id().replace("'", "''") + "'))");
                }
                var copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                        + " (source_id, record_key, key_hash, person_key, data, row_hash, raw_hash, valid_from_run) FROM STDIN"
                        + " WITH (FORMAT binary, FREEZE)");
                LongLongMap fileKeys = new LongLongMap(1 << 16);
                String prefix = source.id();
                try (CopyTextWriter out = new CopyTextWriter(copyIn)) {
                    out.binaryHeader();
                    sound = parser.parse(run.input(), row -> {
                        stopIfRequested();
                        if (run.isDuplicate(row, fileKeys)) {
                            return;
                        }
                        run.counts.added++;
                        writeRecord(out, prefix, row, runId);
                    });
                    out.binaryTrailer();
                    out.finish();
                }
            } catch (SQLException | UncheckedIOException e) {
                throw new IllegalStateException("取込データを書き込めません: " + e.getMessage(), e);
            }
            Outcome outcome = run.outcome(parser);
            if (isRejected(sound, outcome)) {
                tx.setRollbackOnly();
                return outcome;
            }
            if (log.isDebugEnabled()) {
                log.debug("first load parse+copy: {} ms (this thread's CPU {} ms)", (System.nanoTime() - t0) / 1_000_000,
                        (cpu() - cpu0) / 1_000_000);
            }
            runs.progress(runId, "索引作成・反映中", run.bytesRead(), parser.rowsRead());
            apply.attachFirstSnapshot(outcome, table);
            return null;
        });
        long t1 = System.nanoTime();
        log.info("取込 {} ({}): 初回 {} 件, 解析・書込・索引・反映 {} ms", runId, source.id(), run.counts.added,
                (t1 - t0) / 1_000_000);
        if (rejected != null) {
            return runs.finish(rejected, ImportStatus.REJECTED, rejectionMessage(rejected));
        }
        return runs.report(runId);
    }

    /** A source with records: only the differences are staged and applied. */
    private ImportReport nextSnapshot(ImportContext run) {
        long runId = run.runId;
        SourceDefinition source = run.source;
        Snapshot current = run.base;
        Counts counts = run.counts;
        long t0 = System.nanoTime();
        long cpu0 = cpu();
        LongLongMap currentHashes = loadCurrentHashes(source.id(), current.records());
        long t1 = System.nanoTime();
        // keys seen in this file that are not current records (those are marked in currentHashes)
        LongLongMap fileKeys = new LongLongMap(1024);
        String stage = "import_stage.run_" + runId;
        SnapshotParser parser = new SnapshotParser(source, run.problems,
                rows -> runs.progress(runId, "解析・比較中", run.bytesRead(), rows), encodingMismatch(source));
        // a skipped row keeps its person's current record rather than ending it
        parser.onSkipped(skipped -> run.skipped(skipped, currentHashes));
        boolean structurallySound;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE UNLOGGED TABLE " + stage + " (line BIGINT, kind CHAR(1) NOT NULL, record_key TEXT,"
                        + " key_hash BIGINT NOT NULL, person_key TEXT, row_hash BIGINT, raw_hash BIGINT, data TEXT)");
            }
            var copyIn = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + stage + " (line, kind, record_key, key_hash, person_key, row_hash, raw_hash, data)"
                            + " FROM STDIN");
            try (CopyTextWriter out = new CopyTextWriter(copyIn)) {
                parser.skipUnchanged((keyHash, rawHash) -> currentHashes.get2(keyHash, NO_HASH) == rawHash);
                structurallySound = parser.parse(run.input(), row -> {
                    stopIfRequested();
                    long firstLine = currentHashes.see(row.keyHash(), row.line());
                    if (firstLine == LongLongMap.ABSENT) {
                        // not a current record: added, unless this file had the key before
                        if (run.isDuplicate(row, fileKeys)) {
                            return;
                        }
                        counts.added++;
                        writeStage(out, row, 'A');
                    } else if (firstLine != LongLongMap.FIRST_SEEN) {
                        run.duplicate(row, firstLine);
                    } else if (row.unchangedByRawFields()
                            || currentHashes.get(row.keyHash(), NO_HASH) == row.rowHash()) {
                        counts.unchanged++;
                    } else {
                        counts.changed++;
                        writeStage(out, row, 'C');
                    }
                });
                if (structurallySound) {
                    currentHashes.forEachUnseen(keyHash -> {
                        if (run.keptOnSkip(keyHash)) {
                            return;
                        }
                        counts.ended++;
                        writeEnded(out, keyHash);
                    });
                }
                out.finish();
            }
        } catch (SQLException | UncheckedIOException e) {
            throw new IllegalStateException("取込の一時領域に書き込めません: " + e.getMessage(), e);
        }
        long t2 = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug("re-import load+parse/compare: {} ms (this thread's CPU {} ms)", (t2 - t0) / 1_000_000,
                    (cpu() - cpu0) / 1_000_000);
        }
        Outcome outcome = run.outcome(parser);

        if (isRejected(structurallySound, outcome)) {
            dropStage(runId);
            return runs.finish(outcome, ImportStatus.REJECTED, rejectionMessage(outcome));
        }
        if (current.sha256() != null && current.sha256().equals(outcome.sha256())) {
            dropStage(runId);
            return runs.finish(outcome, ImportStatus.DUPLICATE,
                    "このファイルは取込番号 " + current.runId() + " で取込済みです。何もしていません");
        }
        if (counts.ended > source.holdShare() * current.records()) {
            runs.keepStage(stage);
            return runs.finish(outcome, ImportStatus.HELD, String.format(
                    "現在の %,d 件のうち %,d 件 (%.1f%%) が終了になるため保留しました。"
                            + "書き出しの誤りでないか確認し、管理者が反映または破棄してください (上限 %.0f%%)",
                    current.records(), counts.ended, 100.0 * counts.ended / current.records(),
                    source.holdShare() * 100));
        }
        runs.progress(runId, "反映中", run.bytesRead(), parser.rowsRead());
        ImportReport report = apply.apply(outcome);
        long t3 = System.nanoTime();
        dropStage(runId);
        log.info("取込 {} ({}): 現在の {} 件の読込 {} ms, 解析・比較 {} ms, 反映 {} ms", runId, source.id(),
                current.records(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        return report;
    }

    private SourceDefinition.EncodingMismatch encodingMismatch(SourceDefinition source) {
        return source.encodingMismatch() != null ? source.encodingMismatch() : properties.encodingMismatch();
    }

    private static boolean isRejected(boolean structurallySound, Outcome o) {
        return !structurallySound || o.problems().errors() > 0
                && (o.source().invalidRows() == SourceDefinition.InvalidRows.REJECT
                        || o.invalidRows() > o.source().maxSkippedRows());
    }

    private static String rejectionMessage(Outcome o) {
        if (o.problems().fileUnreadable()) {
            return "ファイルを読めないため取り込みませんでした。何も変更していません";
        }
        if (o.source().invalidRows() == SourceDefinition.InvalidRows.SKIP && o.invalidRows() > o.source().maxSkippedRows()) {
            return "不正な行が " + o.invalidRows() + " 行あり、上限 " + o.source().maxSkippedRows()
                    + " 行を超えたため取り込みませんでした。何も変更していません";
        }
        return "エラーが " + o.problems().errors() + " 件あるため取り込みませんでした。何も変更していません";
    }

    /** Applies a held snapshot after an administrator confirmed it. */
    public ImportReport confirm(long runId, String user) {
        ImportRuns.HeldRun held = runs.held(runId);
        SourceDefinition source = catalog.get(held.sourceId());
        try (Connection lock = dataSource.getConnection()) {
            lockSource(lock, source.id());
            try {
                ImportReport report = apply.applyHeld(held, source, user);
                dropStage(runId);
                return report;
            } finally {
                unlockSource(lock, source.id());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("データベースに接続できません: " + e.getMessage(), e);
        }
    }

    /** Discards a held snapshot; nothing of it is applied. */
    public ImportReport discard(long runId, String user) {
        runs.held(runId);
        ImportReport report = runs.discard(runId, user);
        dropStage(runId);
        return report;
    }

    /** The (key hash → row hash) pairs of the current records, streamed with COPY in binary form. */
    private LongLongMap loadCurrentHashes(String sourceId, long expected) {
        LongLongMap map = new LongLongMap((int) Math.min(Integer.MAX_VALUE / 4, Math.max(1024, expected)));
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                // the key index holds both hashes: read it alone rather than the whole partition
                st.execute("SET enable_seqscan = off");
            }
            String sql = "COPY (SELECT key_hash, row_hash, raw_hash FROM source_record WHERE source_id = '" + sourceId
                    + "') TO STDOUT (FORMAT binary)";
            var copyOut = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            // one CopyData message a row (the first also carries the header): read the messages
            // as they come rather than through a stream read a few bytes at a time
            byte[] pending = new byte[1 << 16];
            int length = 0;
            boolean header = true;
            byte[] message;
            while ((message = copyOut.readFromCopy()) != null) {
                if (length + message.length > pending.length) {
                    pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, length + message.length));
                }
                System.arraycopy(message, 0, pending, length, message.length);
                length += message.length;
                int p = 0;
                if (header) {
                    if (length < 19) {
                        continue;
                    }
                    int extension = (int) INT.get(pending, 15);
                    if (length < 19 + extension) {
                        continue;
                    }
                    p = 19 + extension;
                    header = false;
                }
                while (length - p >= 2) {
                    short fields = (short) SHORT.get(pending, p);
                    if (fields != 3) {
                        p = length; // the trailer (-1)
                        break;
                    }
                    if (length - p < 38) {
                        break;
                    }
                    map.put((long) LONG.get(pending, p + 6), (long) LONG.get(pending, p + 18),
                            (long) LONG.get(pending, p + 30));
                    p += 38;
                }
                System.arraycopy(pending, p, pending, 0, length - p);
                length -= p;
            }
            try (Statement st = c.createStatement()) {
                st.execute("RESET enable_seqscan");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("現在のレコードを読めません: " + e.getMessage(), e);
        }
        return map;
    }

    /** One record in COPY's binary format: no escaping, and no number to parse on the server. */
    private static void writeRecord(CopyTextWriter out, String sourceId, ParsedRow row, long runId) {
        out.binaryRow(8).binaryText(sourceId).binaryText(row.recordKey()).binaryLong(row.keyHash())
                .binaryText(row.personKey()).binaryText(row.json()).binaryLong(row.rowHash()).binaryLong(row.rawHash())
                .binaryLong(runId);
    }

    private static void writeStage(CopyTextWriter out, ParsedRow row, char kind) {
        out.number(row.line()).ch('\t').ch(kind).ch('\t').text(row.recordKey()).ch('\t').number(row.keyHash())
                .ch('\t').text(row.personKey()).ch('\t').number(row.rowHash()).ch('\t').number(row.rawHash())
                .ch('\t').text(row.json()).ch('\n');
    }

    private static void writeEnded(CopyTextWriter out, long keyHash) {
        out.ascii("\\N\tE\t\\N\t").number(keyHash).ascii("\t\\N\t\\N\t\\N\t\\N\n");
    }

    private void dropStage(long runId) {
        runs.dropStage("import_stage.run_" + runId);
    }

    private static void lockSource(Connection c, String sourceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
            ps.setString(1, "import:" + sourceId);
            ps.execute();
        }
    }

    private static void unlockSource(Connection c, String sourceId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            ps.setString(1, "import:" + sourceId);
            ps.execute();
        } catch (SQLException e) {
            log.warn("取込ロックを解放できません ({}): {}", sourceId, e.getMessage());
        }
    }

    private static final java.lang.invoke.VarHandle SHORT = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }


    /** What the comparison found. */
    static final class Counts {
        long added;
        long changed;
        long ended;
        long unchanged;
        long duplicates;
        /** Current records kept as they were because their row in the file was skipped. */
        long kept;
    }

    /** The current snapshot of a source: its run, that run's file hash and the number of records. */
    record Snapshot(Long runId, String sha256, long records) {
    }

    /** Everything known about a run once the file has been read. */
    record Outcome(long runId, SourceDefinition source, String fileName, String sha256, long rowsRead, Counts counts,
            long invalidRows, ProblemCollector problems, Snapshot base, Instant started) {

        List<ImportProblem> keptProblems() {
            return problems.kept();
        }
    }

}
