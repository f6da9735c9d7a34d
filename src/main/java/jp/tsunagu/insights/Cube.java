package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One month's cube held in memory (集計キューブ): the rows of {@code insights_cube} as parallel arrays, each
 * text column as an index into its own dictionary. A dashboard asks for coverage by four dimensions, the
 * combinations and the trend under any filter; summing a few hundred thousand rows here takes a
 * millisecond, where six GROUP BY statements over them took a few hundred with eight staff asking at once.
 * Read once per refresh and month, never changed.
 */
final class Cube {

    private final short[] age;
    private final int[] sex;
    private final int[] town;
    private final int[] household;
    private final long[] mask;
    private final int[] persons;
    private final List<String> sexes = new ArrayList<>();
    private final List<String> towns = new ArrayList<>();
    private final List<String> households = new ArrayList<>();
    private final int size;

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

    private Cube(List<Object[]> rows) {
        size = rows.size();
        age = new short[size];
        sex = new int[size];
        town = new int[size];
        household = new int[size];
        mask = new long[size];
        persons = new int[size];
        Map<String, Integer> sexIds = new HashMap<>();
        Map<String, Integer> townIds = new HashMap<>();
        Map<String, Integer> householdIds = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Object[] r = rows.get(i);
            age[i] = (Short) r[0];
            sex[i] = id(sexIds, sexes, (String) r[1]);
            town[i] = id(townIds, towns, (String) r[2]);
            household[i] = id(householdIds, households, (String) r[3]);
            mask[i] = (Long) r[4];
            persons[i] = (Integer) r[5];
        }
    }

    /** Residents and covered residents by one dimension, keys in their natural order (as the SQL sorted them). */
    List<Figures.Slice> coverage(Filter filter, Dimension by) {
        Matcher m = new Matcher(filter);
        TreeMap<String, long[]> sums = by == Dimension.AGE_BAND ? new TreeMap<>(Cube::byNumber) : new TreeMap<>();
        for (int i = 0; i < size; i++) {
            if (m.matches(i)) {
                long[] s = sums.computeIfAbsent(key(by, i), k -> new long[2]);
                s[0] += persons[i];
                if (mask[i] != 0) {
                    s[1] += persons[i];
                }
            }
        }
        List<Figures.Slice> slices = new ArrayList<>();
        sums.forEach((k, s) -> slices.add(new Figures.Slice(k, s[0], s[1])));
        return slices;
    }

    /** Covered residents by their programs' mask. */
    Map<Long, Long> masks(Filter filter) {
        Matcher m = new Matcher(filter);
        Map<Long, Long> sums = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            if (mask[i] != 0 && m.matches(i)) {
                sums.merge(mask[i], (long) persons[i], Long::sum);
            }
        }
        return sums;
    }

    /** Every resident by mask, the uncovered under 0 (a month's point of the trend). */
    Map<Long, Long> allMasks(Filter filter) {
        Matcher m = new Matcher(filter);
        Map<Long, Long> sums = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            if (m.matches(i)) {
                sums.merge(mask[i], (long) persons[i], Long::sum);
            }
        }
        return sums;
    }

    private String key(Dimension by, int i) {
        return switch (by) {
            case AGE_BAND -> Short.toString(age[i]);
            case SEX -> sexes.get(sex[i]);
            case TOWN -> towns.get(town[i]);
            case HOUSEHOLD -> households.get(household[i]);
        };
    }

    /** The age bands sort as numbers (-1 不明 first), like the SQL's ORDER BY age_band. */
    private static int byNumber(String a, String b) {
        return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }

    private static int id(Map<String, Integer> ids, List<String> names, String name) {
        return ids.computeIfAbsent(name, n -> {
            names.add(n);
            return names.size() - 1;
        });
    }

    /** The filter turned into dictionary ids once (a value the cube does not know matches nothing). */
    private final class Matcher {
        private final Integer ageBand;
        private final int sexId;
        private final int townId;
        private final int householdId;

        Matcher(Filter f) {
            ageBand = f.ageBand();
            sexId = f.sex() == null ? -1 : idOrNone(sexes, f.sex());
            townId = f.town() == null ? -1 : idOrNone(towns, f.town());
            householdId = f.householdType() == null ? -1 : idOrNone(households, f.householdType());
        }

        boolean matches(int i) {
            return (ageBand == null || age[i] == ageBand) && (sexId == -1 || sex[i] == sexId)
                    && (townId == -1 || town[i] == townId) && (householdId == -1 || household[i] == householdId);
        }

        private static int idOrNone(List<String> names, String name) {
            int i = names.indexOf(name);
            return i < 0 ? -2 : i;
        }
    }
}
