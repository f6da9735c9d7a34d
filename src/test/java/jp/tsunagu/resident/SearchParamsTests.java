package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A search statement's parameters ({@link SearchParams}): the arrays for the gram index go to the database as the
 * numbers the index holds, every other value as it is — the readings' grams of the year, which their index holds as
 * texts, among them.
 */
class SearchParamsTests {

    @Test
    void onlyTheArraysForTheGramIndexBecomeNumbers() {
        SearchParams params = new SearchParams();
        String[] names = SearchGrams.query("n:", "山田");
        String[] kanaOfTheYear = SearchGrams.query(SearchGrams.kanaYearPrefix(1985), "ヤマダ");
        String condition = params.grams("t1n", names);
        params.addValue("t1gy", kanaOfTheYear);
        params.addValue("t1a", "山田");
        params.addValue("t2", LocalDate.of(1985, 1, 1));

        var coded = params.coded();

        assertThat(condition).isEqualTo("p.grams @> :t1n::bigint[]");
        assertThat((long[]) coded.getValue("t1n")).containsExactly(GramCode.ofQuery(names));
        assertThat(Arrays.stream((long[]) coded.getValue("t1n")).mapToObj(GramCode::text))
                .containsExactlyInAnyOrder(names);
        assertThat(coded.getValue("t1gy")).as("the readings' grams of the year stay texts").isSameAs(kanaOfTheYear);
        assertThat(coded.getValue("t1a")).isEqualTo("山田");
        assertThat(coded.getValue("t2")).isEqualTo(LocalDate.of(1985, 1, 1));
        assertThat(params.getValue("t1n")).as("the statement's own parameters keep the texts").isSameAs(names);
    }

    @Test
    void aConditionOnGramsNeedsTheirArray() {
        SearchParams params = new SearchParams();
        params.grams("lc0", SearchGrams.query("a:", "入間川"));
        params.addValue("t1gy", SearchGrams.query(SearchGrams.kanaYearPrefix(1985), "ヤマダ"));

        assertThat(params.held("lc0")).isEqualTo("p.grams @> :lc0::bigint[]");
        assertThatThrownBy(() -> params.held("t1gy")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> params.held("t9")).isInstanceOf(IllegalArgumentException.class);
    }
}
