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

    void error(long line, int column, String columnName, String message) {
        errors++;
        add(new ImportProblem(ImportProblem.Severity.ERROR, line, column, columnName, message));
    }

    void warning(long line, int column, String columnName, String message) {
        warnings++;
        add(new ImportProblem(ImportProblem.Severity.WARNING, line, column, columnName, message));
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
