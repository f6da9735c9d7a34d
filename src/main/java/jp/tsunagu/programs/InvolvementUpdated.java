package jp.tsunagu.programs;

/**
 * Published when the involvement table has taken in an applied import (関わりの索引の更新): figures
 * counted over involvement (the insights module's) refresh from here, not from the import's own event,
 * which they would otherwise race with this module's listener.
 *
 * @param runId the import run
 * @param sourceId its source
 */
public record InvolvementUpdated(long runId, String sourceId) {
}
