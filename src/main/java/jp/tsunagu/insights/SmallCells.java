package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-cell suppression (秘匿処理) of a table with its row and column totals: a count of 1 to
 * {@code threshold - 1} persons is shown as 「10未満」 (primary suppression), and so is, in every row or
 * column that would then hold exactly one hidden figure, the smallest other figure of that line
 * (secondary suppression) — repeated until no line has exactly one, because one hidden figure in a line
 * is its total minus the others. Totals are figures of their lines too: a row total under the threshold
 * is hidden and its column of totals is protected the same way. Zero is shown: it names no one.
 *
 * <p>The grid is {@code rows + 1} by {@code cols + 1}; the last row and column are the totals, the corner
 * the grand total.
 */
final class SmallCells {

    /** A suppressed table: every count (hidden ones too, for the caller's own use) and which are hidden. */
    record Grid(long[][] counts, boolean[][] hidden) {

        int rows() {
            return counts.length;
        }

        int cols() {
            return counts[0].length;
        }

        boolean shown(int r, int c) {
            return !hidden[r][c];
        }
    }

    private SmallCells() {
    }

    /** The table (without totals) with its totals added and the small cells suppressed. */
    static Grid suppress(long[][] inner, int threshold) {
        return suppress(inner, inner.length == 0 ? 0 : inner[0].length, threshold);
    }

    /**
     * The same for a table of {@code cols} columns, which may have no rows (a filter that matches no one):
     * its totals are then zeros, not missing.
     */
    static Grid suppress(long[][] inner, int cols, int threshold) {
        int rows = inner.length;
        long[][] counts = new long[rows + 1][cols + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                counts[r][c] = inner[r][c];
                counts[r][cols] += inner[r][c];
                counts[rows][c] += inner[r][c];
                counts[rows][cols] += inner[r][c];
            }
        }
        boolean[][] hidden = new boolean[rows + 1][cols + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                hidden[r][c] = counts[r][c] > 0 && counts[r][c] < threshold;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r <= rows; r++) {
                changed |= protect(row(r, cols), counts, hidden);
            }
            for (int c = 0; c <= cols; c++) {
                changed |= protect(column(c, rows), counts, hidden);
            }
        }
        return new Grid(counts, hidden);
    }

    /**
     * In one line (its cells, the total last): when exactly one figure is hidden, hides the smallest other
     * one, a cell before the total (a total is hidden only when the line has no other cell left).
     */
    private static boolean protect(List<int[]> line, long[][] counts, boolean[][] hidden) {
        int hiddenCount = 0;
        for (int[] p : line) {
            if (hidden[p[0]][p[1]]) {
                hiddenCount++;
            }
        }
        if (hiddenCount != 1) {
            return false;
        }
        int[] pick = null;
        for (int i = 0; i < line.size() - 1; i++) {
            int[] p = line.get(i);
            if (!hidden[p[0]][p[1]] && (pick == null || counts[p[0]][p[1]] < counts[pick[0]][pick[1]])) {
                pick = p;
            }
        }
        if (pick == null) {
            pick = line.get(line.size() - 1);
        }
        hidden[pick[0]][pick[1]] = true;
        return true;
    }

    private static List<int[]> row(int r, int cols) {
        List<int[]> line = new ArrayList<>();
        for (int c = 0; c <= cols; c++) {
            line.add(new int[] {r, c});
        }
        return line;
    }

    private static List<int[]> column(int c, int rows) {
        List<int[]> line = new ArrayList<>();
        for (int r = 0; r <= rows; r++) {
            line.add(new int[] {r, c});
        }
        return line;
    }
}
