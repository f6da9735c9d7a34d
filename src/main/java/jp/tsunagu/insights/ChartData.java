package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard's charts draw (グラフのデータ), as JSON read by {@code insights.js}: built from suppressed
 * figures only — a suppressed figure is {@code null} and its label says 「10未満」 — so that a chart, and a
 * picture saved of it, never carries a small cell.
 */
final class ChartData {

    private ChartData() {
    }

    static Map<String, Object> of(Dashboard.View view) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("threshold", view.threshold());
        data.put("coverage", coverage(view.coverage().get(Dimension.AGE_BAND)));
        data.put("household", coverage(view.coverage().get(Dimension.HOUSEHOLD)));
        Overlaps o = view.overlaps();
        data.put("programs", o.programs().stream().map(Overlaps.Program::name).toList());
        List<List<Object>> cells = new ArrayList<>();
        for (int i = 0; i < o.pairs().size(); i++) {
            for (int j = 0; j < o.pairs().get(i).size(); j++) {
                Shown s = o.pairs().get(i).get(j);
                cells.add(List.of(j, i, s.suppressed() ? "-" : s.value(), s.display()));
            }
        }
        data.put("pairs", cells);
        data.put("combinations", o.combinations().stream().map(c -> Map.of("label", String.join("＋", c.names()),
                "value", c.persons().suppressed() ? "-" : c.persons().value(), "display", c.persons().display())).toList());
        Trends t = view.trends();
        data.put("months", t.months().stream().map(m -> m.getYear() + "年" + m.getMonthValue() + "月").toList());
        data.put("trendPercent", t.percent().stream().map(p -> p == null ? "-" : (Object) p).toList());
        List<Map<String, Object>> series = new ArrayList<>();
        for (Trends.Series s : t.programs()) {
            series.add(Map.of("name", s.name(), "persons", values(s.persons()), "added", values(s.added()),
                    "ended", values(s.ended())));
        }
        data.put("trendPrograms", series);
        data.put("map", view.map().stream().map(p -> Map.of("town", p.town(), "value",
                List.of(p.lng(), p.lat(), p.percent() == null ? "-" : (Object) p.percent()),
                "residents", p.residents().display(), "covered", p.covered().display())).toList());
        data.put("freshness", view.freshness().latest().stream().map(r -> Map.of("name", r.name(), "unindexed",
                r.unindexedPercent(), "age", r.age())).toList());
        return data;
    }

    private static Map<String, Object> coverage(CoverageTable table) {
        List<String> labels = new ArrayList<>();
        List<Object> percent = new ArrayList<>();
        List<Object> covered = new ArrayList<>();
        List<Object> notCovered = new ArrayList<>();
        for (CoverageTable.Row r : table.rows()) {
            labels.add(r.label());
            percent.add(r.percent() == null ? "-" : r.percent());
            covered.add(r.covered().suppressed() ? "-" : r.covered().value());
            notCovered.add(r.notCovered().suppressed() ? "-" : r.notCovered().value());
        }
        return Map.of("labels", labels, "percent", percent, "covered", covered, "notCovered", notCovered);
    }

    private static List<Object> values(List<Shown> shown) {
        return shown.stream().map(s -> s.suppressed() ? "-" : (Object) s.value()).toList();
    }
}
