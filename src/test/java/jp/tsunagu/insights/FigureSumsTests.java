package jp.tsunagu.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's arithmetic made fast (one pass for every pair of programs, separators by hand, the cube
 * summed in one pass over a 町丁目's rows and kept per filter) against the plain way it replaced: the same
 * figures for random combinations, numbers, cubes and filters.
 */
class FigureSumsTests {

    /** One random cube row: age band, sex, 町丁目, household type, mask, persons. */
    private record Row(int age, String sex, String town, String household, long mask, int persons) {
    }

    @Test
    void theCubeSumsEveryFilterAsThePlainFilterOverItsRows() {
        Random random = new Random(18);
        List<String> towns = List.of("入間川一丁目", "入間川二丁目", "中央一丁目", "広瀬台三丁目", "鵜ノ木", "柏原", "不明", "水野");
        List<String> sexes = List.of("男", "女", "");
        List<String> households = new ArrayList<>(Dimension.HOUSEHOLD_TYPES.keySet());
        List<Row> rows = new ArrayList<>();
        Cube.Builder builder = new Cube.Builder();
        for (int i = 0; i < 5000; i++) {
            // no one of age band 8 in this cube: a filter for it matches nothing
            int age = random.nextInt(11) - 1;
            Row r = new Row(age == 8 ? 9 : age, sexes.get(random.nextInt(3)), towns.get(random.nextInt(towns.size())),
                    households.get(random.nextInt(households.size())),
                    random.nextInt(4) == 0 ? 0 : random.nextLong() & 0x3ffL & random.nextLong(), 1 + random.nextInt(40));
            rows.add(r);
            builder.add(r.age(), r.sex(), r.town(), r.household(), r.mask(), r.persons());
        }
        Cube cube = builder.build();
        assertThat(cube.size()).isEqualTo(rows.size());
        List<Filter> filters = new ArrayList<>(List.of(Filter.none(), new Filter(null, 8, null, null, null),
                new Filter(null, null, null, "存在しない町", null), new Filter(null, -1, "女", "鵜ノ木", "single")));
        for (int i = 0; i < 300; i++) {
            filters.add(new Filter(null, random.nextBoolean() ? null : random.nextInt(11) - 1,
                    random.nextInt(3) == 0 ? sexes.get(random.nextInt(2)) : null,
                    random.nextBoolean() ? towns.get(random.nextInt(towns.size())) : null,
                    random.nextInt(3) == 0 ? households.get(random.nextInt(households.size())) : null));
        }
        for (int pass = 0; pass < 2; pass++) {
            // the second pass answers the filters without a 町丁目 from the sums kept by the first
            for (Filter f : filters) {
                List<Row> matching = rows.stream().filter(r -> matches(f, r)).toList();
                for (Dimension by : Dimension.values()) {
                    assertThat(cube.coverage(f, by)).as(f + " by " + by).containsExactlyElementsOf(plainCoverage(matching, by));
                }
                Map<Long, Long> all = new TreeMap<>();
                matching.forEach(r -> all.merge(r.mask(), (long) r.persons(), Long::sum));
                assertThat(cube.allMasks(f).entrySet()).as(f + " all masks").containsExactlyElementsOf(all.entrySet());
                all.remove(0L);
                assertThat(cube.masks(f).entrySet()).as(f + " masks").containsExactlyElementsOf(all.entrySet());
            }
        }
        assertThat(cube.coverage(new Filter(null, 8, null, null, null), Dimension.TOWN)).isEmpty();
        assertThat(cube.coverage(Filter.none(), Dimension.TOWN)).hasSize(towns.size());
        assertThat(cube.kept(Filter.none())).isTrue();
        assertThat(cube.kept(new Filter(null, null, null, "鵜ノ木", null))).as("a 町丁目 is summed over its own rows").isFalse();
    }

    @Test
    void aPreparedCubeKeepsTheWholeCityAndEveryAgeBand() {
        Cube.Builder builder = new Cube.Builder();
        for (int age = -1; age <= 9; age++) {
            builder.add(age, "女", "中央一丁目", "other", age % 2 == 0 ? 0 : 1L << (age + 1), 10 + age);
        }
        Cube cube = builder.build();
        assertThat(cube.kept(Filter.none())).isFalse();
        cube.prepare();
        assertThat(cube.kept(Filter.none())).isTrue();
        for (int age = -1; age <= 9; age++) {
            assertThat(cube.kept(new Filter(null, age, null, null, null))).as("age band " + age).isTrue();
            assertThat(cube.coverage(new Filter(null, age, null, null, null), Dimension.AGE_BAND))
                    .containsExactly(new Figures.Slice(Integer.toString(age), 10 + age, age % 2 == 0 ? 0 : 10 + age));
        }
        assertThat(cube.kept(new Filter(null, 3, "女", null, null))).isFalse();
    }

    private static boolean matches(Filter f, Row r) {
        return (f.ageBand() == null || f.ageBand() == r.age()) && (f.sex() == null || f.sex().equals(r.sex()))
                && (f.town() == null || f.town().equals(r.town()))
                && (f.householdType() == null || f.householdType().equals(r.household()));
    }

    /** Residents and covered by the dimension over the rows, keys sorted (age bands as numbers). */
    private static List<Figures.Slice> plainCoverage(List<Row> rows, Dimension by) {
        Map<String, long[]> sums = by == Dimension.AGE_BAND
                ? new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))) : new TreeMap<>();
        for (Row r : rows) {
            String key = switch (by) {
                case AGE_BAND -> Integer.toString(r.age());
                case SEX -> r.sex();
                case TOWN -> r.town();
                case HOUSEHOLD -> r.household();
            };
            long[] s = sums.computeIfAbsent(key, k -> new long[2]);
            s[0] += r.persons();
            s[1] += r.mask() != 0 ? r.persons() : 0;
        }
        List<Figures.Slice> slices = new ArrayList<>();
        sums.forEach((k, s) -> slices.add(new Figures.Slice(k, s[0], s[1])));
        return slices;
    }

    @Test
    void everyPairHoldsThePersonsOfTheCombinationsThatHoldBothPrograms() {
        Random random = new Random(20261202);
        List<Figures.Source> programs = new ArrayList<>();
        for (int bit = 0; bit < 15; bit++) {
            // every third source counts as not welfare and is left out of the programs asked about
            programs.add(new Figures.Source("s" + bit, bit, "制度" + bit, "d", "課", bit % 3 != 0));
        }
        List<Figures.Source> welfare = programs.stream().filter(Figures.Source::welfare).toList();
        Map<Long, Long> masks = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            masks.merge(random.nextLong() & 0x7fffL & random.nextLong(), (long) random.nextInt(1000), Long::sum);
        }
        long[][] together = Overlaps.together(masks, welfare);
        for (int a = 0; a < welfare.size(); a++) {
            for (int b = 0; b < welfare.size(); b++) {
                long both = welfare.get(a).mask() | welfare.get(b).mask();
                long plain = masks.entrySet().stream().filter(e -> (e.getKey() & both) == both)
                        .mapToLong(Map.Entry::getValue).sum();
                assertThat(together[a][b]).as(welfare.get(a).id() + " × " + welfare.get(b).id()).isEqualTo(plain);
            }
        }
        assertThat(together[0][0]).isPositive();
    }

    @Test
    void ratesAreWrittenAsTheFormatterWroteThem() {
        Random random = new Random(11);
        for (int i = 0; i < 20000; i++) {
            long whole = 1 + random.nextInt(i < 10000 ? 1000 : 2_000_000);
            long part = (long) (random.nextDouble() * (whole + 1));
            double percent = Math.round(part * 1000.0 / whole) / 10.0;
            assertThat(Shown.rate(Shown.of(part), Shown.of(whole)).display()).as(part + "/" + whole)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f%%", percent));
        }
        assertThat(Shown.rate(Shown.of(1), Shown.of(3)).display()).isEqualTo("33.3%");
        assertThat(Shown.rate(Shown.of(0), Shown.of(3)).display()).isEqualTo("0.0%");
        assertThat(Shown.rate(Shown.of(5), Shown.of(5)).display()).isEqualTo("100.0%");
        assertThat(Shown.percentText(-5)).isEqualTo(String.format(Locale.ROOT, "%.1f%%", -0.5));
    }

    @Test
    void countsAreGroupedAsJapaneseScreensWriteThem() {
        NumberFormat japanese = NumberFormat.getIntegerInstance(Locale.JAPAN);
        Random random = new Random(7);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 12L, 123L, 999L, 1000L, 9999L, 100000L, 999999L,
                1000000L, -1L, -1000L, -123456789L, Long.MAX_VALUE));
        for (int i = 0; i < 1000; i++) {
            values.add(random.nextLong() >> random.nextInt(63));
        }
        for (long v : values) {
            assertThat(Shown.grouped(v)).as(Long.toString(v)).isEqualTo(japanese.format(v));
        }
    }
}
