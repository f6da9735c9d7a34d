package jp.tsunagu.resident;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The last check before a search statement goes to the database (検索の上限): its number of bind
 * parameters. PostgreSQL's protocol counts them in 16 bits. Before the term limit, the probe's 15
 * words made a statement with more than 65,535 of them and failed with a server error, and 25 words
 * filled the heap while the statement was being built: with several name terms, the lead tier is
 * every combination of one gram array per term (a kanji term has two: name and address), so a
 * statement of n terms, k of them kanji, has 2^k alternatives (15 words, 13 of them kanji: 8,192 of
 * them; each is one array parameter since 2026-12-04, n parameters before). {@link SearchQuery#MAX_TERMS} keeps statements far below this guard; the
 * guard makes sure that no later change of the statement's shape can send one that is not, and
 * refuses it with the clerk's message instead.
 */
final class SearchBudget {

    /**
     * The most bind parameters a search statement may have: more than three times the largest statement of
     * {@link SearchQuery#MAX_TERMS} terms with every filter (8 kanji terms: 897 parameters and 57 kB of SQL,
     * 2,673 and 85 kB before each combination became one array; checked by {@code SearchStatementBoundsTests}),
     * an eighth of the protocol's limit.
     */
    static final int MAX_BIND_PARAMETERS = 8_192;

    static final String TOO_COMPLEX = "検索の条件が複雑すぎます。語を減らしてください";

    private SearchBudget() {
    }

    /** Refuses a statement with more than {@link #MAX_BIND_PARAMETERS} bind parameters. */
    static void check(PersonSearch.Statement statement) {
        check(NamedParameterUtils.parseSqlStatement(statement.sql()), statement);
    }

    private static void check(ParsedSql parsed, PersonSearch.Statement statement) {
        refuseOver(bindParameters(parsed, statement.params()));
    }

    /** Refuses a statement of this many bind parameters when they are more than {@link #MAX_BIND_PARAMETERS}. */
    private static void refuseOver(int parameters) {
        if (parameters > MAX_BIND_PARAMETERS) {
            throw new SearchRefusedException(TOO_COMPLEX);
        }
    }

    /**
     * The bind parameters the statement sends: one per occurrence of a named parameter, a collection
     * one per element (as {@code NamedParameterJdbcTemplate} expands it; an array is one).
     */
    static int bindParameters(PersonSearch.Statement statement) {
        return bindParameters(NamedParameterUtils.parseSqlStatement(statement.sql()), statement.params());
    }

    private static int bindParameters(ParsedSql parsed, SqlParameterSource params) {
        int count = 0;
        for (Object value : NamedParameterUtils.buildValueArray(parsed, params, null)) {
            count += value instanceof java.util.Collection<?> c ? Math.max(1, c.size()) : 1;
        }
        return count;
    }

    /**
     * The template the searches run on, checking each statement before it runs. Parsing a statement
     * costs more than building it (60–90 µs for a name search's 3 kB); the template keeps the parsed
     * form of the statements it ran, one per shape of query, so the check reads that instead of
     * parsing every search twice.
     *
     * <p>It also keeps each parsed statement's positional form (every {@code :name} as {@code ?}) and its number
     * of placeholders, for the statements none of whose parameters is a collection (a search's never is: its lists
     * are arrays, one parameter each). Spring writes the positional text again at every call, and the driver then
     * hashes that new text to find its prepared statement: a flight recording of the benchmark's 32 clients had
     * 6.5 % of the JVM's samples hashing search texts and 3 % counting their parameters (docs/benchmarks.md,
     * session 32). The kept text is the same object at every call, whose hash the driver's cache has already.
     */
    static final class Template extends NamedParameterJdbcTemplate {

        /** A statement's positional text and its number of placeholders. */
        private record Positional(String sql, int placeholders) {
        }

        /** Every parameter present, as {@code null}: how many placeholders a statement has. */
        private static final SqlParameterSource ANY = new SqlParameterSource() {
            @Override
            public boolean hasValue(String paramName) {
                return true;
            }

            @Override
            public Object getValue(String paramName) {
                return null;
            }
        };

        private final org.springframework.util.ConcurrentLruCache<ParsedSql, Positional> positional =
                new org.springframework.util.ConcurrentLruCache<>(DEFAULT_CACHE_LIMIT, parsed -> new Positional(
                        NamedParameterUtils.substituteNamedParameters(parsed, ANY),
                        NamedParameterUtils.buildValueArray(parsed, ANY, null).length));

        Template(javax.sql.DataSource dataSource) {
            super(dataSource);
        }

        /** Refuses a statement with more than {@link #MAX_BIND_PARAMETERS} bind parameters. */
        void check(PersonSearch.Statement statement) {
            ParsedSql parsed = getParsedSql(statement.sql());
            refuseOver(expands(statement.params()) ? bindParameters(parsed, statement.params())
                    : positional.get(parsed).placeholders());
        }

        /** The kept positional text where no parameter is a collection; else Spring's, written for this call. */
        @Override
        protected org.springframework.jdbc.core.PreparedStatementCreatorFactory getPreparedStatementCreatorFactory(
                ParsedSql parsed, SqlParameterSource params) {
            if (expands(params)) {
                return super.getPreparedStatementCreatorFactory(parsed, params);
            }
            return new org.springframework.jdbc.core.PreparedStatementCreatorFactory(positional.get(parsed).sql(),
                    NamedParameterUtils.buildSqlParameterList(parsed, params));
        }

        /** The positional text a statement is sent as (for the tests). */
        String positionalSql(String sql, SqlParameterSource params) {
            return getPreparedStatementCreatorFactory(getParsedSql(sql), params).getSql();
        }

        /**
         * Whether a parameter may stand for several placeholders: a collection (Spring writes one per element), or
         * parameters it cannot list.
         */
        static boolean expands(SqlParameterSource params) {
            if (!(params instanceof org.springframework.jdbc.core.namedparam.MapSqlParameterSource map)) {
                return true;
            }
            for (Object value : map.getValues().values()) {
                Object inner = value instanceof org.springframework.jdbc.core.SqlParameterValue v ? v.getValue()
                        : value;
                if (inner instanceof Iterable<?>) {
                    return true;
                }
            }
            return false;
        }
    }
}
