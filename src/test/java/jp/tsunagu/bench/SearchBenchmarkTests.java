package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench search} counts, per query, whether the person it was made from is among the hits, and
 * fails below 100 %; its queries are made so that a right search must find that person.
 */
@TsunaguTest
class SearchBenchmarkTests {

    @Autowired
    SearchBenchmark benchmark;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @TempDir
    Path dir;

    @BeforeEach
    void city() {
        SampleCity.importSmall(catalog, imports, jdbc, dir);
    }

    @Test
    void theWarmUpRunsRoundsUntilTheJitIsQuietAndNoMoreThanItsLimit() throws Exception {
        java.util.Iterator<Long> compiled = List.of(4_689L, 1_693L, 134L, 31L, 5L).iterator();
        List<Long> seen = new java.util.ArrayList<>();
        assertThat(SearchBenchmark.untilQuiet(12, 100, round -> {
            long ms = compiled.next();
            seen.add(ms);
            return ms;
        })).isEqualTo(4);
        assertThat(seen).containsExactly(4_689L, 1_693L, 134L, 31L);
        int[] rounds = new int[1];
        assertThat(SearchBenchmark.untilQuiet(3, 100, round -> {
            rounds[0]++;
            return 500;
        })).isEqualTo(3);
        assertThat(rounds[0]).isEqualTo(3);
    }

    @Test
    void theTimedQueriesWaitUntilTheStatisticsAreCurrent() throws Exception {
        int[] asked = {0};
        double waited = BenchCity.awaitStatistics(() -> ++asked[0] >= 3);
        assertThat(asked[0]).as("asked until the refresh had ended").isEqualTo(3);
        assertThat(waited).isPositive();
        assertThat(BenchCity.awaitStatistics(() -> true)).isLessThan(waited);
    }

    @Test
    void theSlowestQueriesOfARunAreNamedSlowestFirst() {
        List<SearchCases.Case> cases = List.of("はやの H5", "角田 秀 S19", "入間川").stream()
                .map(t -> new SearchCases.Case(t, "0000000001", "true", List.of(), true)).toList();
        SearchBenchmark.Run run = new SearchBenchmark.Run(new double[] {1.5, 7.25, 3.0}, 3, 3, 3, 0.1, List.of());
        assertThat(SearchBenchmark.slowest(cases, run, 2)).isEqualTo("「角田 秀 S19」 7.25 ms, 「入間川」 3.00 ms");
    }

    @Test
    void theSlowestQueriesOfAConcurrentPhaseAreNamedWithWhenTheyStarted() {
        List<SearchCases.Case> cases = List.of("はやの H5", "角田 秀 S19", "入間川").stream()
                .map(t -> new SearchCases.Case(t, "0000000001", "true", List.of(), true)).toList();
        List<SearchBenchmark.Timed> each = List.of(new SearchBenchmark.Timed(0, 0.4, 1.5),
                new SearchBenchmark.Timed(2, 120.6, 41.0), new SearchBenchmark.Timed(1, 3.2, 2.0),
                new SearchBenchmark.Timed(2, 310.0, 9.75));
        assertThat(SearchBenchmark.slowest(cases, each, 3))
                .isEqualTo("「入間川」 41.00 ms at 121 ms, 「入間川」 9.75 ms at 310 ms, 「角田 秀 S19」 2.00 ms at 3 ms");
    }

    @Test
    void aConcurrentPhaseTellsTheQueriesThatStartedWithTheClientsReleaseFromTheRest() {
        List<SearchBenchmark.Timed> each = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // the first 20 start within 100 ms and wait 40 ms; the 100 after it take 5 ms
            each.add(new SearchBenchmark.Timed(0, i < 20 ? i * 4.9 : 100 + i, i < 20 ? 40.0 : 5.0));
        }
        assertThat(SearchBenchmark.startAndAfter(each, 100)).isEqualTo(
                "started in the first 100 ms: p50   40.00 ms  max   40.00 ms (n=20); after: p50    5.00 ms  p99    5.00 ms (n=100)");
        assertThat(SearchBenchmark.startAndAfter(each.subList(20, 120), 100)).startsWith("started in the first 100 ms: none;");
    }

    @Test
    void everyClassHasQueriesThatFindTheirPerson() {
        ForeignTables tables = new ForeignTables(dataSource);
        Map<String, List<SearchCases.Case>> cases;
        try (ForeignTables.CaseCounts counts = tables.caseCounts()) {
            cases = SearchCases.build(tables.searchSamples(7L, 400), 20, 7L,
                    c -> counts.plainlyFindable(c, SearchBenchmark.MAX_MATCHES));
        }
        assertThat(jdbc.sql("SELECT to_regclass('bench_case_hay') IS NULL").query(Boolean.class).single())
                .as("the counts' table is dropped when they are closed").isTrue();

        Map<String, SearchBenchmark.Run> runs = new LinkedHashMap<>();
        cases.forEach((name, list) -> runs.put(name, benchmark.measure(list)));

        assertThat(cases.keySet()).containsExactlyElementsOf(SearchCases.CLASSES);
        runs.forEach((name, run) -> {
            assertThat(run.queries()).as(name).isEqualTo(20);
            assertThat(run.found()).as("%s: %s", name, run.missed()).isEqualTo(run.queries());
        });
        SearchBenchmark.checkFound("1 client", runs);
    }

    @Test
    void aBirthDateNarrowedByTheFirstKanaOfTheReadingFindsItsPerson() {
        ForeignTables tables = new ForeignTables(dataSource);
        // as in a city where a day has more persons than a page: only the narrowed date queries are taken
        Map<String, List<SearchCases.Case>> cases;
        try (ForeignTables.CaseCounts counts = tables.caseCounts()) {
            cases = SearchCases.build(tables.searchSamples(9L, 200), 20, 9L,
                    (kind, c) -> kind.startsWith("date-") && c.text().contains(" ")
                            && counts.plainlyFindable(c, SearchBenchmark.maxMatches(kind)));
        }

        Map<String, SearchBenchmark.Run> runs = new LinkedHashMap<>();
        cases.forEach((name, list) -> {
            if (name.startsWith("date-")) {
                assertThat(list).as(name).hasSize(20)
                        .allSatisfy(c -> assertThat(c.text()).matches("\\S+ [\\p{InHiragana}ー]{1,2}"));
                runs.put(name, benchmark.measure(list));
            } else {
                assertThat(list).as(name).isEmpty();
            }
        });
        assertThat(runs).hasSize(5);
        SearchBenchmark.checkFound("1 client", runs);
    }

    @Test
    void theCountOfACaseFindsTheSamePersonsAsItsTranslationAndTakesLikeOnlyForTermsWithoutLetterCase() {
        ForeignTables tables = new ForeignTables(dataSource);
        Map<String, List<SearchCases.Case>> cases = SearchCases.build(tables.searchSamples(5L, 300), 30, 5L);
        int liked = 0;
        try (ForeignTables.CaseCounts counts = tables.caseCounts()) {
            for (var entry : cases.entrySet()) {
                for (SearchCases.Case c : entry.getValue()) {
                    if (!c.countWhere().equals(c.trgmWhere())) {
                        liked++;
                    }
                    List<String> plain = keys("person", c.trgmWhere(), c);
                    assertThat(keys("person", c.countWhere(), c)).as("%s %s", entry.getKey(), c.text())
                            .isEqualTo(plain);
                    assertThat(keys("bench_case_hay", c.countWhere().replace(SearchCases.HAY, "hay"), c))
                            .as("the counts' table: %s %s", entry.getKey(), c.text()).isEqualTo(plain);
                }
            }
        }
        assertThat(liked).as("kana, kanji and town terms are counted with LIKE").isGreaterThan(50);
        assertThat(SearchCases.caseless("やまざき山崎ﾔﾏ入間川１２3")).isTrue();
        assertThat(SearchCases.caseless("やまa")).isFalse();
        assertThat(SearchCases.caseless("Ｙａｍａ")).isFalse();
        SearchCases.Case latin = new SearchCases.Case("smith", "1", SearchCases.HAY + " ILIKE ?", List.of("%smith%"));
        assertThat(latin.countWhere()).isEqualTo(latin.trgmWhere());
    }

    private List<String> keys(String table, String where, SearchCases.Case c) {
        return jdbc.sql("SELECT person_key FROM " + table + " WHERE " + where + " ORDER BY person_key")
                .params(c.trgmParams()).query(String.class).list();
    }

    @Test
    void aQueryThatDoesNotFindItsPersonFailsTheRun() {
        ForeignTables tables = new ForeignTables(dataSource);
        List<SearchCases.Sample> samples = tables.searchSamples(11L, 2);
        SearchCases.Case right = SearchCases.build(samples.subList(0, 1), 1, 11L).get("key").get(0);
        // the first person's key typed, the second person expected: a wrong key planted
        SearchCases.Case wrong = new SearchCases.Case(right.text(), samples.get(1).personKey(), right.trgmWhere(),
                right.trgmParams(), true);

        SearchBenchmark.Run good = benchmark.measure(List.of(right));
        SearchBenchmark.Run bad = benchmark.measure(List.of(right, wrong));

        assertThat(good.found()).isEqualTo(1);
        assertThat(bad.found()).isEqualTo(1);
        assertThat(bad.hits()).as("the search did return the typed key's person both times").isEqualTo(2);
        SearchBenchmark.checkFound("1 client", Map.of("key", good));
        assertThatThrownBy(() -> SearchBenchmark.checkFound("1 client", Map.of("key", bad)))
                .isInstanceOf(BenchCheckFailed.class)
                .hasMessageContaining("key 1 of 2")
                .hasMessageContaining(samples.get(1).personKey());
    }
}
