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
        long[][] together = together(masks, welfare);
        List<Program> programs = new ArrayList<>();
        List<List<Shown>> pairs = new ArrayList<>();
        for (int a = 0; a < welfare.size(); a++) {
            Figures.Source source = welfare.get(a);
            programs.add(new Program(source.id(), source.name(), source.departmentName(),
                    shown(together[a][a], suppress, threshold)));
            List<Shown> row = new ArrayList<>();
            for (int b = 0; b < welfare.size(); b++) {
                row.add(shown(together[a][b], suppress, threshold));
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

    /**
     * The persons each pair of programs holds together (the diagonal: each program's own), in one pass over the
     * combinations — a combination adds its persons to the pairs of its own few programs — instead of one pass
     * per pair (a dashboard of fifteen programs asked for 240 passes).
     */
    static long[][] together(Map<Long, Long> masks, List<Figures.Source> programs) {
        int n = programs.size();
        long[][] together = new long[n][n];
        int[] in = new int[n];
        for (Map.Entry<Long, Long> e : masks.entrySet()) {
            int k = 0;
            for (int a = 0; a < n; a++) {
                if ((e.getKey() & programs.get(a).mask()) != 0) {
                    in[k++] = a;
                }
            }
            for (int x = 0; x < k; x++) {
                for (int y = 0; y < k; y++) {
                    together[in[x]][in[y]] += e.getValue();
                }
            }
        }
        return together;
    }

    private static Shown shown(long n, boolean suppress, int threshold) {
        return suppress && n > 0 && n < threshold ? Shown.hidden(threshold) : Shown.of(n);
    }
}
