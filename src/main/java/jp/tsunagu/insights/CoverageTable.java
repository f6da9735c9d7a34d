package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.List;

/**
 * Coverage by one dimension (切り口別の関わり): per value its residents, those a welfare program involves and
 * those it does not, with the totals — suppressed as a whole table when the viewer or the file needs it,
 * so that no hidden figure follows from a row or column total.
 *
 * @param protectedFigures whether small cells are suppressed in this table
 */
record CoverageTable(Dimension by, List<Row> rows, Row total, boolean protectedFigures) {

    /** One row: the value's label, covered, not covered, residents, and the share covered. */
    record Row(String key, String label, Shown covered, Shown notCovered, Shown residents, Shown rate, Double percent) {
    }

    /** 年齢階級, 性別 …: the dimension's name, for a table's header. */
    public String byLabel() {
        return by.label;
    }

    static CoverageTable of(Dimension by, List<Figures.Slice> slices, java.util.function.Function<String, String> label,
            boolean suppress, int threshold) {
        long[][] inner = new long[slices.size()][2];
        for (int i = 0; i < slices.size(); i++) {
            inner[i][0] = slices.get(i).covered();
            inner[i][1] = slices.get(i).residents() - slices.get(i).covered();
        }
        SmallCells.Grid grid = SmallCells.suppress(inner, 2, suppress ? threshold : 1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i <= slices.size(); i++) {
            Shown covered = Shown.of(grid, i, 0, threshold);
            Shown residents = Shown.of(grid, i, 2, threshold);
            String key = i < slices.size() ? slices.get(i).key() : null;
            rows.add(new Row(key, key == null ? "合計" : label.apply(key), covered, Shown.of(grid, i, 1, threshold),
                    residents, Shown.rate(covered, residents), Shown.percent(covered, residents)));
        }
        Row total = rows.remove(rows.size() - 1);
        return new CoverageTable(by, rows, total, suppress);
    }
}
