package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A lead combination that leaves its largest address grams out (「入間川 新田」: 入間川 by its address and 新田 by
 * its name reads the name's grams only, not 入間川's) finds the same persons as the one that intersects every gram,
 * and the combination of the two addresses, read by the addresses' 2-grams of the year with a year
 * ({@code a1972:間川}), finds the person with both in the address: the rows are checked for the address itself, so
 * that an address with 新田 but not 入間 (or with 入間 and 間川 apart) is not a match.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-ranking-f${tsunagu.test.fork:1}")
class LeadTierNarrowingTests {

    /** 入間 and 間川 as dense as the statistics may ever say, 新田 and the year rare: 入間川's grams are left out. */
    private static final CommonGrams.Shares DENSE = new CommonGrams.Shares(
            Map.of("a:入間", 0.5, "a:間川", 0.5, "a:新田", 0.001, "y:1972", 0.0001), 0.0001);

    @Autowired
    PersonSearch search;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NamedParameterJdbcTemplate named;

    @BeforeEach
    void persons() {
        jdbc.sql("DELETE FROM person").update();
        for (int n = 1; n <= 40; n++) {
            add(String.format("%010d", n), "佐藤 花子", "サトウ ハナコ", LocalDate.of(1950 + n % 30, 4, 1),
                    "埼玉県狭山市入間川" + (n % 4 + 1) + "丁目" + n + "番");
        }
        // 新田 by name in 入間川, born 1972
        add("0000000101", "新田 一郎", "ニッタ イチロウ", LocalDate.of(1972, 5, 5), "埼玉県狭山市入間川1丁目5番");
        // 入間川 and 新田 both in the address, born 1972
        add("0000000102", "鈴木 二郎", "スズキ ジロウ", LocalDate.of(1972, 6, 6), "埼玉県狭山市入間川新田12番");
        // traps, each born 1972: 新田 in the address, no 入間; 入間 and 間川 apart with 新田; 入間 without 入間川
        add("0000000201", "高橋 三郎", "タカハシ サブロウ", LocalDate.of(1972, 7, 7), "埼玉県狭山市上新田3番");
        add("0000000202", "田中 四郎", "タナカ シロウ", LocalDate.of(1972, 8, 8), "埼玉県入間市新田間川1番");
        add("0000000203", "斉藤 五郎", "サイトウ ゴロウ", LocalDate.of(1972, 9, 9), "埼玉県入間市新田2番");
        jdbc.sql("ANALYZE person").update();
    }

    @Test
    void aCombinationWithoutItsLargestGramsFindsTheSamePersons() {
        PersonSearch.Statement narrowed = PersonSearch.statement("入間川 新田", PersonSearch.Filters.NONE, 50, DENSE);
        assertThat(LeadTierYearTests.combinations(narrowed)).as("the grams left out")
                .contains(Set.of("n:新田"), Set.of("n:入間", "n:間川"))
                .filteredOn(c -> c.contains("a:入間") || c.contains("a:間川"))
                .containsExactly(Set.of("a:入間", "a:間川", "a:新田"));
        assertThat(keys(narrowed)).containsExactlyInAnyOrder("0000000101", "0000000102");
        // 0000000102 (入間川新田, neither in the name) is found by the combination of the addresses alone, with the
        // year by the addresses' grams of the year
        PersonSearch.Statement ofTheYear = PersonSearch.statement("入間川 新田 S47", PersonSearch.Filters.NONE, 50, DENSE);
        assertThat(LeadTierYearTests.addressCombinations(ofTheYear))
                .containsExactly(Set.of("a1972:入間", "a1972:間川", "a1972:新田"));
        assertThat(keys(ofTheYear)).containsExactlyInAnyOrder("0000000101", "0000000102");

        PersonSearch.Statement shorter = PersonSearch.statement("入間 新田 S47", PersonSearch.Filters.NONE, 50, DENSE);
        assertThat(LeadTierYearTests.addressCombinations(shorter)).containsExactly(Set.of("a1972:入間", "a1972:新田"));
        assertThat(keys(shorter)).as("入間 in the address or the name").containsExactlyInAnyOrder("0000000101",
                "0000000102", "0000000202", "0000000203");

        for (String q : List.of("入間川 新田 S47", "入間 新田 S47", "新田 入間川 S47", "入間川 新田", "入間川 佐藤 S55",
                "入間 新田 上 S47")) {
            List<String> all = keys(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50,
                    CommonGrams.Shares.NONE));
            assertThat(keys(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50, DENSE))).as(q).isEqualTo(all);
            assertThat(search.search(q, PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                    .as(q).isEqualTo(all);
        }
    }

    /**
     * As a 4,000,000-resident run's statistics have them (session 25): 入間 and 間川 in a ninth of the addresses each,
     * 1972 in 1.25 % of the birth dates, the smallest listed share 0.41 %; no name's gram of the year is listed.
     */
    private static final CommonGrams.Shares AT_4M = new CommonGrams.Shares(
            Map.of("a:入間", 0.1099, "a:間川", 0.1081, "y:1972", 0.0125), 0.0041);

    /**
     * A name's gram of the year that the statistics do not list is taken as the year's share times the name's, not as
     * the smallest listed share (16,000 persons at 4,000,000 for 新田 born in 1972). The combination of 入間川 by its
     * address with 新田 by its name reads 入間川's grams of the year, neither of its lists of a ninth of the city, and
     * finds the same persons.
     */
    @Test
    void aNamesGramOfTheYearCountsAsTheYearsShareOfTheName() {
        assertThat(AT_4M.of("n1972:新田")).isCloseTo(0.0125 * 0.0041, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(AT_4M.of("n:新田")).isEqualTo(0.0041);
        assertThat(AT_4M.of("k1972:にった")).as("not a name's gram of the year").isEqualTo(0.0041);
        PersonSearch.Statement statement = PersonSearch.statement("入間川 新田 S47", PersonSearch.Filters.NONE, 50, AT_4M);
        assertThat(LeadTierYearTests.combinations(statement)).as("入間川's grams of the year")
                .contains(Set.of("a1972:入間", "a1972:間川", "n1972:新田"))
                .noneMatch(c -> c.contains("a:入間") || c.contains("a:間川"));
        assertThat(keys(statement)).isEqualTo(keys(PersonSearch.statement("入間川 新田 S47", PersonSearch.Filters.NONE,
                50, CommonGrams.Shares.NONE))).containsExactlyInAnyOrder("0000000101", "0000000102");
    }

    /**
     * A 支援措置 person is not found by their address through the addresses' grams of the year (alone or as the lead
     * tier's combination of addresses) unless the viewer may see their whereabouts.
     */
    @Test
    void theAddressesGramsOfTheYearDoNotFindAProtectedPersonForAViewerWithoutThePermission() {
        add("0000000301", "山本 六郎", "ヤマモト ロクロウ", LocalDate.of(1972, 10, 10), "埼玉県狭山市入間川新田30番");
        jdbc.sql("UPDATE person SET support_measure = true, address_protected = true WHERE person_key = '0000000301'")
                .update();
        PersonSearch.Filters permitted = new PersonSearch.Filters(null, null, null, null, true);
        for (String q : List.of("入間川 新田 S47", "入間川新田 S47")) {
            assertThat(search.search(q, PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                    .as(q).contains("0000000102").doesNotContain("0000000301");
            assertThat(search.search(q, permitted, 50)).extracting(PersonSearch.Hit::personKey)
                    .as(q + ", with the permission").contains("0000000102", "0000000301");
        }
        assertThat(LeadTierYearTests.addressCombinations(
                PersonSearch.statement("入間川 新田 S47", PersonSearch.Filters.NONE, 50))).isNotEmpty();
    }

    private List<String> keys(PersonSearch.Statement statement) {
        return IndexedPersons.keys(named, statement);
    }

    private void add(String key, String name, String kana, LocalDate born, String address) {
        IndexedPersons.add(jdbc, key, name, kana, born, address);
    }
}
