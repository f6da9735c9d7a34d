package jp.tsunagu.importing;

/**
 * The value a row of an import had where it was rejected (却下された値), with where it stood. Often
 * personal data: shown to administrators only, each time recorded in the audit trail.
 *
 * @param seq the problem's place in the run's list of problems (0-based)
 * @param line the file's line (1-based), or 0 for the file as a whole
 * @param column the 1-based column, or 0 when the problem is not one column's
 * @param columnName the column's name, when known
 * @param reason what was wrong with it, in Japanese
 * @param value the value as the file held it
 */
public record RejectedValue(long runId, String sourceId, String fileName, int seq, long line, int column,
        String columnName, String reason, String value) {
}
