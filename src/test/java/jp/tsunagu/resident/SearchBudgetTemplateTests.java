package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The search template's kept positional text (検索文の位置指定形): where no parameter is a collection, every call of a
 * statement gets the same text object, equal to the one Spring writes; a collection is still written out per call;
 * the bind parameter check counts the same either way.
 */
class SearchBudgetTemplateTests {

    final SearchBudget.Template template = new SearchBudget.Template(new SimpleDriverDataSource());

    static final String SQL = "SELECT * FROM person p WHERE p.grams @> :lc0::bigint[] AND p.birth_date = :t1"
            + " AND p.kana_key >= :t2 AND p.kana_key < :t2b UNION ALL SELECT * FROM person p WHERE p.grams @> :lc0::bigint[]"
            + " LIMIT :limit";

    static MapSqlParameterSource params() {
        return new MapSqlParameterSource().addValue("lc0", new long[] {1, 2}).addValue("t1", java.time.LocalDate.of(1970, 1, 1))
                .addValue("t2", "ヤマ").addValue("t2b", "ヤマ\uFFFF").addValue("limit", 50);
    }

    @Test
    void aStatementWithoutCollectionsGetsTheSameTextAtEveryCallAsSpringWritesIt() {
        String first = template.positionalSql(SQL, params());
        String second = template.positionalSql(new String(SQL), params());
        assertThat(second).isSameAs(first);
        assertThat(first).isEqualTo(NamedParameterUtils.substituteNamedParameters(SQL, params()))
                .doesNotContain(":lc0").contains("p.grams @> ?::bigint[]");
        assertThat(first.chars().filter(c -> c == '?').count()).isEqualTo(6);
    }

    @Test
    void aCollectionIsStillWrittenOutOnePlaceholderAnElement() {
        String sql = "SELECT 1 FROM person WHERE person_key IN (:keys) AND status = :status";
        MapSqlParameterSource three = new MapSqlParameterSource().addValue("keys", List.of("1", "2", "3"))
                .addValue("status", "住民");
        MapSqlParameterSource two = new MapSqlParameterSource().addValue("keys", List.of("1", "2"))
                .addValue("status", "住民");
        assertThat(template.positionalSql(sql, three))
                .isEqualTo("SELECT 1 FROM person WHERE person_key IN (?, ?, ?) AND status = ?");
        assertThat(template.positionalSql(sql, two))
                .isEqualTo("SELECT 1 FROM person WHERE person_key IN (?, ?) AND status = ?");
        assertThat(SearchBudget.Template.expands(three)).isTrue();
        assertThat(SearchBudget.Template.expands(params())).isFalse();
    }

    @Test
    void theCheckCountsEveryPlaceholderWithAndWithoutCollections() {
        template.check(new PersonSearch.Statement(SQL, params()));
        // one more occurrence than the budget, none of them a collection
        String many = IntStream.rangeClosed(0, SearchBudget.MAX_BIND_PARAMETERS).mapToObj(i -> ":p" + i)
                .collect(Collectors.joining(" + ", "SELECT ", ""));
        MapSqlParameterSource values = new MapSqlParameterSource();
        IntStream.rangeClosed(0, SearchBudget.MAX_BIND_PARAMETERS).forEach(i -> values.addValue("p" + i, i));
        assertThatThrownBy(() -> template.check(new PersonSearch.Statement(many, values)))
                .isInstanceOf(SearchRefusedException.class).hasMessage(SearchBudget.TOO_COMPLEX);
        String fewer = IntStream.range(0, SearchBudget.MAX_BIND_PARAMETERS).mapToObj(i -> ":p" + i)
                .collect(Collectors.joining(" + ", "SELECT ", ""));
        template.check(new PersonSearch.Statement(fewer, values));
        // one parameter, a collection of more elements than the budget
        MapSqlParameterSource list = new MapSqlParameterSource().addValue("keys",
                IntStream.rangeClosed(0, SearchBudget.MAX_BIND_PARAMETERS).mapToObj(String::valueOf).toList());
        assertThatThrownBy(() -> template.check(new PersonSearch.Statement("SELECT 1 WHERE k IN (:keys)", list)))
                .isInstanceOf(SearchRefusedException.class);
    }
}
