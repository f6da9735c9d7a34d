package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which welfare programs occur together (制度の重なり), from the persons per combination of programs: the
 * persons of each program, of each pair (a matrix whose diagonal is the program's own), the most frequent
 * exact combinations (UpSet), and how many persons three or more programs involve. Small figures are
 * suppressed one by one: none of these tables publishes totals a hidden one could be taken from.
 */
record Overlaps(List<Program> programs, List<List<Shown>> pairs, List<Combination> combinations, Shown multi,
        boolean protectedFigures) {

    /** A welfare program with its persons. */
    record Program(String sourceId, String name, String department, Shown persons) {
    }

    /** One exact combination of programs (and no other) with its persons. */
    record Combination(List<String> sourceIds, List<String> names, Shown persons) {
    }

    static final int TOP = 15;

    static Overlaps of(Map<Long, Long> masks, List<Figures.Source> sources, boolean suppress, int threshold) {
        List<Figures.Source> welfare = sources.stream().filter(Figures.Source::welfare).toList();
        List<Program> programs = new ArrayList<>();
        List<List<Shown>> pairs = new ArrayList<>();
        for (Figures.Source a : welfare) {
            programs.add(new Program(a.id(), a.name(), a.departmentName(),
                    shown(Figures.holding(masks, a.mask()), suppress, threshold)));
            List<Shown> row = new ArrayList<>();
            for (Figures.Source b : welfare) {
                row.add(shown(Figures.holding(masks, a.mask() | b.mask()), suppress, threshold));
            }
            pairs.add(row);
        }
        List<Combination> combinations = new ArrayList<>();
        masks.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder()))).limit(TOP).forEach(e -> {
                    List<Figures.Source> in = welfare.stream().filter(s -> (e.getKey() & s.mask()) != 0).toList();
                    combinations.add(new Combination(in.stream().map(Figures.Source::id).toList(),
                            in.stream().map(Figures.Source::name).toList(), shown(e.getValue(), suppress, threshold)));
                });
        long multi = masks.entrySet().stream().filter(e -> Long.bitCount(e.getKey()) >= 3).mapToLong(Map.Entry::getValue)
                .sum();
        return new Overlaps(programs, pairs, combinations, shown(multi, suppress, threshold), suppress);
    }

    private static Shown shown(long n, boolean suppress, int threshold) {
        return suppress && n > 0 && n < threshold ? Shown.hidden(threshold) : Shown.of(n);
    }
}
