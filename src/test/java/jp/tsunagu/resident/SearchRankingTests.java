package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Results come exact first, then prefix, then fragment, then near reading; terms combine. */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-ranking-f${tsunagu.test.fork:1}")
class SearchRankingTests {

    @Autowired
    PersonSearch search;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void persons() {
        jdbc.sql("DELETE FROM person").update();
        add("0000000011", "山田", "ヤマダ", "1970-03-02", "狭山市入間川一丁目");
        add("0000000029", "山田 太郎", "ヤマダ タロウ", "1932-05-01", "狭山市富士見二丁目");
        add("0000000037", "小山田 花子", "コヤマダ ハナコ", "1985-07-07", "狭山市入間川三丁目");
        add("0000000045", "山多 翔", "ヤマタ ショウ", "1985-01-20", "狭山市柏原");
        add("0000000053", "佐藤 翔", "サトウ ショウ", "1960-10-10", "狭山市入間川二丁目");
    }

    @Test
    void exactThenPrefixThenFragmentThenNearReading() {
        assertThat(keys("やまだ")).containsExactly("0000000011", "0000000029", "0000000037", "0000000045");
    }

    @Test
    void termsCombineAndDatesAndYearsNarrow() {
        assertThat(keys("翔 S60")).containsExactly("0000000045");
        assertThat(keys("山田 S7")).as("the year narrows the prefix tier too").containsExactly("0000000029");
        assertThat(keys("田 1985")).as("name fragment with the year grams").containsExactly("0000000037");
        assertThat(keys("やまだ 昭和45年3月2日")).containsExactly("0000000011");
        assertThat(keys("入間川 さとう")).containsExactly("0000000053");
        assertThat(keys("山田 花子")).as("fragment 山田 in 小山田, and 花子").containsExactly("0000000037");
        assertThat(keys("11")).containsExactly("0000000011");
        assertThat(keys("山田 太郎")).as("the whole name as one prefix").containsExactly("0000000029");
        assertThat(keys("やまた たろう")).as("no whole name nor grams: the near reading still finds him")
                .containsExactly("0000000029");
    }

    @Test
    void aYearNarrowsReadingAndAddressFragmentsAndCombinedTermsThroughItsGram() {
        assertThat(keys("やまだ S60")).as("コヤマダ by the fragment, ヤマタ by the near reading: both born 1985")
                .containsExactly("0000000037", "0000000045");
        assertThat(keys("間川 S60")).as("an address fragment with the year").containsExactly("0000000037");
        assertThat(keys("入間川 小山 S60")).as("address and name grams with the year").containsExactly("0000000037");
        assertThat(keys("入間川 佐藤 S35")).containsExactly("0000000053");
        assertThat(keys("入間川 佐藤 S60")).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM person WHERE grams @> ARRAY[gram_code('y:1985')]").query(Integer.class)
                .single()).isEqualTo(2);
    }

    @Test
    void aReadingsFragmentMatchesTheReadingThatHoldsItNotOnlyItsGrams() {
        add("0000000087", "大太 一", "オオタ ハジメ", "1985-02-02", "狭山市柏原");
        add("0000000095", "大尾 二", "コオオオ ツギ", "1985-03-03", "狭山市柏原");
        // オオタ has オオ, the only gram of オオオ, but not オオオ
        assertThat(keys("おおお")).containsExactly("0000000095");
        assertThat(keys("おおお S60")).containsExactly("0000000095");
        assertThat(keys("おお S60")).as("two kana: the gram is the fragment").containsExactly("0000000087", "0000000095");
    }

    @Test
    void aBlockNumberWithANameMatchesTheNumberItselfNotOnlyItsGrams() {
        add("0000000061", "佐藤 一", "サトウ ハジメ", "1960-01-01", "狭山市入間川3丁目17番27号");
        // 入間川17-2-27 has every gram of 17-27 (17, 7-, -2, 27) but not 17-27
        add("0000000079", "佐藤 二", "サトウ ツギ", "1960-01-01", "狭山市入間川17丁目2番27号");
        assertThat(keys("17-27 佐藤")).containsExactly("0000000061");
        assertThat(keys("17番27号 佐藤 S35")).containsExactly("0000000061");
        assertThat(keys("佐藤 17-27")).containsExactly("0000000061");
    }

    @Test
    void aBlockNumberTypedAloneFindsTheAddressOutsideTheCity() {
        add("0080356684", "吉田 由", "ヨシダ チナミ", "1983-11-14", "東京都練馬区緑町5丁目3番地");
        assertThat(keys("5丁目 吉田 S58")).containsExactly("0080356684");
    }

    @Test
    void filtersNarrowByStatusAgeAndTown() {
        assertThat(search.search("やまだ", new PersonSearch.Filters(null, 80, null, null), 50))
                .extracting(PersonSearch.Hit::personKey).containsExactly("0000000029");
        assertThat(search.search("やまだ", new PersonSearch.Filters(null, null, null, "入間川"), 50))
                .extracting(PersonSearch.Hit::personKey).containsExactly("0000000011", "0000000037");
        assertThat(search.search("やまだ", new PersonSearch.Filters("住登外", null, null, null), 50)).isEmpty();
    }

    private List<String> keys(String q) {
        return search.search(q, PersonSearch.Filters.NONE, 50).stream().map(PersonSearch.Hit::personKey).toList();
    }

    private void add(String key, String name, String kana, String born, String address) {
        IndexedPersons.add(jdbc, key, name, kana, LocalDate.parse(born), address);
    }
}
