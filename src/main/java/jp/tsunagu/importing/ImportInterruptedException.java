package jp.tsunagu.importing;

/**
 * An import that a stop of the application interrupted (取込の中断): its transaction was rolled back, nothing
 * of the file was applied, and its run is recorded as {@link ImportStatus#INTERRUPTED}. The same file can be
 * imported again; the inbox leaves such a file where it is, for the next start.
 */
public class ImportInterruptedException extends RuntimeException {

    private final long runId;

    ImportInterruptedException(long runId, String sourceId, Throwable cause) {
        super("取込番号 " + runId + " (" + sourceId + ") はアプリケーションの停止により中断しました", cause);
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
