package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * What bounds a search statement: the term and character budget of the query, and the guard on its
 * bind parameters. No database is needed: these are checked before one is asked.
 */
class SearchStatementBoundsTests {

    /** Queries at the budget that make the largest statements: name terms combine with each other. */
    static final List<String> LARGEST = List.of(
            "山田 佐藤 入間川 中央 花子 鈴木 一郎 本町",
            "やまだ さとう いるま ちゅう はなこ すずき いちろう ほんちょう",
            "山田 やまだ 佐藤 さとう 入間川 いるま 中央 ちゅう",
            "山田 佐藤 入間川 中央 花子 鈴木 一郎 S55",
            "山田 佐藤 入間川 中央 花子 鈴木 一郎 1980/5/5",
            "山田佐藤入間川中央花子鈴木一郎本町 佐藤入間川中央花子鈴木一郎本町山田 入間川中央花子鈴木一郎本町山田佐藤 "
                    + "中央花子鈴木一郎本町 花子鈴木一郎本町 鈴木一郎本町 一郎本町 本町");
    static final PersonSearch.Filters ALL_FILTERS = new PersonSearch.Filters("住民", 20, 90, "入間川");

    @Test
    void everyStatementWithinTheBudgetStaysFarBelowTheGuard() {
        int largest = 0;
        for (String q : LARGEST) {
            assertThat(SearchQuery.parse(q).terms()).as(q).hasSizeLessThanOrEqualTo(SearchQuery.MAX_TERMS);
            for (PersonSearch.Filters filters : List.of(PersonSearch.Filters.NONE, ALL_FILTERS)) {
                int count = SearchBudget.bindParameters(PersonSearch.statement(q, filters, 50));
                largest = Math.max(largest, count);
            }
        }
        // a third of the guard at most, so that the guard trips only on a change of the statement's shape
        assertThat(largest).as("largest statement's bind parameters").isPositive()
                .isLessThanOrEqualTo(SearchBudget.MAX_BIND_PARAMETERS / 3);
    }

    @Test
    void theLargestStatementWithinTheBudgetIsBuiltInABoundedAllocation() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PersonSearch.statement(LARGEST.get(0), ALL_FILTERS, 50);
        long before = threads.getCurrentThreadAllocatedBytes();
        PersonSearch.Statement statement = PersonSearch.statement(LARGEST.get(0), ALL_FILTERS, 50);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(statement.sql()).contains("LIMIT :limit");
        assertThat(allocated).as("bytes to build the statement of 8 name terms").isLessThan(16L << 20);
    }

    @Test
    void aStatementOverTheGuardIsRefusedWithTheClerksMessage() {
        PersonSearch.Statement atTheGuard = statementWith(SearchBudget.MAX_BIND_PARAMETERS);
        assertThat(SearchBudget.bindParameters(atTheGuard)).isEqualTo(SearchBudget.MAX_BIND_PARAMETERS);
        SearchBudget.check(atTheGuard);

        PersonSearch.Statement over = statementWith(SearchBudget.MAX_BIND_PARAMETERS + 1);
        assertThatThrownBy(() -> SearchBudget.check(over)).isInstanceOf(SearchRefusedException.class)
                .hasMessage("検索の条件が複雑すぎます。語を減らしてください");
        // the search pool's template checks with its own cache of parsed statements (it connects to nothing here)
        SearchBudget.Template template = new SearchBudget.Template(new org.postgresql.ds.PGSimpleDataSource());
        template.check(atTheGuard);
        assertThatThrownBy(() -> template.check(over)).isInstanceOf(SearchRefusedException.class)
                .hasMessage("検索の条件が複雑すぎます。語を減らしてください");
    }

    @Test
    void aCollectionCountsOneParameterPerElementAndAnArrayOne() {
        MapSqlParameterSource params = new MapSqlParameterSource("keys", List.of("1", "2", "3"))
                .addValue("grams", GramCode.of(new String[] {"n:山", "n:田", "n:山田"}));
        PersonSearch.Statement statement = new PersonSearch.Statement(
                "SELECT 1 FROM person p WHERE p.person_key IN (:keys) AND p.grams @> :grams::bigint[] AND p.person_key IN (:keys)",
                params);
        assertThat(SearchBudget.bindParameters(statement)).isEqualTo(7);
    }

    @Test
    void termsAndCharactersAreCountedAsTheQueryIsRead() {
        assertThat(SearchQuery.parse("山田 佐藤 入間川 中央 花子 鈴木 一郎 本町").terms()).hasSize(8);
        assertThatThrownBy(() -> SearchQuery.parse("山田 佐藤 入間川 中央 花子 鈴木 一郎 本町 東"))
                .isInstanceOf(SearchRefusedException.class).hasMessage(SearchQuery.TOO_LARGE);
        // characters are code points after width folding: a rare kanji outside the BMP is one
        // character, a half-width voiced kana (ﾀﾞ) one, and blanks around the text none
        String rare = "𠮷".repeat(100);
        assertThat(SearchQuery.parse(rare).terms()).hasSize(1);
        assertThatThrownBy(() -> SearchQuery.parse(rare + "𠮷")).isInstanceOf(SearchRefusedException.class);
        assertThat(SearchQuery.parse("ﾀﾞ".repeat(100)).text()).isEqualTo("ダ".repeat(100));
        assertThat(SearchQuery.parse("　 " + "山".repeat(100) + " 　").terms()).hasSize(1);
        assertThatThrownBy(() -> SearchQuery.parse("山 ".repeat(50) + "山")).isInstanceOf(SearchRefusedException.class);
        assertThatThrownBy(() -> SearchQuery.parse("山".repeat(1_000_000))).isInstanceOf(SearchRefusedException.class)
                .hasMessage("検索語は8語・100文字までです。語を減らしてください");
    }

    /** A statement naming {@code n} parameters, each once. */
    private static PersonSearch.Statement statementWith(int n) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            params.addValue("p" + i, i);
            names.add(":p" + i);
        }
        return new PersonSearch.Statement("SELECT 1 FROM person p WHERE p.rank IN (" + String.join(", ", names) + ")",
                params);
    }
}
