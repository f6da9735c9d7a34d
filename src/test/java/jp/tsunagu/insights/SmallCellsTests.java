package jp.tsunagu.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Small-cell suppression with secondary suppression: every count under the threshold is hidden, and no
 * hidden figure can be worked out from the row and column totals and the figures shown — tried on a
 * thousand tables of random shape, most of their cells small.
 */
class SmallCellsTests {

    @Test
    void everyCountUnderTheThresholdIsHiddenAndNoneCanBeWorkedOutFromTheTotals() {
        SplittableRandom random = new SplittableRandom(18);
        int secondary = 0;
        for (int t = 0; t < 1_000; t++) {
            long[][] inner = new long[2 + random.nextInt(9)][2 + random.nextInt(5)];
            for (long[] row : inner) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = random.nextInt(4) == 0 ? random.nextInt(10) : random.nextInt(200);
                }
            }
            SmallCells.Grid grid = SmallCells.suppress(inner, 10);
            Long[][] published = new Long[grid.rows()][grid.cols()];
            for (int r = 0; r < grid.rows(); r++) {
                for (int c = 0; c < grid.cols(); c++) {
                    long n = grid.counts()[r][c];
                    if (n > 0 && n < 10) {
                        assertThat(grid.shown(r, c)).as("table %d cell %d,%d = %d", t, r, c, n).isFalse();
                    }
                    if (!grid.shown(r, c) && n >= 10) {
                        secondary++;
                    }
                    published[r][c] = grid.shown(r, c) ? n : null;
                }
            }
            List<int[]> recovered = Recovery.recovered(published);
            assertThat(recovered).as("table %d: a hidden figure follows from the totals", t).isEmpty();
        }
        assertThat(secondary).as("secondary suppression happened").isPositive();
    }

    @Test
    void withoutSecondarySuppressionTheAttemptWouldRecoverTheCell() {
        long[][] inner = {{3, 50}, {40, 60}};
        SmallCells.Grid grid = SmallCells.suppress(inner, 10);
        Long[][] primaryOnly = {{null, 50L, 53L}, {40L, 60L, 100L}, {43L, 110L, 153L}};
        assertThat(Recovery.recovered(primaryOnly)).as("the attempt itself works").isNotEmpty();
        assertThat(grid.shown(0, 0)).isFalse();
        assertThat(grid.shown(0, 1)).as("its row's other cell is hidden too").isFalse();
        assertThat(grid.shown(1, 0)).as("its column's other cell is hidden too").isFalse();
        Long[][] published = new Long[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                published[r][c] = grid.shown(r, c) ? grid.counts()[r][c] : null;
            }
        }
        assertThat(Recovery.recovered(published)).isEmpty();
    }

    @Test
    void aCoverageTableOfAFilterThatMatchesNoOneHasNoRowsAndZeroTotals() {
        CoverageTable table = CoverageTable.of(Dimension.TOWN, java.util.List.of(), key -> key, true, 10);
        assertThat(table.rows()).isEmpty();
        assertThat(table.total().residents().value()).isZero();
        assertThat(table.total().covered().value()).isZero();
    }

    @Test
    void zeroIsShownAndNothingIsHiddenInATableOfLargeCounts() {
        SmallCells.Grid grid = SmallCells.suppress(new long[][] {{0, 120}, {35, 60}}, 10);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(grid.shown(r, c)).isTrue();
            }
        }
        assertThat(grid.counts()[2][2]).isEqualTo(215);
    }

    @Test
    void aTotalUnderTheThresholdIsHiddenAndItsLineProtected() {
        SmallCells.Grid grid = SmallCells.suppress(new long[][] {{4, 3}, {50, 70}, {30, 20}}, 10);
        assertThat(grid.shown(0, 2)).as("row total 7").isFalse();
        Long[][] published = new Long[4][3];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                published[r][c] = grid.shown(r, c) ? grid.counts()[r][c] : null;
            }
        }
        assertThat(Recovery.recovered(published)).isEmpty();
    }
}
