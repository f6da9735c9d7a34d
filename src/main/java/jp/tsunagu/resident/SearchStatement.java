package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.TermTiers.Tier;
import jp.tsunagu.resident.TermTiers.TermSql;

/**
 * A search as SQL (検索文): the terms' tiers ({@link TermTiers}) narrowed by every other term and the
 * person filters ({@link PersonFilterSql}), as one page from a cursor ({@link SearchCursor}) or as a
 * bounded count.
 *
 * <p>The first name term drives: its tiers (exact and prefix, fragment, near reading, history …) are
 * read one after the other, each in its index's order where it has one (else in person-key order) and
 * each up to the limit, and reading stops as soon as the limit is reached (a LIMIT over UNION ALL does
 * not run the branches it no longer needs). Every other term and filter narrows each tier. A tier
 * leaves out what an earlier tier matched, so no person comes twice; the order of the results is
 * therefore tier, the tier's sort key, person key, and a page continues after the last row of the page
 * before in that order. Without a name term, the terms (key, dates) are one tier.
 *
 * <p>Several name terms ("佐藤 花子", "やまだ たろう", "佐藤 入間川"): the driver's own tiers would read
 * every 佐藤 to find the few 花子 among them. Lead tiers come first instead: the whole name as one
 * prefix (山田花子…), and every term in the grams at once (each kanji term in the name or the
 * address), an intersection of short gram lists. Only when they find nobody are the driver's tiers
 * read. Lead tiers are numbered from 0, the driver's from {@link #DRIVER}: a cursor says which of the
 * two the results come from.
 */
final class SearchStatement {

    /** The number of the driver's first tier; the lead tiers are numbered below it. */
    static final int DRIVER = 10;

    private final SearchParams params = new SearchParams();
    private final List<Tier> lead = new ArrayList<>();
    private final List<Tier> tiers;
    private final List<String> others = new ArrayList<>();
    /** The other terms that are not names: what a tier covering every name term still needs. */
    private final List<String> otherThanNames = new ArrayList<>();
    private final TermSql yearTerm;
    private final TermSql driver;
    private final List<String> where;
    private final String columns;
    private final String dated;

    private final CommonGrams.Shares shares;

    private SearchStatement(SearchQuery query, PersonSearch.Filters filters, CommonGrams.Shares shares) {
        this.shares = shares;
        java.util.Set<String> common = shares.common();
        // a birth year or date narrows a name fragment through the grams that carry the year
        Integer year = query.terms().stream().map(SearchStatement::year).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        String unprotected = PersonFilterSql.unprotected(filters);
        // a birth date is the narrowest term there is (about 110 persons a day in a city of 4,000,000): its
        // persons are read first, and the tiers rank them — an ordered tier's index over a one-kana reading
        // ("S45.3.2 や") would read a tenth of the city for them
        SearchQuery.Term date = query.terms().stream().filter(t -> t instanceof SearchQuery.BirthDate
                || t instanceof SearchQuery.Key k && k.orDate() != null).findFirst().orElse(null);
        List<TermSql> terms = new ArrayList<>();
        List<String> readings = new ArrayList<>();
        int i = 0;
        for (SearchQuery.Term term : query.terms()) {
            String p = "t" + (++i);
            terms.add(TermTiers.of(term, p, params, year, unprotected, common));
            if (date != null && term instanceof SearchQuery.Kana k) {
                readings.add(TermTiers.readingMayMatch(k, p));
            }
        }
        where = PersonFilterSql.conditions(filters, params, LocalDate.now(TokyoTime.ZONE));
        driver = terms.stream().filter(TermSql::name).findFirst().orElse(null);
        tiers = driver != null ? driver.tiers()
                : List.of(new Tier(String.join(" AND ", terms.stream().map(TermSql::any).toList()), null));
        // the birth year term, when the year grams carry it (a tier of those grams needs no other year check:
        // with it, the planner would also read every person born that year from person_by_birth)
        SearchQuery.Term first = query.terms().stream().filter(t -> year(t) != null).findFirst().orElse(null);
        yearTerm = first instanceof SearchQuery.BirthYear ? terms.get(query.terms().indexOf(first)) : null;
        for (TermSql term : terms) {
            if (term != driver && term != yearTerm) {
                others.add(term.any());
                if (!term.name()) {
                    otherThanNames.add(term.any());
                }
            }
        }
        String rank = String.join(" + ", terms.stream().map(TermSql::rank).toList());
        columns = "p.person_key, p.name, p.kana, p.birth_date, p.sex, p.address, p.address_detail, "
                + "p.household_key, p.relation, p.status, p.support_measure, "
                + "(p.address_protected OR p.support_measure) AS address_protected, (" + rank
                + ") AS rank, p.kana_key";
        leadTiers(terms.stream().filter(TermSql::name).toList(), unprotected, year);
        int at = query.terms().indexOf(date);
        dated = date == null ? null : datedPersons(date, "t" + (at + 1), terms.get(at).any(), readings,
                query.terms().stream().anyMatch(t -> t instanceof SearchQuery.Kanji));
    }

    /**
     * The persons of the birth date, as the source of every tier. Where every name term is a reading ("S45.3.2
     * や"), only the persons of the day whose reading can match are read from the table: they are picked from
     * the birth-date index, which carries the readings (an index-only scan), and looked up by their key — a few
     * rows, not the whole day's (about 110 at 4,000,000 residents, each row on a page of its own that a search
     * seldom finds in memory). A 7- or 8-digit term that is a key as well as a date adds the person of that key.
     */
    private static String datedPersons(SearchQuery.Term date, String p, String any, List<String> readings,
            boolean kanji) {
        if (readings.isEmpty() || kanji) {
            return "SELECT * FROM person p WHERE " + any;
        }
        boolean key = date instanceof SearchQuery.Key;
        String day = "SELECT p.person_key FROM person p WHERE p.birth_date = :" + p + (key ? "d" : "") + " AND "
                + String.join(" AND ", readings);
        return "SELECT * FROM person p WHERE p.person_key = ANY(ARRAY(" + day
                + (key ? " UNION ALL SELECT CAST(:" + p + " AS text)" : "") + "))";
    }

    /**
     * The statement with its source: the persons of the birth date when the query has one, else the
     * person table.
     */
    private String from(String sql) {
        if (dated == null) {
            return sql;
        }
        String cte = "dated AS MATERIALIZED (" + dated + ")";
        return sql.startsWith("WITH ") ? "WITH " + cte + ",\n" + sql.substring(5) : "WITH " + cte + "\n" + sql;
    }

    private void leadTiers(List<TermSql> names, String unprotected, Integer year) {
        if (names.size() < 2) {
            return;
        }
        if (names.stream().allMatch(t -> t.kind().equals(names.get(0).kind()))) {
            String whole = String.join("", names.stream().map(TermSql::key).toList());
            params.addValue("wa", whole);
            params.addValue("wb", whole + '\uFFFF');
            String column = names.get(0).kind().equals("kanji") ? "p.name_key" : "p.kana_key";
            lead.add(new Tier(TermTiers.range(column, "wa", "wb"), column));
        }
        if (names.stream().noneMatch(t -> t.grams().isEmpty())) {
            List<List<String>> lists = List.of(List.of());
            for (TermSql term : names) {
                List<List<String>> next = new ArrayList<>();
                for (List<String> c : lists) {
                    for (String g : term.grams()) {
                        List<String> longer = new ArrayList<>(c);
                        longer.add(g);
                        next.add(longer);
                    }
                }
                lists = next;
            }
            java.util.Map<String, String> ofTheYear = new java.util.HashMap<>();
            names.forEach(t -> ofTheYear.putAll(t.gramsOfTheYear()));
            java.util.Set<String> addressLists = new java.util.HashSet<>();
            names.stream().map(TermSql::addressGrams).filter(java.util.Objects::nonNull).forEach(addressLists::add);
            // each combination is one array of grams (its own parameter: the statement has the same text whatever
            // grams the statistics leave out); one with an address gram list is an address match, not of a
            // protected person unless the viewer may see their whereabouts
            java.util.Map<String, String> addressOfTheYear = new java.util.HashMap<>();
            names.stream().filter(t -> t.addressOfTheYear() != null)
                    .forEach(t -> addressOfTheYear.put(t.addressGrams(), t.addressOfTheYear()));
            List<String> conditions = new ArrayList<>();
            for (List<String> c : lists) {
                String name = "lc" + conditions.size();
                String grams = params.grams(name, narrowed(withYear(c, year, ofTheYear, addressOfTheYear),
                        addressGramsOf(c, addressLists)));
                conditions.add(c.stream().anyMatch(addressLists::contains) && !unprotected.isEmpty()
                        ? "(" + grams + unprotected + ")" : grams);
            }
            // a term matched by its address grams must be in the address itself (the grams are what it needs, and a
            // combination may leave its largest grams out): checked once per term on the rows the combinations
            // found, not once per combination
            List<String> holds = new ArrayList<>();
            for (TermSql term : names) {
                if (term.addressCheck() != null) {
                    holds.add(" AND (" + params.held(term.grams().get(0)) + " OR " + term.addressCheck() + ")");
                }
            }
            lead.add(new Tier("((" + String.join(" OR ", conditions) + ")" + String.join("", holds) + ")", null,
                    year != null, true));
        }
    }

    /**
     * How many times more a candidate row costs than one entry of a gram's list: a row is read from the table
     * to check it, from a page that a search for one person seldom finds in memory (788 rows in 37 ms at
     * 4,000,000 residents, 4.5 ms when the same pages were read again), while the large lists are read by every
     * search and stay in memory (leaving out 入間's 449,000 entries saved 5.2 ms: about 12 ns an entry). Counted as
     * 400 (a row from the page cache without its checks), the benchmark's address class at 4,000,000 residents was
     * slower, not faster: a few searches then read hundreds of rows (docs/benchmarks.md, session 27).
     */
    static final double ROW_PER_ENTRY = 4_000;

    /**
     * A combination's grams without the address grams that cost more than they narrow: 「入間川 新田 S47」's
     * combination of two addresses intersected 入間 and 間川 (449,000 and 443,000 persons at 4,000,000) with 新田
     * and the year (830 persons between them), 13 ms; without 入間 — whose persons are 間川's — 8 ms. The
     * largest address gram is left out while the entries it saves outweigh the rows it may let through
     * ({@link #ROW_PER_ENTRY}), by the grams' shares ({@link CommonGrams.Shares}) taken as independent, which
     * overstates the rows when the grams come from one word and so errs towards reading the list; never the last
     * gram that is not the year's. The rows are checked for the terms themselves on the tier.
     */
    private String[] narrowed(List<String> grams, java.util.Set<String> droppable) {
        List<String> kept = new ArrayList<>(new java.util.LinkedHashSet<>(grams));
        double rows = kept.stream().mapToDouble(shares::of).reduce(1, (a, b) -> a * b);
        // only a gram the statistics list is known to be large: the others are at most the smallest listed share
        List<String> largestFirst = kept.stream().filter(g -> droppable.contains(g) && shares.listed(g))
                .sorted(java.util.Comparator.comparingDouble(shares::of).reversed()).toList();
        for (String gram : largestFirst) {
            double share = shares.of(gram);
            double without = rows / share;
            if (share <= ROW_PER_ENTRY * (without - rows)
                    || kept.stream().filter(g -> !g.equals(gram)).allMatch(g -> g.startsWith("y:"))) {
                break;
            }
            kept.remove(gram);
            rows = without;
        }
        return kept.toArray(String[]::new);
    }

    /** The address grams among a combination's gram lists (parameter names). */
    private java.util.Set<String> addressGramsOf(List<String> combination, java.util.Set<String> addressLists) {
        java.util.Set<String> grams = new java.util.HashSet<>();
        combination.stream().filter(addressLists::contains)
                .forEach(list -> grams.addAll(List.of((String[]) params.getValue(list))));
        return grams;
    }

    /**
     * A combination of gram lists with the birth year, as grams: each address's 2-grams of the year
     * ({@code a1956:柏原}, a few thousand persons at 4,000,000, where the address's grams are a tenth of the city)
     * in place of its grams, and the first kanji name's grams of the year ({@code n1956:鎌田}, a few persons) in
     * place of its grams; where no term has such grams (readings, one address character, block numbers), the
     * lists with the year's gram ({@code y:1956}, which the gram index intersects with the others: a list of every
     * person born that year).
     */
    private List<String> withYear(List<String> combination, Integer year, java.util.Map<String, String> ofTheYear,
            java.util.Map<String, String> addressOfTheYear) {
        List<String> lists = new ArrayList<>(combination);
        boolean carried = year == null;
        if (!carried) {
            for (int i = 0; i < lists.size(); i++) {
                String address = addressOfTheYear.get(lists.get(i));
                if (address != null) {
                    lists.set(i, address);
                    carried = true;
                }
            }
        }
        boolean named = year == null;
        for (int i = 0; i < lists.size() && !named; i++) {
            String name = ofTheYear.get(lists.get(i));
            if (name != null) {
                lists.set(i, name);
                named = true;
                carried = true;
            }
        }
        List<String> grams = new ArrayList<>();
        lists.forEach(list -> grams.addAll(List.of((String[]) params.getValue(list))));
        if (!carried) {
            grams.add(SearchGrams.yearGram(year));
        }
        return grams;
    }

    /**
     * The statement of one page: at most {@code limit} rows after (or, backward, before) the cursor,
     * best rank first; {@code null} when the text has no term.
     *
     * @param shares the grams' shares of persons ({@link CommonGrams}): the grams intersected leave out the common
     *     ones, and a combination of terms the ones that cost more than they narrow
     */
    static PersonSearch.Statement page(String text, PersonSearch.Filters filters, int limit, SearchCursor cursor,
            CommonGrams.Shares shares) {
        SearchQuery query = SearchQuery.parse(text);
        if (query.terms().isEmpty()) {
            return null;
        }
        return new SearchStatement(query, filters, shares).page(limit, cursor);
    }

    /**
     * The statement that counts the matches up to {@code bound} ({@code bound} + 1 tells "more than");
     * {@code null} when the text has no term.
     */
    static PersonSearch.Statement count(String text, PersonSearch.Filters filters, int bound,
            CommonGrams.Shares shares) {
        SearchQuery query = SearchQuery.parse(text);
        if (query.terms().isEmpty()) {
            return null;
        }
        return new SearchStatement(query, filters, shares).count(bound);
    }

    private PersonSearch.Statement page(int limit, SearchCursor cursor) {
        params.addValue("limit", limit);
        String candidates;
        if (cursor == null) {
            String tiersSql = union(tiers, DRIVER, "limit", true, null);
            candidates = lead.isEmpty() ? tiersSql : """
                    WITH lead AS MATERIALIZED (SELECT * FROM (%s) l LIMIT :limit)
                    SELECT * FROM lead UNION ALL SELECT * FROM (%s) f WHERE NOT EXISTS (SELECT 1 FROM lead)"""
                    .formatted(union(lead, 0, "limit", true, null), tiersSql);
        } else {
            params.addValue("cursorKey", cursor.sortKey());
            params.addValue("cursorPerson", cursor.personKey());
            candidates = cursor.tier() < DRIVER ? union(lead, 0, "limit", true, cursor)
                    : union(tiers, DRIVER, "limit", true, cursor);
        }
        String sql = """
                SELECT person_key, name, kana, birth_date, sex, address, address_detail, household_key, relation,
                       status, support_measure, address_protected, rank, tier, sort_key
                  FROM (SELECT * FROM (%s) c LIMIT :limit) r
                 ORDER BY rank, kana_key COLLATE "C", person_key""".formatted(candidates);
        return statement(from(sql));
    }

    /** The statement with its grams as the gram index holds them ({@link SearchParams#coded}). */
    private PersonSearch.Statement statement(String sql) {
        return new PersonSearch.Statement(sql, params.coded());
    }

    private PersonSearch.Statement count(int bound) {
        params.addValue("count", bound + 1);
        String tiersSql = union(tiers, DRIVER, "count", false, null);
        String sql = lead.isEmpty() ? "SELECT count(*) FROM (SELECT 1 FROM (%s) c LIMIT :count) n".formatted(tiersSql)
                : """
                WITH lead AS MATERIALIZED (SELECT 1 FROM (%s) l LIMIT :count)
                SELECT count(*) FROM (SELECT 1 FROM lead UNION ALL SELECT 1 FROM (%s) f
                                       WHERE NOT EXISTS (SELECT 1 FROM lead) LIMIT :count) n"""
                .formatted(union(lead, 0, "count", false, null), tiersSql);
        return statement(from(sql));
    }

    /**
     * The tiers as one UNION ALL, each narrowed by the other terms and the filters, numbered from
     * {@code first}. From a cursor: only the cursor's tier (from its row on) and the tiers after it —
     * before it, backward, in reverse order.
     */
    private String union(List<Tier> list, int first, String limit, boolean ordered, SearchCursor cursor) {
        List<String> selects = new ArrayList<>();
        List<String> earlier = new ArrayList<>();
        boolean backward = cursor != null && cursor.backward();
        for (int i = 0; i < list.size(); i++) {
            Tier tier = list.get(i);
            int number = first + i;
            List<String> conditions = new ArrayList<>();
            conditions.add(tier.condition());
            earlier.forEach(e -> conditions.add(e + " IS NOT TRUE"));
            earlier.add(tier.condition());
            if (cursor != null && (backward ? number > cursor.tier() : number < cursor.tier())) {
                continue;
            }
            if (cursor != null && number == cursor.tier()) {
                conditions.add(after(tier.sortKey(), backward));
            }
            // a combination of every name term's grams matches each of them: their conditions again would
            // only make the planner read their widest index (a town prefix: a million persons) beside it
            conditions.addAll(tier.coversNames() ? otherThanNames : others);
            if (yearTerm != null && yearTerm != driver && !tier.carriesYear()) {
                conditions.add(yearTerm.any());
            }
            conditions.addAll(where);
            String direction = backward ? " DESC" : "";
            selects.add("(SELECT " + columns + ", " + number + " AS tier, " + tier.sortKey() + " AS sort_key"
                    + " FROM " + (dated == null ? "person" : "dated") + " p WHERE " + String.join(" AND ", conditions)
                    + (ordered ? " ORDER BY " + tier.sortKey() + " COLLATE \"C\"" + direction
                            + (tier.order() != null ? ", p.person_key COLLATE \"C\"" + direction : "") : "")
                    + " LIMIT :" + limit + ")");
        }
        if (backward) {
            java.util.Collections.reverse(selects);
        }
        return selects.isEmpty() ? "(SELECT " + columns + ", 0 AS tier, '' AS sort_key FROM person p WHERE false)"
                : String.join(" UNION ALL ", selects);
    }

    /** The rows of the cursor's tier after (backward: before) the cursor's row. */
    private static String after(String sortKey, boolean backward) {
        String op = backward ? "<" : ">";
        if (sortKey.equals("p.person_key")) {
            return "p.person_key COLLATE \"C\" " + op + " :cursorPerson";
        }
        String column = sortKey + " COLLATE \"C\"";
        return "(" + column + " " + op + "= :cursorKey AND (" + column + " " + op + " :cursorKey OR p.person_key COLLATE \"C\" "
                + op + " :cursorPerson))";
    }

    private static Integer year(SearchQuery.Term term) {
        if (term instanceof SearchQuery.BirthYear y) {
            return y.year();
        }
        return term instanceof SearchQuery.BirthDate d ? Integer.valueOf(d.date().getYear()) : null;
    }
}
