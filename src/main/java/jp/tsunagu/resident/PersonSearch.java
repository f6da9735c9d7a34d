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

    private final SearchBudget.Template jdbc;
    /** The badges' source: who is in which program. */
    private final jp.tsunagu.programs.Programs programs;
    private final com.zaxxer.hikari.HikariDataSource connections;
    /**
     * Searches take their turn in arrival order: the pool alone hands a returned connection to
     * whichever thread asks first, often the one that just returned it, and a burst of searches
     * would then see some wait many turns.
     */
    private final java.util.concurrent.Semaphore turns;

    /**
     * Searches run on their own small pool (検索用接続): as many connections as the database can serve
     * at once without queueing inside it ({@code tsunagu.search.connections}, default twice the
     * processors, at least 4), so that a burst of searches waits its turn in the pool instead of
     * crowding out imports and page loads, and each connection rules out sequential scans of the
     * person table once, when it opens: a LIMIT without ORDER BY (a fragment tier) tempts the
     * planner into a sequential scan that hopes to find matches early, and a search must never read
     * the whole table. The connections are read-only.
     *
     * <p>Every statement on them is stopped after {@code tsunagu.search.statement-timeout} (default
     * 5 s), set when a connection opens like the settings above: a search that cannot be served by
     * its indexes in that time is answered with a message instead of holding a connection, and the
     * turn of every search queued behind it, for as long as it runs.
     */
    PersonSearch(javax.sql.DataSource dataSource, jp.tsunagu.programs.Programs programs,
            @org.springframework.beans.factory.annotation.Value("${tsunagu.search.connections:0}") int size,
            @org.springframework.beans.factory.annotation.Value("${tsunagu.search.statement-timeout:5s}")
            java.time.Duration statementTimeout) throws java.sql.SQLException {
        if (statementTimeout.toMillis() < 1) {
            throw new IllegalStateException("tsunagu.search.statement-timeout は 1ms 以上にしてください: " + statementTimeout);
        }
        if (!dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
            throw new IllegalStateException("検索用の接続プールを作れません: データソースが HikariCP ではありません ("
                    + dataSource.getClass().getName() + ")");
        }
        com.zaxxer.hikari.HikariDataSource main = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(main.getJdbcUrl());
        config.setUsername(main.getUsername());
        config.setPassword(main.getPassword());
        config.setDataSourceProperties(main.getDataSourceProperties());
        config.setPoolName(main.getPoolName() + "-search");
        int connectionCount = size > 0 ? size : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        config.setMaximumPoolSize(connectionCount);
        config.setMinimumIdle(1);
        // generic plans: a search's statement is planned once per connection, not at every call (the
        // plans are checked by SearchPlanTests under force_generic_plan)
        config.setConnectionInitSql("SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan; "
                + "SET default_transaction_read_only = on; SET statement_timeout = " + statementTimeout.toMillis());
        config.setInitializationFailTimeout(-1);
        this.connections = new com.zaxxer.hikari.HikariDataSource(config);
        this.turns = new java.util.concurrent.Semaphore(connectionCount, true);
        this.jdbc = new SearchBudget.Template(connections);
        this.programs = programs;
    }

    /** A setting as the search connections have it ({@code SHOW}), for the tests. */
    String setting(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException(name);
        }
        return jdbc.getJdbcTemplate().queryForObject("SHOW " + name, String.class);
    }

    @jakarta.annotation.PreDestroy
    void close() {
        connections.close();
    }

    /**
     * The persons the text finds, best first, at most {@code limit}.
     *
     * @throws SearchRefusedException when the text is over the search's budget (nothing was read)
     * @throws SearchTimedOutException when the database stopped the statement at the statement timeout
     */
    public List<Hit> search(String text, Filters filters, int limit) {
        Statement statement = statement(text, filters, limit);
        if (statement == null) {
            return List.of();
        }
        jdbc.check(statement);
        turns.acquireUninterruptibly();
        try {
            return jdbc.query(statement.sql(), statement.params(), (rs, n) -> new Hit(rs.getString(1),
                    rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                    rs.getBoolean(11), rs.getBoolean(12), rs.getInt(13)));
        } catch (org.springframework.dao.DataAccessException e) {
            throw timedOut(e);
        } finally {
            turns.release();
        }
    }

    /** A statement stopped by the statement timeout (SQLSTATE 57014) as a timed-out search; anything else as it was. */
    private static RuntimeException timedOut(org.springframework.dao.DataAccessException e) {
        return e.getMostSpecificCause() instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())
                ? new SearchTimedOutException(e) : e;
    }

    /** The SQL and parameters of a search (for the plan checks of the tests and the benchmark). */
    record Statement(String sql, MapSqlParameterSource params) {
    }

    /**
     * One way a term matches (a tier): its condition and, when an index yields its matches in order,
     * the column of that order.
     */
    private record Tier(String condition, String order, boolean carriesYear) {

        Tier(String condition, String order) {
            this(condition, order, false);
        }
    }

    /** A term as SQL: its tiers, best first, and its rank expression (0 = exact … 3 = near). */
    /**
     * @param kind {@code "kanji"} or {@code "kana"} for a name term, else {@code null}
     * @param key the term's folded key (name terms)
     * @param grams the gram arrays (parameter names) of which the term matches one: its name or its
     *     address grams for kanji, its kana grams for kana; empty when it has none (a 1-kana term)
     */
    private record TermSql(List<Tier> tiers, String rank, boolean name, String kind, String key, List<String> grams) {

        TermSql(List<Tier> tiers, String rank, boolean name) {
            this(tiers, rank, name, null, null, List.of());
        }

        String any() {
            return "(" + String.join(" OR ", tiers.stream().map(Tier::condition).toList()) + ")";
        }
    }

    static Statement statement(String text, Filters filters, int limit) {
        SearchQuery query = SearchQuery.parse(text);
        if (query.terms().isEmpty()) {
            return null;
        }
        MapSqlParameterSource params = new MapSqlParameterSource();
        // a birth year or date narrows a name fragment through the grams that carry the year
        Integer year = query.terms().stream().map(PersonSearch::year).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        List<TermSql> terms = new ArrayList<>();
        int i = 0;
        // a protected person's address is no way to find them: address tiers leave them out
        // (support_measure too: the index sets address_protected with it, a row written otherwise may not)
        String unprotected = filters.protectedAddresses() ? "" : " AND NOT (p.address_protected OR p.support_measure)";
        for (SearchQuery.Term term : query.terms()) {
            terms.add(sql(term, "t" + (++i), params, year, unprotected));
        }
        List<String> where = new ArrayList<>();
        if (filters.status() != null && !filters.status().isBlank()) {
            params.addValue("status", filters.status());
            where.add("p.status = :status");
        }
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
        if (filters.minAge() != null) {
            params.addValue("bornBefore", today.minusYears(filters.minAge()).plusDays(1));
            where.add("p.birth_date < :bornBefore");
        }
        if (filters.maxAge() != null) {
            params.addValue("bornAfter", today.minusYears(filters.maxAge() + 1L));
            where.add("p.birth_date > :bornAfter");
        }
        if (filters.town() != null && !filters.town().isBlank()) {
            params.addValue("town", SearchGrams.query("a:", jp.tsunagu.japanese.KanjiText.fold(filters.town())));
            where.add("p.grams @> :town::text[]" + unprotected);
        }
        params.addValue("limit", limit);
        // The first name term drives: its tiers (exact and prefix, fragment, near reading, history …)
        // are read one after the other, each in its index's order where it has one and each up to
        // the limit, and reading stops as soon as the limit is reached (a LIMIT over UNION ALL does
        // not run the branches it no longer needs). Every other term and filter narrows each tier.
        // A tier leaves out what an earlier tier matched, so no person comes twice; an earlier tier
        // is only ever fully read when it had fewer matches than the limit, so leaving them out of the
        // later ones costs little. Without a name term, the terms (key, dates) are one tier.
        TermSql driver = terms.stream().filter(TermSql::name).findFirst().orElse(null);
        List<Tier> tiers = driver != null ? driver.tiers()
                : List.of(new Tier(String.join(" AND ", terms.stream().map(TermSql::any).toList()), "p.kana_key"));
        // the birth year term, when the year grams carry it (a tier of those grams needs no other year check:
        // with it, the planner would also read every person born that year from person_by_birth)
        SearchQuery.Term first = query.terms().stream().filter(t -> year(t) != null).findFirst().orElse(null);
        TermSql yearTerm = first instanceof SearchQuery.BirthYear ? terms.get(query.terms().indexOf(first)) : null;
        List<String> others = new ArrayList<>();
        for (TermSql term : terms) {
            if (term != driver && term != yearTerm) {
                others.add(term.any());
            }
        }
        String rank = String.join(" + ", terms.stream().map(TermSql::rank).toList());
        String columns = "p.person_key, p.name, p.kana, p.birth_date, p.sex, p.address, p.address_detail, "
                + "p.household_key, p.relation, p.status, p.support_measure, "
                + "(p.address_protected OR p.support_measure) AS address_protected, (" + rank
                + ") AS rank, p.kana_key";
        // Several name terms ("佐藤 花子", "やまだ たろう", "佐藤 入間川"): the driver's own tiers would read
        // every 佐藤 to find the few 花子 among them. Two tiers come first instead: the whole name as one
        // prefix (山田花子…), and every term in the grams at once (each kanji term in the name or the
        // address), an intersection of short gram lists. Only when they find nobody are the driver's
        // tiers read (near readings, previous names, 1-kana terms).
        List<TermSql> names = terms.stream().filter(TermSql::name).toList();
        List<Tier> lead = new ArrayList<>();
        if (names.size() >= 2) {
            if (names.stream().allMatch(t -> t.kind().equals(names.get(0).kind()))) {
                String whole = String.join("", names.stream().map(TermSql::key).toList());
                params.addValue("wa", whole);
                params.addValue("wb", whole + '\uFFFF');
                String column = names.get(0).kind().equals("kanji") ? "p.name_key" : "p.kana_key";
                lead.add(new Tier(range(column, "wa", "wb"), column));
            }
            if (names.stream().noneMatch(t -> t.grams().isEmpty())) {
                List<String> combinations = List.of("");
                for (TermSql term : names) {
                    List<String> next = new ArrayList<>();
                    for (String c : combinations) {
                        for (String g : term.grams()) {
                            next.add(c.isEmpty() ? ":" + g + "::text[]" : c + " || :" + g + "::text[]");
                        }
                    }
                    combinations = next;
                }
                // a combination with an address gram (parameter …r) is an address match
                lead.add(new Tier("(" + String.join(" OR ", combinations.stream()
                        .map(c -> c.matches(".*r::text\\[\\].*") && !unprotected.isEmpty()
                                ? "(p.grams @> (" + c + ")" + unprotected + ")" : "p.grams @> (" + c + ")")
                        .toList()) + ")", null));
            }
        }
        String leadSql = tiers(lead, columns, others, yearTerm, null, where);
        String tiersSql = tiers(tiers, columns, others, yearTerm, driver, where);
        String candidates = lead.isEmpty() ? tiersSql : """
                WITH lead AS MATERIALIZED (SELECT * FROM (%s) l LIMIT :limit)
                SELECT * FROM lead UNION ALL SELECT * FROM (%s) f WHERE NOT EXISTS (SELECT 1 FROM lead)"""
                .formatted(leadSql, tiersSql);
        String sql = """
                SELECT person_key, name, kana, birth_date, sex, address, address_detail, household_key, relation,
                       status, support_measure, address_protected, rank
                  FROM (SELECT * FROM (%s) c LIMIT :limit) r
                 ORDER BY rank, kana_key COLLATE "C", person_key""".formatted(candidates);
        return new Statement(sql, params);
    }

    /** The tiers as one UNION ALL, each narrowed by the other terms and the filters. */
    private static String tiers(List<Tier> tiers, String columns, List<String> others, TermSql yearTerm,
            TermSql driver, List<String> where) {
        StringBuilder union = new StringBuilder();
        List<String> earlier = new ArrayList<>();
        for (Tier tier : tiers) {
            List<String> conditions = new ArrayList<>();
            conditions.add(tier.condition());
            earlier.forEach(e -> conditions.add(e + " IS NOT TRUE"));
            conditions.addAll(others);
            if (yearTerm != null && yearTerm != driver && !tier.carriesYear()) {
                conditions.add(yearTerm.any());
            }
            conditions.addAll(where);
            union.append(union.length() == 0 ? "" : " UNION ALL ").append("(SELECT ").append(columns)
                    .append(" FROM person p WHERE ").append(String.join(" AND ", conditions));
            if (tier.order() != null) {
                union.append(" ORDER BY ").append(tier.order()).append(" COLLATE \"C\"");
            }
            union.append(" LIMIT :limit)");
            earlier.add(tier.condition());
        }
        return union.toString();
    }

    private static Integer year(SearchQuery.Term term) {
        if (term instanceof SearchQuery.BirthYear y) {
            return y.year();
        }
        return term instanceof SearchQuery.BirthDate d ? Integer.valueOf(d.date().getYear()) : null;
    }

    private static TermSql sql(SearchQuery.Term term, String p, MapSqlParameterSource params, Integer year,
            String unprotected) {
        if (term instanceof SearchQuery.Key k) {
            params.addValue(p, k.personKey());
            if (k.orDate() != null) {
                params.addValue(p + "d", k.orDate());
                return exact("(p.person_key = :" + p + " OR p.birth_date = :" + p + "d)");
            }
            return exact("p.person_key = :" + p);
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
            params.addValue(p + "a", k.key());
            params.addValue(p + "b", k.key() + '\uFFFF');
            params.addValue(p + "la", k.loose());
            params.addValue(p + "lb", k.loose() + '\uFFFF');
            List<Tier> tiers = new ArrayList<>();
            String prefix = range("p.kana_key", p + "a", p + "b");
            tiers.add(new Tier(prefix, "p.kana_key"));
            String fragment = "false";
            if (k.key().codePointCount(0, k.key().length()) >= 2) {
                params.addValue(p + "g", SearchGrams.query("k:", k.key()));
                fragment = "p.grams @> :" + p + "g::text[]";
                tiers.add(new Tier(fragment, null));
            }
            tiers.add(new Tier(range("p.kana_loose", p + "la", p + "lb"), "p.kana_loose"));
            tiers.add(new Tier(history("h.kana_key", p), null));
            return new TermSql(tiers, "CASE WHEN p.kana_key = :" + p + "a THEN 0 WHEN " + prefix + " THEN 1 WHEN "
                    + fragment + " THEN 2 ELSE 3 END", true, "kana", k.key(),
                    fragment.equals("false") ? List.of() : List.of(p + "g"));
        }
        SearchQuery.Kanji k = (SearchQuery.Kanji) term;
        params.addValue(p + "a", k.key());
        params.addValue(p + "b", k.key() + '\uFFFF');
        params.addValue(p + "n", SearchGrams.query("n:", k.key()));
        params.addValue(p + "r", SearchGrams.query("a:", k.key()));
        String prefix = range("p.name_key", p + "a", p + "b");
        String name = "p.grams @> :" + p + "n::text[]";
        String nameTier = name;
        if (year != null) {
            // the same persons as name AND the year term: the year is in the grams
            params.addValue(p + "y", SearchGrams.query(SearchGrams.yearPrefix(year), k.key()));
            nameTier = "p.grams @> :" + p + "y::text[]";
        }
        List<Tier> tiers = List.of(new Tier(prefix, "p.name_key"), new Tier(nameTier, null, year != null),
                new Tier("(" + range(TOWN, p + "a", p + "b") + unprotected + ")", TOWN),
                new Tier("(p.grams @> :" + p + "r::text[]" + unprotected + ")", null),
                new Tier(history("h.name_key", p), null));
        return new TermSql(tiers, "CASE WHEN p.name_key = :" + p + "a THEN 0 WHEN " + prefix + " THEN 1 WHEN " + name
                + " THEN 2 ELSE 3 END", true, "kanji", k.key(), List.of(p + "n", p + "r"));
    }

    /** The folded address from the 町丁目 (or 大字) on: what {@code person_by_town} orders. */
    private static final String TOWN = "address_town(p.address_key)";

    private static TermSql exact(String condition) {
        return new TermSql(List.of(new Tier(condition, null)), "0", false);
    }

    /** Persons who had a matching name before (the prefix of a previous name's key). */
    private static String history(String column, String p) {
        return "p.person_key = ANY(ARRAY(SELECT h.person_key FROM person_history h WHERE "
                + range(column, p + "a", p + "b") + "))";
    }

    /**
     * The programs (source ids) each person is in, for badges: one probe of the programs module's
     * involvement index per person, in one query.
     */
    public Map<String, List<String>> sourcesOf(List<String> personKeys) {
        return programs.activeSources(personKeys);
    }

    private static String range(String column, String from, String to) {
        return "(" + column + " COLLATE \"C\" >= :" + from + " AND " + column + " COLLATE \"C\" < :" + to + ")";
    }
}
