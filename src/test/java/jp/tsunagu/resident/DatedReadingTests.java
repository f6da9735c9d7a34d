package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A birth date with a reading ("S45.3.2 やま") reads only the persons of the day whose reading can match, picked
 * from the birth-date index: it still finds every person the reading's tiers match — by the reading's prefix, a
 * fragment of it, the near reading, a previous reading — and the person of a 7-digit term read as a key too, and
 * nobody else.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-ranking-f${tsunagu.test.fork:1}")
class DatedReadingTests {

    private static final LocalDate DAY = LocalDate.of(1970, 3, 2);

    @Autowired
    PersonSearch search;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NamedParameterJdbcTemplate named;

    @BeforeEach
    void persons() {
        jdbc.sql("DELETE FROM person").update();
        jdbc.sql("DELETE FROM person_history").update();
        add("0000000001", "山崎 太郎", "ヤマザキ タロウ", DAY);
        // ヤマ in the middle of the reading
        add("0000000002", "高山 花子", "タカヤマ ハナコ", DAY);
        // ヤマサキ: the near reading of ヤマザ
        add("0000000003", "山崎 次郎", "ヤマサキ ジロウ", DAY);
        // スズキ now, ヤマダ before
        add("0000000004", "鈴木 和子", "スズキ カズコ", DAY);
        jdbc.sql("""
                INSERT INTO person_history (person_key, replaced_by_run, name, kana, name_key, kana_key)
                VALUES ('0000000004', 1, '山田 和子', 'ヤマダ カズコ', '山田 和子', 'ヤマダカズコ')""").update();
        // the day's others, and a ヤマザキ of another day
        add("0000000005", "佐藤 一郎", "サトウ イチロウ", DAY);
        add("0000000006", "田中 三郎", "タナカ サブロウ", DAY);
        add("0000000007", "山崎 四郎", "ヤマザキ シロウ", DAY.plusDays(1));
        // the person whose key the digits 3450302 are
        add("0003450302", "山本 五郎", "ヤマモト ゴロウ", LocalDate.of(1980, 1, 1));
        jdbc.sql("ANALYZE person").update();
    }

    @Test
    void theDaysPersonsWhoseReadingCanMatchAreFoundByEveryTier() {
        assertThat(found("S45.3.2 や")).containsExactlyInAnyOrder("0000000001", "0000000003", "0000000004");
        assertThat(found("S45.3.2 やま")).as("prefix, fragment, near reading, previous reading")
                .containsExactlyInAnyOrder("0000000001", "0000000002", "0000000003", "0000000004");
        assertThat(found("昭和45年3月2日 やまざ")).as("ヤマサキ by the near reading")
                .containsExactlyInAnyOrder("0000000001", "0000000003");
        assertThat(found("1970-03-02 やまだ")).as("by the previous reading").containsExactly("0000000004");
        assertThat(found("S45.3.2 さとう いち")).containsExactly("0000000005");
        assertThat(found("S45.3.2 ぬ")).isEmpty();
        assertThat(found("3450302 やま")).as("the day's persons and the person of the key")
                .containsExactlyInAnyOrder("0000000001", "0000000002", "0000000003", "0000000004", "0003450302");
        assertThat(found("3450302 たな")).containsExactly("0000000006");
        // the statement reads the day's persons through the readings only when every name term is a reading
        assertThat(PersonSearch.statement("S45.3.2 やま", PersonSearch.Filters.NONE, 50).sql())
                .contains("p.person_key = ANY(ARRAY(SELECT p.person_key FROM person p WHERE p.birth_date");
        assertThat(PersonSearch.statement("S45.3.2 山崎", PersonSearch.Filters.NONE, 50).sql())
                .doesNotContain("ANY(ARRAY(SELECT p.person_key FROM person p WHERE p.birth_date");
        assertThat(found("S45.3.2 山崎 やま")).containsExactlyInAnyOrder("0000000001", "0000000003");
    }

    /** The persons the search finds, as the page statement and the search itself give them (the same). */
    private List<String> found(String q) {
        List<String> keys = IndexedPersons.keys(named, PersonSearch.statement(q, PersonSearch.Filters.NONE, 50));
        assertThat(search.search(q, PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey).as(q)
                .isEqualTo(keys);
        return keys;
    }

    private void add(String key, String name, String kana, LocalDate born) {
        IndexedPersons.add(jdbc, key, name, kana, born, "埼玉県狭山市入間川1丁目1番");
    }
}
