package jp.tsunagu.importing;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one import: keeps the first N of each severity, counts them all. */
final class ProblemCollector {

    private final int keep;
    private final List<ImportProblem> kept = new ArrayList<>();
    private long errors;
    private long warnings;

    ProblemCollector(int keep) {
        this.keep = keep;
    }

    /** An error that names no value of the file. */
    void error(long line, int column, String columnName, String reason) {
        error(line, column, columnName, reason, null);
    }

    /** An error about a value of the file, which is kept apart from the reason (see {@link ImportProblem}). */
    void error(long line, int column, String columnName, String reason, String value) {
        errors++;
        add(new ImportProblem(ImportProblem.Severity.ERROR, line, column, columnName, reason, value));
    }

    void warning(long line, int column, String columnName, String reason, String value) {
        warnings++;
        add(new ImportProblem(ImportProblem.Severity.WARNING, line, column, columnName, reason, value));
    }

    private void add(ImportProblem problem) {
        long sameSeverity = problem.severity() == ImportProblem.Severity.ERROR ? errors : warnings;
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

    List<ImportProblem> kept() {
        return kept;
    }
}
