package jp.tsunagu.insights;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Month by month since the first import (推移): residents, those welfare programs involve and the share, the
 * persons of each welfare program, and the involvements begun and ended in each month. Each month's figures
 * are its month-end snapshot (the last refresh in it); the latest month is as of now.
 */
record Trends(List<LocalDate> months, List<Shown> residents, List<Shown> covered, List<Double> percent,
        List<Series> programs, LifeEvents events) {

    /** Life events per month (the month each happened) and kind, from the procedures module, once there are any. */
    record LifeEvents(List<LocalDate> months, List<String> kinds, List<List<Shown>> counts) {

        static LifeEvents of(List<jp.tsunagu.procedures.LifeEventCounts.Month> rows, boolean suppress, int threshold) {
            java.util.TreeSet<LocalDate> months = new java.util.TreeSet<>();
            Map<String, String> kinds = new java.util.TreeMap<>();
            Map<String, Long> n = new java.util.HashMap<>();
            for (var r : rows) {
                months.add(r.month());
                kinds.put(r.kind(), r.label());
                n.put(r.month() + "|" + r.kind(), r.events());
            }
            List<List<Shown>> counts = new ArrayList<>();
            for (LocalDate m : months) {
                List<Shown> row = new ArrayList<>();
                kinds.keySet().forEach(k -> row.add(shown(n.getOrDefault(m + "|" + k, 0L), suppress, threshold)));
                counts.add(row);
            }
            return new LifeEvents(List.copyOf(months), List.copyOf(kinds.values()), counts);
        }
    }

    /** One program's persons, begun and ended per month. */
    record Series(String sourceId, String name, List<Shown> persons, List<Shown> added, List<Shown> ended) {
    }

    static Trends of(Map<LocalDate, Map<Long, Long>> byMonth, List<Figures.Flow> flows, List<Figures.Source> sources,
            List<jp.tsunagu.procedures.LifeEventCounts.Month> events, boolean suppress, int threshold) {
        List<LocalDate> months = new ArrayList<>(byMonth.keySet());
        List<Shown> residents = new ArrayList<>();
        List<Shown> covered = new ArrayList<>();
        List<Double> percent = new ArrayList<>();
        for (LocalDate m : months) {
            long all = byMonth.get(m).values().stream().mapToLong(Long::longValue).sum();
            long in = byMonth.get(m).entrySet().stream().filter(e -> e.getKey() != 0).mapToLong(Map.Entry::getValue).sum();
            Shown r = shown(all, suppress, threshold);
            Shown c = shown(in, suppress, threshold);
            residents.add(r);
            covered.add(c);
            percent.add(Shown.percent(c, r));
        }
        Map<String, Figures.Flow> flow = new LinkedHashMap<>();
        flows.forEach(f -> flow.put(f.sourceId() + "|" + f.month(), f));
        List<Figures.Source> welfare = sources.stream().filter(Figures.Source::welfare).toList();
        Map<LocalDate, long[][]> together = new LinkedHashMap<>();
        for (LocalDate m : months) {
            together.put(m, Overlaps.together(byMonth.get(m), welfare));
        }
        List<Series> programs = new ArrayList<>();
        for (int i = 0; i < welfare.size(); i++) {
            Figures.Source s = welfare.get(i);
            List<Shown> persons = new ArrayList<>();
            List<Shown> added = new ArrayList<>();
            List<Shown> ended = new ArrayList<>();
            for (LocalDate m : months) {
                persons.add(shown(together.get(m)[i][i], suppress, threshold));
                Figures.Flow f = flow.get(s.id() + "|" + m);
                added.add(shown(f == null ? 0 : f.added(), suppress, threshold));
                ended.add(shown(f == null ? 0 : f.ended(), suppress, threshold));
            }
            programs.add(new Series(s.id(), s.name(), persons, added, ended));
        }
        return new Trends(months, residents, covered, percent, programs, LifeEvents.of(events, suppress, threshold));
    }

    private static Shown shown(long n, boolean suppress, int threshold) {
        return suppress && n > 0 && n < threshold ? Shown.hidden(threshold) : Shown.of(n);
    }
}
