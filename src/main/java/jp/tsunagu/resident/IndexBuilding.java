package jp.tsunagu.resident;

/**
 * A first index of a master source being built (索引作成中), as the import screen shows it.
 *
 * @param sourceId the master source
 * @param runId its import run
 * @param phase {@code rows} (persons being written), {@code indexes} (search indexes being built) or
 *     {@code swap} (the built index being put in place)
 * @param rowsTotal persons of the snapshot
 * @param rowsDone persons written so far
 * @param indexesTotal search indexes to build
 * @param indexesDone search indexes built
 * @param percent the share of the work done, 0–99
 * @param rate persons written a second
 * @param remainingSeconds an estimate of the seconds left, {@code null} before there is one
 */
public record IndexBuilding(String sourceId, long runId, String phase, long rowsTotal, long rowsDone,
        int indexesTotal, int indexesDone, int percent, double rate, Long remainingSeconds) {
}
