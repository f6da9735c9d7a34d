package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The lead tier of several name terms with a birth year (「入間川 新田 S47」): each combination of the terms'
 * gram lists carries the year through a name's grams of that year ({@code n1972:新田}, a few persons)
 * wherever it has a kanji name list; only a combination of addresses alone takes the year's own gram
 * ({@code y:1972}, every person born that year), which the gram index intersects with large lists.
 */
class LeadTierYearTests {

    @Test
    void aNameOfTheYearCarriesTheYearWhereTheCombinationHasOne() {
        PersonSearch.Statement statement = PersonSearch.statement("入間川 新田 S47", PersonSearch.Filters.NONE, 50);
        String sql = statement.sql();
        assertThat(sql).contains("p.grams @> (:t1y::text[] || :t2n::text[])")
                .contains("p.grams @> (:t1y::text[] || :t2r::text[])")
                .contains("p.grams @> (:t1r::text[] || :t2y::text[])")
                .contains("p.grams @> (:t1rY::text[] || :t2r::text[])")
                .doesNotContain(":t1nY::text[]");
        assertThat((String[]) statement.params().getValue("t2y")).containsExactly("n1972:新田");
        assertThat((String[]) statement.params().getValue("t1y")).containsExactly("n1972:入間", "n1972:間川");
        assertThat((String[]) statement.params().getValue("t1rY")).containsExactly("a:入間", "a:間川", "y:1972");
    }

    @Test
    void readingsWithoutANameKeepTheYearsGram() {
        PersonSearch.Statement statement = PersonSearch.statement("やまだ はなこ S45", PersonSearch.Filters.NONE, 50);
        assertThat(statement.sql()).contains("p.grams @> (:t1gY::text[] || :t2g::text[])");
        assertThat((String[]) statement.params().getValue("t1gY")).contains("y:1970");
    }

    @Test
    void withoutAYearTheCombinationsAreTheTermsGrams() {
        String sql = PersonSearch.statement("入間川 新田", PersonSearch.Filters.NONE, 50).sql();
        assertThat(sql).contains("p.grams @> (:t1n::text[] || :t2n::text[])")
                .contains("p.grams @> (:t1r::text[] || :t2r::text[])").doesNotContain("t1y", "t1rY");
    }
}
