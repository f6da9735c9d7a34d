package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One month's cube held in memory (集計キューブ): the rows of {@code insights_cube} as parallel arrays, each
 * text column as an index into its own dictionary, the rows ordered by 町丁目. A dashboard asks for coverage
 * by four dimensions, the combinations and the trend under one filter: all of them are summed in one pass
 * over the rows the filter can match ({@link #sums}) — a 町丁目's own rows only when the filter names one —
 * and the sums of a filter without a 町丁目 (a pass over the whole cube) are kept for the cube's life, since
 * a whole department asks for the same few. Read once per refresh and month, never changed.
 */
final class Cube {

    private static final Dimension[] DIMENSIONS = Dimension.values();

    private final short[] age;
    private final int[] sex;
    private final int[] town;
    private final int[] household;
    /** Each row's mask as an index into {@link #masks}: sums by mask go into an array, not a map per row. */
    private final int[] maskId;
    private final long[] masks;
    /** Whether a mask id is a mask of some program (not 0, the uncovered). */
    private final boolean[] covers;
    private final int[] persons;
    /** The rows of 町丁目 id {@code t} are {@code townFrom[t]} to {@code townFrom[t + 1]} (exclusive). */
    private final int[] townFrom;
    /** Age bands (-1 不明, 0 0〜9歳 … 9 90歳以上) as ids from 0: the lowest band in the cube and how many. */
    private final int ageBase;
    private final int ageIds;
    private final List<String> sexes = new ArrayList<>();
    private final List<String> towns = new ArrayList<>();
    private final List<String> households = new ArrayList<>();
    /** Per dimension, its value ids in the order of their keys (as the SQL's ORDER BY sorted them). */
    private final int[][] ordered;
    /** The mask ids in the order of the masks. */
    private final int[] maskOrder;
    private final int size;
    /**
     * The sums of filters without a 町丁目, each a pass over the whole cube: at most one per age band, sex and
     * household type known to the cube (and one for any value it does not know), so bounded by the cube.
     */
    private final Map<Key, Sums> kept = new ConcurrentHashMap<>();

    /** Builds the cube from rows (age band, sex, town, household type, mask, persons), in any order. */
    static final class Builder {
        private final List<Object[]> rows = new ArrayList<>();

        void add(int ageBand, String sex, String town, String household, long mask, int persons) {
            rows.add(new Object[] {(short) ageBand, sex, town, household, mask, persons});
        }

        Cube build() {
            return new Cube(rows);
        }
    }

    /**
     * What the rows a filter matches hold: per dimension and value id its residents and covered residents and
     * whether any row has it, and per mask id its persons. Never changed once made (it may be kept and shared).
     */
    private record Sums(long[][] residents, long[][] covered, boolean[][] seen, long[] byMask, boolean[] maskSeen) {
    }

    /** A filter as dictionary ids (-1 any, -2 a value the cube does not know). */
    private record Key(int ageBand, int sex, int town, int household) {
    }

    private Cube(List<Object[]> unordered) {
        size = unordered.size();
        Map<String, Integer> townIds = new HashMap<>();
        for (Object[] r : unordered) {
            id(townIds, towns, (String) r[2]);
        }
        // the rows of one 町丁目 together, 町丁目 in the order first seen
        int[] townOf = new int[size];
        int[] count = new int[towns.size()];
        for (int i = 0; i < size; i++) {
            townOf[i] = townIds.get((String) unordered.get(i)[2]);
            count[townOf[i]]++;
        }
        townFrom = new int[towns.size() + 1];
        for (int t = 0; t < towns.size(); t++) {
            townFrom[t + 1] = townFrom[t] + count[t];
        }
        int[] next = Arrays.copyOf(townFrom, towns.size());
        Object[][] rows = new Object[size][];
        for (int i = 0; i < size; i++) {
            rows[next[townOf[i]]++] = unordered.get(i);
        }
        age = new short[size];
        sex = new int[size];
        town = new int[size];
        household = new int[size];
        persons = new int[size];
        maskId = new int[size];
        Map<String, Integer> sexIds = new HashMap<>();
        Map<String, Integer> householdIds = new HashMap<>();
        Map<Long, Integer> maskIds = new HashMap<>();
        List<Long> maskValues = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Object[] r = rows[i];
            age[i] = (Short) r[0];
            sex[i] = id(sexIds, sexes, (String) r[1]);
            town[i] = townIds.get((String) r[2]);
            household[i] = id(householdIds, households, (String) r[3]);
            long m = (Long) r[4];
            maskId[i] = maskIds.computeIfAbsent(m, k -> {
                maskValues.add(k);
                return maskValues.size() - 1;
            });
            persons[i] = (Integer) r[5];
        }
        masks = maskValues.stream().mapToLong(Long::longValue).toArray();
        covers = new boolean[masks.length];
        for (int k = 0; k < masks.length; k++) {
            covers[k] = masks[k] != 0;
        }
        maskOrder = sortedIds(masks.length, (a, b) -> Long.compare(masks[a], masks[b]));
        int lowest = 0;
        int highest = 0;
        for (int i = 0; i < size; i++) {
            lowest = Math.min(lowest, age[i]);
            highest = Math.max(highest, age[i]);
        }
        ageBase = lowest;
        ageIds = highest - lowest + 1;
        ordered = new int[DIMENSIONS.length][];
        for (Dimension d : DIMENSIONS) {
            ordered[d.ordinal()] = switch (d) {
                case AGE_BAND -> sortedIds(ageIds, Comparator.naturalOrder());
                case SEX -> sortedIds(sexes.size(), (a, b) -> sexes.get(a).compareTo(sexes.get(b)));
                case TOWN -> sortedIds(towns.size(), (a, b) -> towns.get(a).compareTo(towns.get(b)));
                case HOUSEHOLD -> sortedIds(households.size(), (a, b) -> households.get(a).compareTo(households.get(b)));
            };
        }
    }

    /** How many rows the cube holds. */
    int size() {
        return size;
    }

    /** Residents and covered residents by one dimension, keys in their natural order (as the SQL sorted them). */
    List<Figures.Slice> coverage(Filter filter, Dimension by) {
        Sums s = sums(filter);
        int d = by.ordinal();
        List<Figures.Slice> slices = new ArrayList<>();
        for (int v : ordered[d]) {
            if (s.seen()[d][v]) {
                slices.add(new Figures.Slice(valueKey(by, v), s.residents()[d][v], s.covered()[d][v]));
            }
        }
        return slices;
    }

    /** Covered residents by their programs' mask, in the masks' order. */
    Map<Long, Long> masks(Filter filter) {
        return byMask(sums(filter), false);
    }

    /** Every resident by mask, the uncovered under 0 (a month's point of the trend), in the masks' order. */
    Map<Long, Long> allMasks(Filter filter) {
        return byMask(sums(filter), true);
    }

    /**
     * Whether the sums of this filter are kept already (a filter without a 町丁目 that was asked before or
     * {@link #prepare prepared}).
     */
    boolean kept(Filter filter) {
        return kept.containsKey(key(filter));
    }

    /**
     * Sums the filters a dashboard is opened with and that each take a pass over the whole cube — the whole
     * city and each age band — so that the first staff members after a refresh do not each wait for them.
     */
    void prepare() {
        sums(Filter.none());
        for (int a = 0; a < ageIds; a++) {
            sums(new Filter(null, a + ageBase, null, null, null));
        }
    }

    private Map<Long, Long> byMask(Sums s, boolean uncoveredToo) {
        Map<Long, Long> byMask = new LinkedHashMap<>();
        for (int k : maskOrder) {
            if (s.maskSeen()[k] && (uncoveredToo || covers[k])) {
                byMask.put(masks[k], s.byMask()[k]);
            }
        }
        return Collections.unmodifiableMap(byMask);
    }

    /** The sums of a filter: kept when it names no 町丁目, else summed over that 町丁目's rows alone. */
    private Sums sums(Filter filter) {
        Key key = key(filter);
        if (key.town() != -1) {
            return sum(key);
        }
        Sums known = kept.get(key);
        if (known != null) {
            return known;
        }
        Sums s = sum(key);
        Sums raced = kept.putIfAbsent(key, s);
        return raced == null ? s : raced;
    }

    private Key key(Filter f) {
        int a = f.ageBand() == null ? -1 : f.ageBand() - ageBase;
        if (f.ageBand() != null && (a < 0 || a >= ageIds)) {
            a = -2;
        }
        return new Key(a, f.sex() == null ? -1 : idOrNone(sexes, f.sex()),
                f.town() == null ? -1 : idOrNone(towns, f.town()),
                f.householdType() == null ? -1 : idOrNone(households, f.householdType()));
    }

    /** One pass over the rows the key can match, summing every dimension and every mask at once. */
    private Sums sum(Key k) {
        long[][] residents = {new long[ageIds], new long[sexes.size()], new long[towns.size()], new long[households.size()]};
        long[][] covered = {new long[ageIds], new long[sexes.size()], new long[towns.size()], new long[households.size()]};
        boolean[][] seen = {new boolean[ageIds], new boolean[sexes.size()], new boolean[towns.size()],
            new boolean[households.size()]};
        long[] byMask = new long[masks.length];
        boolean[] maskSeen = new boolean[masks.length];
        boolean none = k.ageBand() == -2 || k.sex() == -2 || k.town() == -2 || k.household() == -2;
        int from = none ? 0 : k.town() >= 0 ? townFrom[k.town()] : 0;
        int to = none ? 0 : k.town() >= 0 ? townFrom[k.town() + 1] : size;
        int a0 = Dimension.AGE_BAND.ordinal();
        int s0 = Dimension.SEX.ordinal();
        int t0 = Dimension.TOWN.ordinal();
        int h0 = Dimension.HOUSEHOLD.ordinal();
        for (int i = from; i < to; i++) {
            int a = age[i] - ageBase;
            if ((k.ageBand() != -1 && a != k.ageBand()) || (k.sex() != -1 && sex[i] != k.sex())
                    || (k.household() != -1 && household[i] != k.household())) {
                continue;
            }
            long p = persons[i];
            int m = maskId[i];
            byMask[m] += p;
            maskSeen[m] = true;
            long c = covers[m] ? p : 0;
            add(residents, covered, seen, a0, a, p, c);
            add(residents, covered, seen, s0, sex[i], p, c);
            add(residents, covered, seen, t0, town[i], p, c);
            add(residents, covered, seen, h0, household[i], p, c);
        }
        return new Sums(residents, covered, seen, byMask, maskSeen);
    }

    private static void add(long[][] residents, long[][] covered, boolean[][] seen, int d, int v, long p, long c) {
        residents[d][v] += p;
        covered[d][v] += c;
        seen[d][v] = true;
    }

    private String valueKey(Dimension by, int v) {
        return switch (by) {
            case AGE_BAND -> Integer.toString(v + ageBase);
            case SEX -> sexes.get(v);
            case TOWN -> towns.get(v);
            case HOUSEHOLD -> households.get(v);
        };
    }

    private static int[] sortedIds(int n, Comparator<Integer> order) {
        Integer[] ids = new Integer[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, order);
        return Arrays.stream(ids).mapToInt(Integer::intValue).toArray();
    }

    private static int id(Map<String, Integer> ids, List<String> names, String name) {
        return ids.computeIfAbsent(name, n -> {
            names.add(n);
            return names.size() - 1;
        });
    }

    private static int idOrNone(List<String> names, String name) {
        int i = names.indexOf(name);
        return i < 0 ? -2 : i;
    }
}
