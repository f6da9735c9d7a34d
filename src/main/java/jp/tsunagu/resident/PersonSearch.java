package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Service;

/**
 * The one search box (人の検索): finds persons by key, birth date in any notation, birth year, kana or
 * kanji name (variants folded) and address fragment, in any combination; ranked exact, then
 * prefix, then fragment, then near reading. Previous names are searched too.
 *
 * <p>Every condition is served by an index: a {@code COLLATE "C"} B-tree range for prefixes and a
 * GIN index of 1- and 2-character grams for fragments.
 */
@Service
public class PersonSearch {

    /**
     * Filters beside the query.
     *
     * @param protectedAddresses the viewer's department may see 支援措置 persons' whereabouts; otherwise an
     *     address term or a town filter never finds a protected person (their name still does)
     */
    public record Filters(String status, Integer minAge, Integer maxAge, String town, boolean protectedAddresses) {
        public static final Filters NONE = new Filters(null, null, null, null);

        /** Filters for a viewer without the 支援措置 permission. */
        public Filters(String status, Integer minAge, Integer maxAge, String town) {
            this(status, minAge, maxAge, town, false);
        }
    }

    /** One hit, before access rules are applied. */
    public record Hit(String personKey, String name, String kana, LocalDate birthDate, String sex, String address,
            String addressDetail, String householdKey, String relation, String status, boolean supportMeasure,
            boolean addressProtected, int rank) {
    }

    /** The most persons a count reads: more is said as 「1,000人以上」 and a common name is not read to its end. */
    public static final int COUNT_BOUND = 1_000;

    private final SearchPool pool;
    private final SearchBudget.Template jdbc;
    /** The badges' source: who is in which program. */
    private final jp.tsunagu.programs.Programs programs;

    /** Searches run on their own small pool ({@link SearchPoolConfiguration}). */
    private final IndexState state;

    PersonSearch(SearchPool pool, jp.tsunagu.programs.Programs programs, IndexState state) {
        this.state = state;
        this.pool = pool;
        this.jdbc = pool.jdbc();
        this.programs = programs;
        this.common = new CommonGrams(pool.jdbc().getJdbcTemplate());
    }

    /** The grams most persons have, which the search does not intersect ({@link CommonGrams}). */
    private final CommonGrams common;

    /** The common grams as the search now leaves them out, read again from the statistics (for the tests). */
    java.util.Set<String> commonGrams() {
        common.refresh();
        return common.get();
    }

    /** A setting as the search connections have it ({@code SHOW}), for the tests. */
    String setting(String name) {
        return pool.setting(name);
    }

    int prepareThreshold() {
        return pool.prepareThreshold();
    }

    /**
     * The persons the text finds, best first, at most {@code limit}: the first page, without a count.
     *
     * @throws SearchRefusedException when the text is over the search's budget or names a date that never
     *     was (nothing was read)
     * @throws SearchTimedOutException when the database stopped the statement at the statement timeout
     * @throws IndexBuildingException while the first index of a master source is built (nothing was read)
     */
    public List<Hit> search(String text, Filters filters, int limit) {
        state.requireComplete();
        Statement statement = SearchStatement.page(text, filters, limit, null, common.shares());
        if (statement == null) {
            return List.of();
        }
        jdbc.check(statement);
        return pool.inTurn(on -> hits(on, statement)).stream().map(Row::hit).toList();
    }

    /**
     * 検索結果の1ページ: the persons of one page and how many the text finds in all (counted up to
     * {@link #COUNT_BOUND}, then "more than"), with the cursors of the pages beside it. A page starts
     * after the last row of the page before it, so that it stays the same while imports run.
     *
     * @param cursor a cursor from a page before ({@link jp.tsunagu.platform.PageSlice#next()} or
     *     {@code previous()}), or {@code null} or blank for the first page
     * @throws SearchRefusedException as {@link #search}, and for a cursor this search did not write
     * @throws SearchTimedOutException as {@link #search}
     * @throws IndexBuildingException as {@link #search}
     */
    public jp.tsunagu.platform.PageSlice<Hit> page(String text, Filters filters, int size, String cursor) {
        state.requireComplete();
        SearchCursor from = SearchCursor.decode(cursor);
        CommonGrams.Shares shares = common.shares();
        Statement page = SearchStatement.page(text, filters, size + 1, from, shares);
        if (page == null) {
            return new jp.tsunagu.platform.PageSlice<>(List.of(),
                    jp.tsunagu.platform.PageSlice.Total.counted(0, COUNT_BOUND), 1, size, null, null);
        }
        Statement count = SearchStatement.count(text, filters, COUNT_BOUND, shares);
        jdbc.check(page);
        jdbc.check(count);
        long[] counted = new long[1];
        List<Row> rows = new ArrayList<>(pool.inTurn(on -> {
            List<Row> read = hits(on, page);
            // a first page with room to spare holds every match (no tier reached its limit): it is the count, and
            // the counting statement (up to COUNT_BOUND rows read again) is not run
            counted[0] = from == null && read.size() <= size ? read.size()
                    : on.queryForObject(count.sql(), count.params(), Long.class);
            return read;
        }));
        return slice(rows, size, from, jp.tsunagu.platform.PageSlice.Total.counted(counted[0], COUNT_BOUND));
    }

    /** The page of the rows read (one more than the page, to tell whether there are more) and its cursors. */
    private static jp.tsunagu.platform.PageSlice<Hit> slice(List<Row> rows, int size, SearchCursor from,
            jp.tsunagu.platform.PageSlice.Total total) {
        boolean backward = from != null && from.backward();
        List<Row> inOrder = new ArrayList<>(rows);
        inOrder.sort(Row::compareTo);
        boolean beyond = inOrder.size() > size;
        if (beyond) {
            // the row beyond the page is the one furthest from the cursor
            inOrder.remove(backward ? 0 : inOrder.size() - 1);
        }
        java.util.Set<String> kept = new java.util.HashSet<>(inOrder.stream().map(r -> r.hit().personKey()).toList());
        List<Hit> shown = rows.stream().filter(r -> kept.contains(r.hit().personKey())).map(Row::hit).toList();
        int number = from == null ? 1 : from.page();
        if (backward && !beyond) {
            number = 1;
        }
        String next = null;
        String previous = null;
        if (!inOrder.isEmpty()) {
            Row firstRow = inOrder.get(0);
            Row lastRow = inOrder.get(inOrder.size() - 1);
            if (backward || beyond) {
                next = new SearchCursor(false, number + 1, lastRow.tier(), lastRow.sortKey(),
                        lastRow.hit().personKey()).encode();
            }
            if (backward ? beyond : from != null) {
                previous = new SearchCursor(true, Math.max(1, number - 1), firstRow.tier(), firstRow.sortKey(),
                        firstRow.hit().personKey()).encode();
            }
        }
        return new jp.tsunagu.platform.PageSlice<>(shown, total, number, size, next, previous);
    }

    /** A hit with where it stands in the search's order (for the cursors). */
    private record Row(Hit hit, int tier, String sortKey) implements Comparable<Row> {

        @Override
        public int compareTo(Row o) {
            return SearchCursor.compare(tier, sortKey, hit.personKey(), o.tier, o.sortKey, o.hit.personKey());
        }
    }

    private static List<Row> hits(SearchBudget.Template on, Statement statement) {
        return on.query(statement.sql(), statement.params(), (rs, n) -> new Row(new Hit(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getBoolean(11), rs.getBoolean(12), rs.getInt(13)), rs.getInt(14), rs.getString(15)));
    }

    /** The SQL and parameters of a search (for the plan checks of the tests and the benchmark). */
    record Statement(String sql, MapSqlParameterSource params) {
    }

    /**
     * The first page's statement of a search, at most {@code limit} rows, as the search makes it with these
     * common grams ({@link CommonGrams}); {@code null} when the text has no term (for the plan checks).
     */
    static Statement statement(String text, Filters filters, int limit, java.util.Set<String> common) {
        return SearchStatement.page(text, filters, limit, null, CommonGrams.Shares.common(common));
    }

    /** The first page's statement with these shares of the grams ({@link CommonGrams.Shares}), for the plan checks. */
    static Statement statement(String text, Filters filters, int limit, CommonGrams.Shares shares) {
        return SearchStatement.page(text, filters, limit, null, shares);
    }

    /** The grams' shares as the search now uses them, read again from the statistics (for the tests). */
    CommonGrams.Shares gramShares() {
        common.refresh();
        return common.shares();
    }

    /** As {@link #statement(String, Filters, int, java.util.Set)} before any statistics: every gram intersected. */
    static Statement statement(String text, Filters filters, int limit) {
        return statement(text, filters, limit, java.util.Set.of());
    }

    /** The statement of the page after or before {@code cursor} (for the plan checks). */
    static Statement statement(String text, Filters filters, int limit, String cursor) {
        return SearchStatement.page(text, filters, limit, SearchCursor.decode(cursor), CommonGrams.Shares.NONE);
    }

    /** The statement that counts a search's matches (for the plan checks). */
    static Statement countStatement(String text, Filters filters) {
        return SearchStatement.count(text, filters, COUNT_BOUND, CommonGrams.Shares.NONE);
    }

    /** The programs (source names) each person is in, for badges. */
    public Map<String, List<String>> sourcesOf(List<String> personKeys) {
        return programs.activeSources(personKeys);
    }
}
