package jp.tsunagu.importing;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import jp.tsunagu.importing.ImportProblem.Kind;

/**
 * One run while its file is read (取込の経過): the run, its source and base snapshot, the stream
 * that hashes the file as it is read, what the comparison counted and the problems found. Both ways
 * of importing (a first load, a next snapshot) work on it, so that neither passes these around.
 */
final class ImportContext implements AutoCloseable {

    final long runId;
    final SourceDefinition source;
    final String fileName;
    final Instant started;
    final SnapshotImport.Snapshot base;
    final ProblemCollector problems;
    final SnapshotImport.Counts counts = new SnapshotImport.Counts();
    private final MessageDigest sha;
    private final PrefetchingDigestStream input;

    ImportContext(long runId, SourceDefinition source, String fileName, Instant started, SnapshotImport.Snapshot base,
            InputStream raw, int keptProblems) {
        this.runId = runId;
        this.source = source;
        this.fileName = fileName;
        this.started = started;
        this.base = base;
        this.problems = new ProblemCollector(keptProblems);
        this.sha = sha256();
        this.input = new PrefetchingDigestStream(raw, sha);
    }

    /** The file, hashed and counted as the parser reads it. */
    PrefetchingDigestStream input() {
        return input;
    }

    /** Bytes of the file read so far. */
    long bytesRead() {
        return input.count();
    }

    /**
     * Whether the row's record key came earlier in this file (then reported and counted), else
     * remembers it in {@code fileKeys}.
     */
    boolean isDuplicate(ParsedRow row, LongLongMap fileKeys) {
        long firstLine = fileKeys.putIfAbsent(row.keyHash(), row.line(), -1);
        if (firstLine >= 0) {
            duplicate(row, firstLine);
            return true;
        }
        return false;
    }

    void duplicate(ParsedRow row, long firstLine) {
        problems.error(Kind.ROW, row.line(), 0, String.join("+", source.recordKey()),
                "レコードキーが重複しています (" + firstLine + " 行目と同じ)", row.recordKey().replace('\u001F', '+'));
        counts.duplicates++;
    }

    /** Skipped rows whose key is a current record, by key hash: kept unless a valid row has the key. */
    private final java.util.Map<Long, SnapshotParser.SkippedRow> skippedCurrent = new java.util.HashMap<>();

    /**
     * Notes a row skipped for its problems (with {@code invalidRows: skip}) whose key is a current
     * record, so that {@link #keptOnSkip} keeps that record rather than ending it. A row whose keys
     * could not be read cannot keep anything, and the report says so at once. Only as many rows are
     * remembered as may be skipped: past that the file is rejected anyway.
     */
    void skipped(SnapshotParser.SkippedRow row, LongLongMap currentHashes) {
        if (source.invalidRows() != SourceDefinition.InvalidRows.SKIP) {
            return;
        }
        if (!row.keysRead()) {
            problems.warning(Kind.ROW, row.line(), 0, null, "読み込めない行で、宛名番号 (レコードキー) が読めないため、"
                    + "前回の記録を残せません。この行の人に前回の記録があれば、ファイルにない人と同じく終了になります", null);
            return;
        }
        if (currentHashes.containsKey(row.keyHash()) && skippedCurrent.size() <= source.maxSkippedRows()) {
            skippedCurrent.putIfAbsent(row.keyHash(), row);
        }
    }

    /**
     * For a current record no valid row of the file had: whether a skipped row had its key, and so it
     * is kept as it is (neither ended nor changed). The report names the person key as the problem's
     * value, which only administrators see.
     */
    boolean keptOnSkip(long keyHash) {
        SnapshotParser.SkippedRow row = skippedCurrent.get(keyHash);
        if (row == null) {
            return false;
        }
        counts.kept++;
        problems.warning(Kind.ROW, row.line(), 0, "宛名番号", "読み込めない行のため、この宛名番号の前回の記録をそのまま残しました",
                row.personKey());
        return true;
    }

    /** What the run found, once the whole file has been read. */
    SnapshotImport.Outcome outcome(SnapshotParser parser) {
        input.finish();
        return new SnapshotImport.Outcome(runId, source, fileName, HexFormat.of().formatHex(sha.digest()),
                parser.rowsRead(), counts, parser.invalidRows() + counts.duplicates, problems, base, started);
    }

    /** Stops the read-ahead of a file that was not read to its end. */
    @Override
    public void close() {
        input.abandon();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
