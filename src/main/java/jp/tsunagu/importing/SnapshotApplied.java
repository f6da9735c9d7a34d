package jp.tsunagu.importing;

/**
 * Published after a snapshot's differences were committed (取込反映). Listeners read the changes
 * of the run from {@code record_change}.
 *
 * @param runId the import run
 * @param sourceId the source
 * @param role program or master source
 * @param added records added
 * @param changed records changed
 * @param ended records ended
 */
public record SnapshotApplied(long runId, String sourceId, SourceRole role, long added, long changed, long ended) {
}
