package jp.tsunagu.insights;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per source (データの鮮度と品質): the age of its snapshot, its rows, its persons and the share of them the
 * person index does not know — today and on every day of refresh before (for the chart over time). Counts
 * of records per source are no personal data and are not suppressed.
 */
record Freshness(List<Row> latest, List<LocalDate> days, Map<String, List<Double>> unindexedPercent) {

    /** One source's latest day. */
    record Row(String sourceId, String name, boolean welfare, OffsetDateTime snapshotAt, String age, long records,
            long persons, long unindexed, double unindexedPercent) {
    }

    static Freshness of(List<Figures.Fresh> all, List<Figures.Source> sources, OffsetDateTime now) {
        Map<String, Figures.Fresh> last = new LinkedHashMap<>();
        List<LocalDate> days = new ArrayList<>();
        Map<String, Map<LocalDate, Double>> series = new LinkedHashMap<>();
        for (Figures.Fresh f : all) {
            last.put(f.sourceId(), f);
            if (days.isEmpty() || !days.get(days.size() - 1).equals(f.day())) {
                days.add(f.day());
            }
            series.computeIfAbsent(f.sourceId(), k -> new LinkedHashMap<>()).put(f.day(), percent(f.unindexed(), f.persons()));
        }
        List<Row> latest = new ArrayList<>();
        Map<String, List<Double>> unindexed = new LinkedHashMap<>();
        for (Figures.Source s : sources) {
            Figures.Fresh f = last.get(s.id());
            if (f == null) {
                continue;
            }
            latest.add(new Row(s.id(), s.name(), s.welfare(), f.snapshotAt(), age(f.snapshotAt(), now), f.records(),
                    f.persons(), f.unindexed(), percent(f.unindexed(), f.persons())));
            List<Double> points = new ArrayList<>();
            days.forEach(d -> points.add(series.get(s.id()).get(d)));
            unindexed.put(s.id(), points);
        }
        return new Freshness(latest, days, unindexed);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 1000.0 / whole) / 10.0;
    }

    /** 「3時間前」「2日前」: how old the snapshot is. */
    static String age(OffsetDateTime at, OffsetDateTime now) {
        if (at == null) {
            return "—";
        }
        Duration d = Duration.between(at, now);
        if (d.toHours() < 1) {
            return "1時間以内";
        }
        if (d.toDays() < 1) {
            return d.toHours() + "時間前";
        }
        return d.toDays() + "日前";
    }
}
