package jp.tsunagu.importing;

import java.time.Instant;
import java.util.List;

/**
 * The report of one import run (取込結果), as printed by the command line and shown on screen.
 */
public record ImportReport(long runId, String sourceId, String fileName, String sha256, ImportStatus status,
        String message, long rowsRead, long added, long changed, long ended, long unchanged, long rejectedRows,
        long errorCount, long warningCount, List<String> problems, Instant startedAt, long durationMillis) {

    public int exitCode() {
        return status.exitCode();
    }
}
