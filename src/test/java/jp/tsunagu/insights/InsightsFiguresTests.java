package jp.tsunagu.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.TestClock;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The figures against counts this test writes itself in SQL over the imported records (never through the
 * module's tables or programs' and resident's published SQL): coverage by age band, town and sex, the pair
 * matrix and every combination now — and, after a second import in the next month, the first month's
 * month-end figure, counted here from the import history (the versions valid in that month's snapshots).
 *
 * <p>The city's day 1 is imported on the last day of the previous month (the application's clock moved
 * back), day 2 today.
 */
@TsunaguTest
@Import(TestClock.class)
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-insights-figures")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightsFiguresTests {

    /** The registry's move reasons that take a person off the residents (as codes and as labels). */
    static final String REMOVED = "('11', '12', '転出', '死亡', '職権消除', '国外転出')";

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock.Movable clock;
    @Autowired
    InsightsRefresh refresh;
    @Autowired
    Figures figures;
    @Autowired
    Dashboard dashboard;
    @Autowired
    InsightsProperties properties;
    @TempDir
    static Path dir;

    LocalDate lastMonthEnd;
    LocalDate day1Today;
    long lastDay1Run;

    @BeforeAll
    void twoImportsInTwoMonths() {
        LocalDate today = LocalDate.now(TokyoTime.ZONE);
        lastMonthEnd = today.withDayOfMonth(1).minusDays(1);
        clock.advance(Duration.ofDays(-(today.getDayOfMonth())));
        day1Today = LocalDate.ofInstant(clock.instant(), TokyoTime.ZONE);
        SampleCity.started(catalog, imports, jdbc, accounts, dir.resolve("day1"));
        awaitFigures();
        lastDay1Run = jdbc.sql("SELECT max(run_id) FROM import_run").query(Long.class).single();
        clock.reset();
        GenerationResult day2 = SampleMunicipality.generate(SampleSize.SMALL, 2, 20260401L, dir.resolve("day2"));
        day2.sources().forEach(f -> imports.importFile(f.id(), f.file(), "test", "test"));
        SampleCity.awaitListeners(jdbc);
        awaitFigures();
    }

    @Test
    void coverageNowEqualsTheCountOverTheCurrentRecordsByAgeBandTownAndSex() {
        Filter now = Filter.none().inMonth(LocalDate.now(TokyoTime.ZONE).withDayOfMonth(1));
        String current = "SELECT source_id, person_key, data FROM source_record";
        for (Dimension by : List.of(Dimension.AGE_BAND, Dimension.TOWN, Dimension.SEX)) {
            Map<String, long[]> expected = independent(current, LocalDate.now(TokyoTime.ZONE), by);
            assertThat(actual(figures.coverage(now, by))).as(by.label).isEqualTo(render(expected));
        }
        long residents = jdbc.sql("SELECT count(*) FROM person WHERE status = '住民'").query(Long.class).single();
        assertThat(figures.period(null).orElseThrow().residents()).isEqualTo(residents);
        double share = 100.0 * figures.period(null).orElseThrow().covered() / residents;
        assertThat(share).as("the sample city is built for about 40 %").isBetween(30.0, 50.0);
    }

    @Test
    void theLastMonthEndFigureIsTheHistorysAfterTheSecondImport() {
        assertThat(figures.periods()).extracting(Figures.Period::month)
                .contains(lastMonthEnd.withDayOfMonth(1), LocalDate.now(TokyoTime.ZONE).withDayOfMonth(1));
        Filter past = Filter.none().inMonth(lastMonthEnd.withDayOfMonth(1));
        String history = """
                WITH v AS (
                    SELECT source_id, person_key, data, valid_from_run, NULL::bigint AS valid_to_run FROM source_record
                    UNION ALL
                    SELECT source_id, person_key, data, valid_from_run, valid_to_run FROM source_record_history),
                runs AS (
                    SELECT source_id, max(run_id) AS run FROM import_run
                     WHERE status IN ('APPLIED', 'UNCHANGED') AND run_id <= %d GROUP BY source_id)
                SELECT v.source_id, v.person_key, v.data FROM v JOIN runs r ON r.source_id = v.source_id
                 WHERE v.valid_from_run <= r.run AND (v.valid_to_run IS NULL OR v.valid_to_run > r.run)"""
                .formatted(lastDay1Run);
        for (Dimension by : List.of(Dimension.AGE_BAND, Dimension.TOWN)) {
            Map<String, long[]> expected = independent(history, day1Today, by);
            assertThat(actual(figures.coverage(past, by))).as(by.label).isEqualTo(render(expected));
        }
        long changed = jdbc.sql("SELECT count(*) FROM record_change WHERE run_id > :r").param("r", lastDay1Run)
                .query(Long.class).single();
        assertThat(changed).as("day 2 changed records, so the months can differ").isPositive();
    }

    @Test
    void everyPairAndEveryCombinationEqualsTheCountOverTheCurrentRecords() {
        Filter now = Filter.none().inMonth(LocalDate.now(TokyoTime.ZONE).withDayOfMonth(1));
        Map<Long, Long> masks = figures.masks(now);
        Map<String, Long> combinations = new TreeMap<>();
        masks.forEach((mask, n) -> combinations.put(names(mask), n));
        Map<String, Long> expected = new TreeMap<>();
        jdbc.sql("""
                WITH res AS (
                    SELECT DISTINCT person_key FROM source_record WHERE source_id = 'jumin-kiroku'
                       AND coalesce(data->>'move_reason', '') NOT IN %s),
                w AS (
                    SELECT person_key, string_agg(DISTINCT source_id, '+' ORDER BY source_id) AS combo FROM source_record
                     WHERE source_id = ANY(:welfare) GROUP BY person_key)
                SELECT combo, count(*) FROM w JOIN res USING (person_key) GROUP BY combo""".formatted(REMOVED))
                .param("welfare", welfare()).query(rs -> {
                    expected.put(rs.getString(1), rs.getLong(2));
                });
        assertThat(combinations).isEqualTo(expected);

        Overlaps overlaps = dashboard.overlaps(now, false);
        List<String> ids = overlaps.programs().stream().map(Overlaps.Program::sourceId).toList();
        assertThat(ids).containsExactlyInAnyOrder(welfare());
        for (int a = 0; a < ids.size(); a++) {
            for (int b = 0; b < ids.size(); b++) {
                long pair = jdbc.sql("""
                        SELECT count(DISTINCT x.person_key) FROM source_record x JOIN source_record y USING (person_key)
                         WHERE x.source_id = :a AND y.source_id = :b AND x.person_key IN (
                               SELECT person_key FROM source_record WHERE source_id = 'jumin-kiroku'
                                  AND coalesce(data->>'move_reason', '') NOT IN %s)""".formatted(REMOVED))
                        .param("a", ids.get(a)).param("b", ids.get(b)).query(Long.class).single();
                assertThat(overlaps.pairs().get(a).get(b).value()).as(ids.get(a) + " × " + ids.get(b)).isEqualTo(pair);
            }
        }
        assertThat(overlaps.pairs().stream().flatMap(List::stream).anyMatch(s -> s.value() > 0 && !ids.isEmpty()))
                .isTrue();
    }

    /**
     * The refresh leaves the dashboard ready (表示の準備): the month's cube read and the whole city's and every age
     * band's sums kept before anyone asks — the first staff members after a refresh do not each wait for them.
     * A 町丁目 is summed over its own rows when asked and never kept.
     */
    @Test
    void theRefreshLeavesTheWholeCityAndEveryAgeBandSummedBeforeAnyoneAsks() {
        assertThat(refresh.settled()).isTrue();
        assertThat(figures.ready(Filter.none())).as("the whole city").isTrue();
        Filter now = Filter.none().inMonth(LocalDate.now(TokyoTime.ZONE).withDayOfMonth(1));
        List<Figures.Slice> bands = figures.coverage(now, Dimension.AGE_BAND);
        assertThat(bands).hasSizeGreaterThan(5);
        for (Figures.Slice band : bands) {
            assertThat(figures.ready(new Filter(null, Integer.parseInt(band.key()), null, null, null)))
                    .as("age band " + band.key()).isTrue();
        }
        String town = figures.coverage(now, Dimension.TOWN).get(0).key();
        assertThat(figures.ready(new Filter(null, null, null, town, null))).as(town).isFalse();
    }

    /**
     * Filtered figures (a 町丁目's rows alone, an age band's kept sums) against the whole city's rows of the same
     * value: a 町丁目's residents by age band add up to the 町丁目's row, an age band's combinations to its row.
     */
    @Test
    void aFilteredFigureAddsUpToTheWholeCitysRowOfItsValue() {
        Filter now = Filter.none().inMonth(LocalDate.now(TokyoTime.ZONE).withDayOfMonth(1));
        List<Figures.Slice> towns = figures.coverage(now, Dimension.TOWN);
        assertThat(towns).hasSizeGreaterThan(10);
        for (Figures.Slice town : towns) {
            Filter in = new Filter(now.month(), null, null, town.key(), null);
            List<Figures.Slice> byAge = figures.coverage(in, Dimension.AGE_BAND);
            assertThat(byAge.stream().mapToLong(Figures.Slice::residents).sum()).as(town.key()).isEqualTo(town.residents());
            assertThat(byAge.stream().mapToLong(Figures.Slice::covered).sum()).as(town.key()).isEqualTo(town.covered());
            assertThat(figures.coverage(in, Dimension.TOWN)).containsExactly(town);
        }
        for (Figures.Slice band : figures.coverage(now, Dimension.AGE_BAND)) {
            Filter in = new Filter(now.month(), Integer.parseInt(band.key()), null, null, null);
            assertThat(figures.masks(in).values().stream().mapToLong(Long::longValue).sum()).as(band.key())
                    .isEqualTo(band.covered());
        }
    }

    @Test
    void lifeEventsPerMonthEqualTheEventsRecordedAfterTheSecondImport() {
        Trends.LifeEvents events = dashboard.view(Filter.none(), false).trends().events();
        Map<LocalDate, Long> expected = new TreeMap<>();
        jdbc.sql("SELECT date_trunc('month', occurred_on)::date, count(*) FROM life_event GROUP BY 1").query(rs -> {
            expected.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
        });
        assertThat(expected).as("day 2 brought life events").isNotEmpty();
        Map<LocalDate, Long> actual = new TreeMap<>();
        for (int i = 0; i < events.months().size(); i++) {
            actual.put(events.months().get(i), events.counts().get(i).stream().mapToLong(Shown::value).sum());
        }
        assertThat(actual).isEqualTo(expected);
        long kinds = jdbc.sql("SELECT count(DISTINCT kind) FROM life_event").query(Long.class).single();
        assertThat(events.kinds()).hasSize((int) kinds);
    }

    /** Residents and covered residents by the dimension, counted over the given records as of the day. */
    private Map<String, long[]> independent(String records, LocalDate day, Dimension by) {
        String key = switch (by) {
            case AGE_BAND -> "coalesce(least(extract(year FROM age(:day, (reg.data->>'birth_date')::date))::int / 10, 9), -1)::text";
            case TOWN -> "coalesce(regexp_replace(substring(reg.data->>'address' from '狭山市([^0-9]*)'), '^大字', ''), '不明')";
            // the registry's codes as its source definition labels them (1 男, 2 女): the index keeps the label
            case SEX -> "CASE reg.data->>'sex' WHEN '1' THEN '男' WHEN '2' THEN '女' ELSE coalesce(reg.data->>'sex', '') END";
            case HOUSEHOLD -> throw new IllegalArgumentException();
        };
        Map<String, long[]> counts = new TreeMap<>();
        jdbc.sql("""
                WITH recs AS (%s),
                reg AS (
                    SELECT DISTINCT ON (person_key) person_key, data FROM recs
                     WHERE source_id = 'jumin-kiroku' AND coalesce(data->>'move_reason', '') NOT IN %s
                     ORDER BY person_key),
                w AS (SELECT DISTINCT person_key FROM recs WHERE source_id = ANY(:welfare))
                SELECT %s, count(*), count(w.person_key) FROM reg LEFT JOIN w USING (person_key) GROUP BY 1"""
                .formatted(records, REMOVED, key))
                .param("day", day).param("welfare", welfare()).query(rs -> {
                    counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                });
        return counts;
    }

    private static Map<String, String> render(Map<String, long[]> counts) {
        Map<String, String> shown = new TreeMap<>();
        counts.forEach((k, v) -> shown.put(k, v[0] + "/" + v[1]));
        return shown;
    }

    private static Map<String, String> actual(List<Figures.Slice> slices) {
        Map<String, String> shown = new TreeMap<>();
        slices.forEach(s -> shown.put(s.key(), s.residents() + "/" + s.covered()));
        return shown;
    }

    private String[] welfare() {
        return jdbc.sql("""
                SELECT source_id FROM source WHERE role = 'PROGRAM' AND NOT source_id = ANY(:not) ORDER BY source_id""")
                .param("not", properties.notWelfare().toArray(String[]::new)).query(String.class).list()
                .toArray(String[]::new);
    }

    private String names(long mask) {
        return figures.sources().stream().filter(s -> (mask & s.mask()) != 0).map(Figures.Source::id).sorted()
                .collect(Collectors.joining("+"));
    }

    private void awaitFigures() {
        await("the figures took in every import").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(2))
                .until(refresh::settled);
        assertThat(figures.period(null)).isPresent();
    }
}
