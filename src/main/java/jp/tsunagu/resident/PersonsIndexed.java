package jp.tsunagu.resident;

/**
 * Published when the person index has taken in a master import (宛名索引の更新): lists built over the index
 * (the evacuation-support list) recompute from here, not from the import's own event, which they would
 * otherwise race with the index.
 *
 * @param runId the master import's run
 * @param sourceId the master source (住民記録, 住登外)
 */
public record PersonsIndexed(long runId, String sourceId) {
}
