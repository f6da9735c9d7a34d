package jp.tsunagu.importing;

/**
 * One error or warning of an import (取込エラー), located by line and column of the file.
 *
 * @param severity an error rejects (or skips) the row; a warning is only reported
 * @param line the file's line where the record starts (1-based), or 0 for the file as a whole
 * @param column the 1-based column, or 0 when the problem is not one column's
 * @param columnName the column's header name, when known
 * @param message what is wrong, in Japanese
 */
public record ImportProblem(Severity severity, long line, int column, String columnName, String message) {

    public enum Severity {
        ERROR, WARNING
    }

    /** {@code file:line:column: reason}, the form operators grep for. */
    public String format(String fileName) {
        StringBuilder sb = new StringBuilder(fileName);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (severity == Severity.WARNING) {
            sb.append("警告: ");
        }
        if (columnName != null && !columnName.isEmpty()) {
            sb.append('[').append(columnName).append("] ");
        }
        return sb.append(message).toString();
    }
}
