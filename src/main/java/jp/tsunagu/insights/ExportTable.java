package jp.tsunagu.insights;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as it leaves the department (出力する表): a title, a header and rows whose cells are labels or
 * suppressed figures. Built only from suppressed figures: the files, the PDF and saved charts carry
 * 「10未満」, never the count behind it.
 */
record ExportTable(String title, List<String> header, List<List<Object>> rows) {

    static ExportTable coverage(CoverageTable t, String filterText) {
        List<List<Object>> rows = new ArrayList<>();
        for (CoverageTable.Row r : t.rows()) {
            rows.add(List.of(r.label(), r.residents(), r.covered(), r.notCovered(), r.rate().display()));
        }
        CoverageTable.Row total = t.total();
        rows.add(List.of(total.label(), total.residents(), total.covered(), total.notCovered(), total.rate().display()));
        return new ExportTable("福祉の関わり (" + t.by().label + "別)" + filterText,
                List.of(t.by().label, "住民", "関わりあり", "関わりなし", "割合"), rows);
    }

    static ExportTable pairs(Overlaps o, String filterText) {
        List<String> header = new ArrayList<>(List.of("制度"));
        o.programs().forEach(p -> header.add(p.name()));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < o.programs().size(); i++) {
            List<Object> row = new ArrayList<>();
            row.add(o.programs().get(i).name());
            row.addAll(o.pairs().get(i));
            rows.add(row);
        }
        return new ExportTable("制度の重なり (2制度の組合せの人数、対角はその制度の人数)" + filterText, header, rows);
    }

    static ExportTable combinations(Overlaps o, String filterText) {
        List<List<Object>> rows = new ArrayList<>();
        for (Overlaps.Combination c : o.combinations()) {
            rows.add(List.of(String.join("＋", c.names()), c.names().size(), c.persons()));
        }
        return new ExportTable("制度の組合せ 上位" + Overlaps.TOP + " (その組合せだけに関わる人数)" + filterText,
                List.of("組合せ", "制度の数", "人数"), rows);
    }

    static ExportTable trends(Trends t, String filterText) {
        List<String> header = new ArrayList<>(List.of("月末", "住民", "関わりあり", "割合"));
        t.programs().forEach(p -> header.add(p.name()));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < t.months().size(); i++) {
            LocalDate m = t.months().get(i);
            List<Object> row = new ArrayList<>(List.of(m.getYear() + "年" + m.getMonthValue() + "月",
                    t.residents().get(i), t.covered().get(i), Shown.rate(t.covered().get(i), t.residents().get(i)).display()));
            for (Trends.Series s : t.programs()) {
                row.add(s.persons().get(i));
            }
            rows.add(row);
        }
        return new ExportTable("月ごとの推移" + filterText, header, rows);
    }

    /** The text of a cell: a label as it is, a figure as shown (「10未満」 for a suppressed one). */
    static String text(Object cell) {
        return cell instanceof Shown s ? s.display() : String.valueOf(cell);
    }
}
