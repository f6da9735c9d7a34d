package jp.tsunagu.importing;

import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.importing.ImportProblem.Kind;
import jp.tsunagu.importing.ImportProblem.Severity;

/**
 * Collects the problems of one import: keeps the first N of each severity, counts them all, and
 * remembers whether the file as a whole could not be read (even when that problem was not kept).
 */
final class ProblemCollector {

    private final int keep;
    private final List<ImportProblem> kept = new ArrayList<>();
    private long errors;
    private long warnings;
    private boolean fileUnreadable;

    ProblemCollector(int keep) {
        this.keep = keep;
    }

    /** An error that names no value of the file. */
    void error(Kind kind, long line, int column, String columnName, String reason) {
        error(kind, line, column, columnName, reason, null);
    }

    /** An error about a value of the file, which is kept apart from the reason (see {@link ImportProblem}). */
    void error(Kind kind, long line, int column, String columnName, String reason, String value) {
        errors++;
        fileUnreadable |= kind == Kind.FILE;
        add(new ImportProblem(Severity.ERROR, kind, line, column, columnName, reason, value));
    }

    void warning(Kind kind, long line, int column, String columnName, String reason, String value) {
        warnings++;
        add(new ImportProblem(Severity.WARNING, kind, line, column, columnName, reason, value));
    }

    private void add(ImportProblem problem) {
        long sameSeverity = problem.severity() == Severity.ERROR ? errors : warnings;
        if (sameSeverity <= keep) {
            kept.add(problem);
        }
    }

    long errors() {
        return errors;
    }

    long warnings() {
        return warnings;
    }

    /** Whether an error of {@link Kind#FILE} was reported: nothing of the file can be taken. */
    boolean fileUnreadable() {
        return fileUnreadable;
    }

    List<ImportProblem> kept() {
        return kept;
    }
}
