package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * 検索語の段 (the tiers of one search term): the ways a term matches, best first, each a condition
 * on person {@code p} that an index serves, and the term's rank expression (0 = exact … 3 = near).
 * One builder per kind of term: key, birth date, birth year, kana, kanji.
 */
final class TermTiers {

    /** The folded address from the 町丁目 (or 大字) on: what {@code person_by_town} orders. */
    static final String TOWN = "address_town(p.address_search)";

    /**
     * The birth year as the indexes led by it ({@code person_by_year_kana} …, migration 5.8.0) write it:
     * a prefix with a birth year reads only that year's persons with the prefix.
     */
    static final String YEAR = "(extract(YEAR FROM p.birth_date)::int)";

    private TermTiers() {
    }

    /**
     * One way a term matches: its condition and, when an index yields its matches in order, the
     * column of that order ({@code null}: the matches are read in person-key order).
     */
    record Tier(String condition, String order, boolean carriesYear, boolean coversNames) {

        Tier(String condition, String order) {
            this(condition, order, false, false);
        }

        Tier(String condition, String order, boolean carriesYear) {
            this(condition, order, carriesYear, false);
        }

        /** What the tier's matches are ordered by (and a page cursor compares). */
        String sortKey() {
            return order != null ? order : "p.person_key";
        }
    }

    /**
     * A term as SQL: its tiers, best first, and its rank expression.
     *
     * @param kind {@code "kanji"} or {@code "kana"} for a name term, else {@code null}
     * @param key the term's folded key (name terms)
     * @param grams the gram arrays (parameter names) of which the term matches one: its name or its
     *     address grams for kanji, its kana grams for kana; empty when it has none (a 1-kana term)
     * @param addressCheck the condition that the address holds the term itself (kanji: its grams are what it
     *     needs, not what it is, and a combination of terms may leave some out), else {@code null}
     * @param gramsOfTheYear with a birth year: the gram array (parameter name) of the name's grams of that year
     *     ({@code n1985:翔}) by the gram array it stands for (the name's grams), for kanji; else empty
     * @param addressGrams the one of {@code grams} that matches the address (kanji), else {@code null}
     * @param addressOfTheYear with a birth year: the gram array (parameter name) of the address's 2-grams of that
     *     year ({@code a1985:間川}, {@link SearchGrams#addressOfTheYear}) that stands for {@code addressGrams} and the
     *     year, for kanji with such grams; else {@code null}
     */
    record TermSql(List<Tier> tiers, String rank, boolean name, String kind, String key, List<String> grams,
            String addressCheck, java.util.Map<String, String> gramsOfTheYear, String addressGrams,
            String addressOfTheYear) {

        TermSql(List<Tier> tiers, String rank, boolean name) {
            this(tiers, rank, name, null, null, List.of(), null, java.util.Map.of(), null, null);
        }

        String any() {
            return "(" + String.join(" OR ", tiers.stream().map(Tier::condition).toList()) + ")";
        }
    }

    /**
     * The term's tiers, its parameters named from {@code p}.
     *
     * @param year the birth year another term of the query names, or {@code null}
     * @param unprotected the condition beside an address condition ({@link PersonFilterSql#unprotected})
     * @param common the grams most persons have ({@link CommonGrams})
     */
    static TermSql of(SearchQuery.Term term, String p, SearchParams params, Integer year,
            String unprotected, java.util.Set<String> common) {
        if (term instanceof SearchQuery.Key k) {
            return key(k, p, params);
        }
        if (term instanceof SearchQuery.BirthDate d) {
            params.addValue(p, d.date());
            return exact("p.birth_date = :" + p);
        }
        if (term instanceof SearchQuery.BirthYear y) {
            params.addValue(p + "a", LocalDate.of(y.year(), 1, 1));
            params.addValue(p + "b", LocalDate.of(y.year() + 1, 1, 1));
            return exact("(p.birth_date >= :" + p + "a AND p.birth_date < :" + p + "b)");
        }
        if (term instanceof SearchQuery.Kana k) {
            return kana(k, p, params, year);
        }
        return kanji((SearchQuery.Kanji) term, p, params, year, unprotected, common);
    }

    private static TermSql key(SearchQuery.Key k, String p, SearchParams params) {
        params.addValue(p, k.personKey());
        if (k.orDate() != null) {
            params.addValue(p + "d", k.orDate());
            return exact("(p.person_key = :" + p + " OR p.birth_date = :" + p + "d)");
        }
        return exact("p.person_key = :" + p);
    }

    private static TermSql kana(SearchQuery.Kana k, String p, SearchParams params, Integer year) {
        params.addValue(p + "a", k.key());
        params.addValue(p + "b", k.key() + '\uFFFF');
        params.addValue(p + "la", k.loose());
        params.addValue(p + "lb", k.loose() + '\uFFFF');
        // every tier must lie within readingMayMatch: with a birth date, only the persons it lets through are read
        List<Tier> tiers = new ArrayList<>();
        String prefix = range("p.kana_key", p + "a", p + "b");
        tiers.add(ofYear(prefix, "p.kana_key", p, params, year));
        String fragment = "false";
        if (k.key().codePointCount(0, k.key().length()) >= 2) {
            String[] grams = SearchGrams.query("k:", k.key());
            String held = params.grams(p + "g", grams);
            // the grams are what the fragment needs (オオタ has the only gram of オオオ): the reading itself is
            // checked on the rows they found
            String holds = " AND strpos(p.kana_key, :" + p + "a) > 0";
            fragment = "(" + held + holds + ")";
            tiers.add(year == null ? new Tier(fragment, null)
                    : new Tier("(" + SearchGrams.KANA_OF_THE_YEAR + " @> :" + p + "gy::text[]" + holds + ")", null,
                            true));
            if (year != null) {
                // "やまざ S60": the few persons born that year with each of the reading's 2-grams
                // (person_by_kana_year), not the reading's grams (ヤマ: a tenth of the city) with the year's
                params.addValue(p + "gy", SearchGrams.query(SearchGrams.kanaYearPrefix(year), k.key()));
            }
        }
        tiers.add(ofYear(range("p.kana_loose", p + "la", p + "lb"), "p.kana_loose", p, params, year));
        tiers.add(new Tier(history("h.kana_key", p), null));
        return new TermSql(tiers, "CASE WHEN p.kana_key = :" + p + "a THEN 0 WHEN " + prefix + " THEN 1 WHEN "
                + fragment + " THEN 2 ELSE 3 END", true, "kana", k.key(),
                fragment.equals("false") ? List.of() : List.of(p + "g"), null, java.util.Map.of(), null, null);
    }

    /**
     * What a person's reading must hold for a kana term to match by any of its tiers ({@link #kana}: the
     * prefix, the fragment, the near reading, a previous reading), on the columns the birth-date index carries
     * ({@code kana_key}, {@code kana_loose}, {@code person_key}): wider than the tiers (no year, no grams), which
     * check the rows again. The parameters are the ones {@link #of} added for the term.
     */
    static String readingMayMatch(SearchQuery.Kana k, String p) {
        String fragment = k.key().codePointCount(0, k.key().length()) >= 2
                ? " OR strpos(p.kana_key, :" + p + "a) > 0" : "";
        return "(" + range("p.kana_key", p + "a", p + "b") + fragment + " OR "
                + range("p.kana_loose", p + "la", p + "lb") + " OR " + history("h.kana_key", p) + ")";
    }

    private static TermSql kanji(SearchQuery.Kanji k, String p, SearchParams params, Integer year,
            String unprotected, java.util.Set<String> common) {
        params.addValue(p + "a", k.key());
        params.addValue(p + "b", k.key() + '\uFFFF');
        // an address is compared by its block key: 三丁目 and 3丁目, 17番27号 and 17-27 are one
        String address = SearchGrams.addressKey(k.key());
        // most terms have no block notation: the name key's parameters serve the address too
        String t = address.equals(k.key()) ? p : p + "t";
        if (!t.equals(p)) {
            params.addValue(t + "a", address);
            params.addValue(t + "b", address + '\uFFFF');
        }
        String[] addressGrams = SearchGrams.query("a:", address);
        String[] narrowing = java.util.Arrays.stream(addressGrams).filter(g -> !common.contains(g))
                .toArray(String[]::new);
        // 「狭山台」 in 狭山市: the gram 狭山 is in every address of the city and narrows nothing; 山台 is read,
        // and the fragment itself checked on its rows
        boolean commonLeftOut = narrowing.length > 0 && narrowing.length < addressGrams.length;
        if (commonLeftOut) {
            addressGrams = narrowing;
        }
        String addressIndexed = params.grams(p + "r", addressGrams);
        String prefix = range("p.name_key", p + "a", p + "b");
        String name = params.grams(p + "n", SearchGrams.query("n:", k.key()));
        String nameTier = name;
        if (year != null) {
            // the same persons as name AND the year term: the year is in the grams
            nameTier = params.grams(p + "y", SearchGrams.query(SearchGrams.yearPrefix(year), k.key()));
        }
        // from three characters on, the grams are what the fragment needs, not the fragment (17-2-27 has every
        // gram of 17-27), and a common gram may be left out: the fragment itself is checked on the rows the grams
        // found, so that an address matches when it holds the typed text, whatever the statistics say (one or
        // two characters are their own gram)
        String check = "strpos(p.address_search, :" + t + "a) > 0";
        String[] ofTheYear = year == null ? new String[0] : SearchGrams.addressOfTheYear(addressGrams, year);
        // the grams of the year leave the block numbers out (3-17-27): what is left is what the fragment needs
        boolean numbersLeftOut = ofTheYear.length > 0 && ofTheYear.length < addressGrams.length;
        String holds = commonLeftOut || numbersLeftOut || address.codePointCount(0, address.length()) > 2 ? check : "";
        String fragment = holds.isEmpty() ? "" : " AND " + holds;
        String addressOfTheYear = null;
        if (ofTheYear.length > 0) {
            // "入間川 S60": the few persons born that year with each of the address's 2-grams (a1985:間川), not the
            // address grams (間川: a tenth of the city) intersected with the year's
            addressOfTheYear = p + "ay";
            addressIndexed = params.grams(addressOfTheYear, ofTheYear);
        } else if (year != null) {
            // a term without such grams (one character, block numbers): the address grams with the year's
            addressIndexed = params.grams(p + "ry", withYear(addressGrams, year));
        }
        List<Tier> tiers = List.of(ofYear(prefix, "p.name_key", p, params, year),
                new Tier(nameTier, null, year != null),
                ofYear("(" + range(TOWN, t + "a", t + "b") + unprotected + ")", TOWN, p, params, year),
                new Tier("(" + addressIndexed + fragment + unprotected + ")", null, year != null),
                new Tier(history("h.name_key", p), null));
        return new TermSql(tiers, "CASE WHEN p.name_key = :" + p + "a THEN 0 WHEN " + prefix + " THEN 1 WHEN " + name
                + " THEN 2 ELSE 3 END", true, "kanji", k.key(), List.of(p + "n", p + "r"), check,
                year == null ? java.util.Map.of() : java.util.Map.of(p + "n", p + "y"), p + "r", addressOfTheYear);
    }

    /**
     * A prefix tier; with a birth year, the year's persons only, read from the index led by the year (the
     * tier then carries the year: the year term's own range is not repeated beside it).
     */
    private static Tier ofYear(String condition, String order, String p, SearchParams params,
            Integer year) {
        if (year == null) {
            return new Tier(condition, order);
        }
        params.addValue(p + "yr", year);
        return new Tier("(" + YEAR + " = :" + p + "yr AND " + condition + ")", order, true);
    }

    /** The grams and the birth year's gram ({@link SearchGrams#yearGram}). */
    private static String[] withYear(String[] grams, int year) {
        String[] all = java.util.Arrays.copyOf(grams, grams.length + 1);
        all[grams.length] = SearchGrams.yearGram(year);
        return all;
    }

    private static TermSql exact(String condition) {
        return new TermSql(List.of(new Tier(condition, null)), "0", false);
    }

    /** Persons who had a matching name before (the prefix of a previous name's key). */
    private static String history(String column, String p) {
        return "p.person_key = ANY(ARRAY(SELECT h.person_key FROM person_history h WHERE "
                + range(column, p + "a", p + "b") + "))";
    }

    static String range(String column, String from, String to) {
        return "(" + column + " COLLATE \"C\" >= :" + from + " AND " + column + " COLLATE \"C\" < :" + to + ")";
    }
}
