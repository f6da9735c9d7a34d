package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lead tier of several name terms with a birth year (「入間川 新田 S47」): each combination of the terms'
 * gram lists carries the year through each address's 2-grams of that year ({@code a1972:間川}, a few thousand
 * persons at 4,000,000, not a tenth of the city) and the first kanji name's grams of that year
 * ({@code n1972:新田}, a few persons); only where no term has such grams (readings, one character, block numbers)
 * does it take the year's own gram ({@code y:1972}, every person born that year), which the gram index intersects
 * with large lists. Each combination is one array of grams, from which the address grams that cost more than they
 * narrow are left out ({@link CommonGrams.Shares}).
 */
class LeadTierYearTests {

    @Test
    void aNameOfTheYearCarriesTheYearWhereTheCombinationHasOne() {
        PersonSearch.Statement statement = PersonSearch.statement("入間川 新田 S47", PersonSearch.Filters.NONE, 50);
        assertThat(combinations(statement)).containsExactlyInAnyOrder(
                Set.of("n1972:入間", "n1972:間川", "n:新田"),
                Set.of("n1972:入間", "n1972:間川", "a1972:新田"),
                Set.of("a1972:入間", "a1972:間川", "n1972:新田"),
                Set.of("a1972:入間", "a1972:間川", "a1972:新田"));
        assertThat(addressCombinations(statement)).containsExactly(Set.of("a1972:入間", "a1972:間川", "a1972:新田"));
        // no combination reads an address's grams, a tenth of the city, nor every person born that year
        assertThat(combinations(statement)).allSatisfy(c -> assertThat(c).noneMatch(g -> g.startsWith("a:")
                || g.startsWith("y:")));
    }

    /**
     * A term without address 2-grams of the year (「入」, one character) keeps its combination of addresses in the gram
     * index, with the year's gram; block numbers are left out of the grams of the year and checked on the rows.
     */
    @Test
    void aCombinationOfAddressesWithoutGramsOfTheYearKeepsTheYearsGram() {
        PersonSearch.Statement statement = PersonSearch.statement("入 新田 S47", PersonSearch.Filters.NONE, 50);
        assertThat(addressCombinations(statement)).isEmpty();
        // 新田's grams of the year carry the year beside 入: no gram of every person born that year
        assertThat(combinations(statement)).contains(Set.of("a:入", "a1972:新田"), Set.of("n1972:入", "a1972:新田"));
        assertThat(GramCode.texts((long[]) PersonSearch.statement("入 S47", PersonSearch.Filters.NONE, 50).params()
                .getValue("t1ry"))).as("one character alone: its gram and the year's").containsExactly("a:入", "y:1972");

        PersonSearch.Statement numbered = PersonSearch.statement("入間川3丁目 新田 S47", PersonSearch.Filters.NONE, 50);
        assertThat(addressCombinations(numbered)).containsExactly(Set.of("a1972:入間", "a1972:間川", "a1972:新田"));
        assertThat(numbered.sql()).contains("OR strpos(p.address_search, :t1ta) > 0)");
        assertThat(numbered.params().getValue("t1ta")).isEqualTo("入間川3-");
    }

    @Test
    void readingsWithoutANameKeepTheYearsGram() {
        PersonSearch.Statement statement = PersonSearch.statement("やまだ はなこ S45", PersonSearch.Filters.NONE, 50);
        assertThat(combinations(statement)).singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.collection(String.class))
                .contains("y:1970", "k:ヤマ", "k:ハナ");
    }

    @Test
    void withoutAYearTheCombinationsAreTheTermsGrams() {
        PersonSearch.Statement statement = PersonSearch.statement("入間川 新田", PersonSearch.Filters.NONE, 50);
        assertThat(combinations(statement)).contains(Set.of("n:入間", "n:間川", "n:新田"),
                Set.of("a:入間", "a:間川", "a:新田")).allSatisfy(c -> assertThat(c).noneMatch(g -> g.contains("19")));
    }

    /**
     * 入間 and 間川 are each in 11 % of the persons, 新田 in 1.6 %, and a gram the statistics do not list in at most
     * 0.1 %: without a year, the combination of 入間川's name grams with 新田's address grams leaves 新田 out (its 1.6 %
     * saved outweigh the rows it would narrow, taken as independent, out of the at most 0.0001 % the names leave)
     * and checks it on those rows; the combinations with 入間川's address grams keep them, whose rows 新田 would
     * multiply by hundreds. With the year, each address is read by its grams of that year, a few thousand persons:
     * none is left out.
     */
    @Test
    void aCombinationLeavesOutTheAddressGramsThatCostMoreThanTheyNarrow() {
        CommonGrams.Shares shares = new CommonGrams.Shares(
                Map.of("a:入間", 0.11, "a:間川", 0.11, "a:新田", 0.016, "y:1972", 0.013), 0.001);
        PersonSearch.Statement statement = PersonSearch.statement("入間川 新田", PersonSearch.Filters.NONE, 50, shares);
        assertThat(combinations(statement)).containsExactlyInAnyOrder(
                Set.of("n:入間", "n:間川", "n:新田"),
                Set.of("n:入間", "n:間川"),
                Set.of("a:入間", "a:間川", "n:新田"),
                Set.of("a:入間", "a:間川", "a:新田"));
        // the rows are checked for the address itself, whichever grams a combination read
        assertThat(statement.sql()).contains("OR strpos(p.address_search, :t1a) > 0)")
                .contains("OR strpos(p.address_search, :t2a) > 0)");

        PersonSearch.Statement ofTheYear = PersonSearch.statement("入間川 新田 S47", PersonSearch.Filters.NONE, 50, shares);
        assertThat(combinations(ofTheYear)).containsExactlyInAnyOrder(
                Set.of("n1972:入間", "n1972:間川", "n:新田"),
                Set.of("n1972:入間", "n1972:間川", "a1972:新田"),
                Set.of("a1972:入間", "a1972:間川", "n1972:新田"),
                Set.of("a1972:入間", "a1972:間川", "a1972:新田"));
    }

    @Test
    void theLastGramBesideTheYearIsNeverLeftOut() {
        // two address characters, neither with grams of the year: their combination takes the year's gram
        CommonGrams.Shares shares = new CommonGrams.Shares(Map.of("a:入", 0.5, "a:田", 0.5, "y:1972", 0.0001), 0.0001);
        PersonSearch.Statement statement = PersonSearch.statement("入 田 S47", PersonSearch.Filters.NONE, 50, shares);
        assertThat(combinations(statement)).anyMatch(c -> c.contains("y:1972") && c.size() == 2)
                .noneMatch(c -> c.equals(Set.of("y:1972")));
    }

    /** The gram arrays of the lead tier's combinations in the gram index. */
    static List<Set<String>> combinations(PersonSearch.Statement statement) {
        return combinations(statement, "p\\.grams");
    }

    /** The gram arrays of the lead tier's combinations of addresses alone, by their grams of the year. */
    static List<Set<String>> addressCombinations(PersonSearch.Statement statement) {
        return combinations(statement).stream().filter(c -> c.stream().allMatch(g -> g.matches("a\\d{4}:.*"))).toList();
    }

    private static List<Set<String>> combinations(PersonSearch.Statement statement, String indexed) {
        List<Set<String>> combinations = new ArrayList<>();
        Matcher m = Pattern.compile(indexed + " @> :(lc\\d+)::bigint\\[\\]").matcher(statement.sql());
        while (m.find()) {
            combinations.add(Set.of(GramCode.texts((long[]) statement.params().getValue(m.group(1)))));
        }
        return combinations;
    }
}
