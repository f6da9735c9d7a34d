package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.List;

/**
 * What someone holding a suppressed table could work out from it (逆算の試み): every row and column, its
 * total included, in which all but one figure are shown gives that one (total minus the others, or the
 * sum for a hidden total); a figure worked out is used again, until nothing more follows. Test helper:
 * written apart from {@link SmallCells}, so that it checks the rule rather than repeats it.
 */
final class Recovery {

    private Recovery() {
    }

    /**
     * The figures recovered: {@code known[r][c]} is the value or {@code null}. The grid's last row and column
     * are the totals.
     */
    static List<int[]> recovered(Long[][] known) {
        int rows = known.length;
        int cols = known[0].length;
        Long[][] k = new Long[rows][];
        for (int r = 0; r < rows; r++) {
            k[r] = known[r].clone();
        }
        List<int[]> found = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int r = 0; r < rows; r++) {
                int[][] line = new int[cols][];
                for (int c = 0; c < cols; c++) {
                    line[c] = new int[] {r, c};
                }
                progress |= solve(k, line, found);
            }
            for (int c = 0; c < cols; c++) {
                int[][] line = new int[rows][];
                for (int r = 0; r < rows; r++) {
                    line[r] = new int[] {r, c};
                }
                progress |= solve(k, line, found);
            }
        }
        return found;
    }

    private static boolean solve(Long[][] k, int[][] line, List<int[]> found) {
        int unknown = -1;
        int count = 0;
        for (int i = 0; i < line.length; i++) {
            if (k[line[i][0]][line[i][1]] == null) {
                unknown = i;
                count++;
            }
        }
        if (count != 1) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < line.length - 1; i++) {
            if (i != unknown) {
                sum += k[line[i][0]][line[i][1]];
            }
        }
        int[] at = line[unknown];
        long total = k[line[line.length - 1][0]][line[line.length - 1][1]] == null ? 0
                : k[line[line.length - 1][0]][line[line.length - 1][1]];
        k[at[0]][at[1]] = unknown == line.length - 1 ? sum : total - sum;
        found.add(at);
        return true;
    }
}
