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
    /** Each row's mask as an index into {@link #masks}: sums by mask go into an array, not a map per row. */
    private final int[] maskId;
    private final long[] masks;
    private final int[] persons;
    /** Age bands (-1 不明, 0 0〜9歳 … 9 90歳以上) as ids from 0: the lowest band in the cube and how many. */
    private final int ageBase;
    private final int ageIds;
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
        Map<Long, Integer> maskIds = new HashMap<>();
        List<Long> maskValues = new ArrayList<>();
        maskId = new int[size];
        for (int i = 0; i < size; i++) {
            Object[] r = rows.get(i);
            age[i] = (Short) r[0];
            sex[i] = id(sexIds, sexes, (String) r[1]);
            town[i] = id(townIds, towns, (String) r[2]);
            household[i] = id(householdIds, households, (String) r[3]);
            mask[i] = (Long) r[4];
            maskId[i] = maskIds.computeIfAbsent(mask[i], m -> {
                maskValues.add(m);
                return maskValues.size() - 1;
            });
            persons[i] = (Integer) r[5];
        }
        masks = maskValues.stream().mapToLong(Long::longValue).toArray();
        int lowest = 0;
        int highest = 0;
        for (int i = 0; i < size; i++) {
            lowest = Math.min(lowest, age[i]);
            highest = Math.max(highest, age[i]);
        }
        ageBase = lowest;
        ageIds = highest - lowest + 1;
    }

    /**
     * Residents and covered residents by one dimension, keys in their natural order (as the SQL sorted them).
     * Summed by the dimension's dictionary id in arrays; the keys are made and sorted once per value, not per
     * row (a month's cube at a million residents holds a few hundred thousand rows, and eight staff ask at once).
     */
    List<Figures.Slice> coverage(Filter filter, Dimension by) {
        Matcher m = new Matcher(filter);
        int values = switch (by) {
            case AGE_BAND -> ageIds;
            case SEX -> sexes.size();
            case TOWN -> towns.size();
            case HOUSEHOLD -> households.size();
        };
        long[] residents = new long[values];
        long[] covered = new long[values];
        boolean[] seen = new boolean[values];
        for (int i = 0; i < size; i++) {
            if (m.matches(i)) {
                int v = valueId(by, i);
                residents[v] += persons[i];
                seen[v] = true;
                if (mask[i] != 0) {
                    covered[v] += persons[i];
                }
            }
        }
        TreeMap<String, long[]> sums = by == Dimension.AGE_BAND ? new TreeMap<>(Cube::byNumber) : new TreeMap<>();
        for (int v = 0; v < values; v++) {
            if (seen[v]) {
                sums.put(valueKey(by, v), new long[] {residents[v], covered[v]});
            }
        }
        List<Figures.Slice> slices = new ArrayList<>();
        sums.forEach((k, s) -> slices.add(new Figures.Slice(k, s[0], s[1])));
        return slices;
    }

    /** Covered residents by their programs' mask. */
    Map<Long, Long> masks(Filter filter) {
        return byMask(filter, false);
    }

    /** Every resident by mask, the uncovered under 0 (a month's point of the trend). */
    Map<Long, Long> allMasks(Filter filter) {
        return byMask(filter, true);
    }

    private Map<Long, Long> byMask(Filter filter, boolean uncoveredToo) {
        Matcher m = new Matcher(filter);
        long[] sums = new long[masks.length];
        boolean[] seen = new boolean[masks.length];
        for (int i = 0; i < size; i++) {
            if ((uncoveredToo || mask[i] != 0) && m.matches(i)) {
                sums[maskId[i]] += persons[i];
                seen[maskId[i]] = true;
            }
        }
        Map<Long, Long> byMask = new TreeMap<>();
        for (int k = 0; k < masks.length; k++) {
            if (seen[k]) {
                byMask.put(masks[k], sums[k]);
            }
        }
        return byMask;
    }

    private int valueId(Dimension by, int i) {
        return switch (by) {
            case AGE_BAND -> age[i] - ageBase;
            case SEX -> sex[i];
            case TOWN -> town[i];
            case HOUSEHOLD -> household[i];
        };
    }

    private String valueKey(Dimension by, int v) {
        return switch (by) {
            case AGE_BAND -> Integer.toString(v + ageBase);
            case SEX -> sexes.get(v);
            case TOWN -> towns.get(v);
            case HOUSEHOLD -> households.get(v);
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
