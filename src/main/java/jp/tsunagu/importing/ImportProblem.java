package jp.tsunagu.importing;

/**
 * One error or warning of an import (取込エラー), located by line and column of the file.
 *
 * <p>The rejected value (却下された値) is kept apart from the reason: it is whatever the file held in
 * that column, and a file with shifted columns puts names and addresses there. The import screen
 * shows the reason to every staff member and the value only to administrators, masked until one of
 * them asks for it (which is audited); the command line, run by the operator, prints both.
 *
 * @param severity an error rejects (or skips) the row; a warning is only reported
 * @param kind what the problem is about: the file as a whole, a row, or one value
 * @param line the file's line where the record starts (1-based), or 0 for the file as a whole
 * @param column the 1-based column, or 0 when the problem is not one column's
 * @param columnName the column as the file's header names it (with the hub's label in brackets when
 *     that differs), when known
 * @param reason what is wrong, in Japanese, without the value
 * @param value the value the file held, as read, or {@code null} when the problem names none
 */
public record ImportProblem(Severity severity, Kind kind, long line, int column, String columnName, String reason,
        String value) {

    public enum Severity {
        ERROR, WARNING
    }

    /**
     * 問題の種類: decides what a problem means for the run without reading its message.
     */
    public enum Kind {
        /** The file cannot be read as this source's CSV at all (wrong file type, encoding, CSV structure, header). */
        FILE,
        /** One row cannot be taken: its shape or its record key. */
        ROW,
        /** One value breaks its field's rules. */
        VALUE
    }

    /** {@code file:line:column: reason: value}, the form operators grep for. */
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
        sb.append(reason);
        if (value != null) {
            sb.append(": ").append(value);
        }
        return sb.toString();
    }
}
