package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A gram that most persons have (the city's own name in every address) is left out of the grams a
 * search intersects, and the search finds the same persons with it left out as without.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-ranking-f${tsunagu.test.fork:1}")
class CommonGramsTests {

    @Autowired
    PersonSearch search;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NamedParameterJdbcTemplate named;

    @BeforeEach
    void persons() {
        jdbc.sql("DELETE FROM person").update();
        String[] towns = {"狭山台一丁目", "入間川二丁目", "新狭山三丁目", "柏原", "富士見一丁目", "堀兼", "水野", "上広瀬",
                "中央四丁目", "笹井"};
        String[] surnames = {"佐藤", "鈴木", "高橋", "田中", "斉藤"};
        int n = 0;
        for (String town : towns) {
            for (String surname : surnames) {
                n++;
                add(String.format("%010d", n), surname + " 花子", "ハナコ", LocalDate.of(1950 + n, 4, 1),
                        "埼玉県狭山市" + town + n + "番" + (n % 7 + 1) + "号");
            }
        }
        // one outside the city: 狭山 only in its town, as a 住登外 address
        add("0000000099", "斉藤 一", "サイトウ ハジメ", LocalDate.of(1980, 1, 2), "東京都練馬区狭山台5丁目3番地");
        jdbc.sql("ANALYZE person").update();
    }

    @Test
    void theCitysOwnNameIsCommonAndLeftOutWithTheSamePersonsFound() {
        Set<String> common = search.commonGrams();
        assertThat(common).as("in every address of the city").contains("a:狭山", "a:山市", "a:埼玉")
                .as("one town's grams are not common").doesNotContain("a:山台", "a:柏原", "a:練馬");

        PersonSearch.Statement narrowed = PersonSearch.statement("狭山台", PersonSearch.Filters.NONE, 50, common);
        List<String> grams = new ArrayList<>();
        for (String name : narrowed.params().getParameterNames()) {
            if (narrowed.params().getValue(name) instanceof long[] values) {
                grams.addAll(Arrays.asList(GramCode.texts(values)));
            }
        }
        assertThat(grams).contains("a:山台").doesNotContain("a:狭山");

        for (String q : List.of("狭山台", "狭山台 斉藤", "狭山台 斉藤 S55", "狭山 佐藤", "新狭山", "狭山市", "狭山市柏原",
                "山台一丁目", "柏原 S30", "練馬区", "5丁目")) {
            List<String> plain = keys(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50, Set.of()));
            assertThat(keys(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50, common))).as(q)
                    .isEqualTo(plain);
            assertThat(search.search(q, PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                    .as(q).isEqualTo(plain);
        }
        assertThat(keys(PersonSearch.statement("狭山台", PersonSearch.Filters.NONE, 50, common)))
                .containsExactlyInAnyOrder("0000000001", "0000000002", "0000000003", "0000000004", "0000000005",
                        "0000000099");
        assertThat(keys(PersonSearch.statement("狭山台 斉藤 S55", PersonSearch.Filters.NONE, 50, common)))
                .containsExactly("0000000099");
    }

    private List<String> keys(PersonSearch.Statement statement) {
        return IndexedPersons.keys(named, statement);
    }

    private void add(String key, String name, String kana, LocalDate born, String address) {
        IndexedPersons.add(jdbc, key, name, kana, born, address);
    }
}
