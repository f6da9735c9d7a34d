package jp.tsunagu.resident;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 5.14.0 (検索用文字片を番号に): the grams are stored as numbers ({@link GramCode}, {@code person.grams
 * BIGINT[]}), which the gram index builds in about half the time of texts. Persons indexed before get the numbers of
 * their grams from the SQL function {@code gram_code}, which gives {@link GramCode#of}'s numbers ({@code GramCodeTests}
 * compares them on every kind of gram) and stays, so that an operator can ask the index for a gram by hand
 * ({@code WHERE grams @> ARRAY[gram_code('n:翔')]}).
 *
 * <p>As 5.13.0, the table is written again once by {@code ALTER TABLE … USING} (an {@code UPDATE} of every row would
 * add each person to every index again and leave a dead version behind), in one transaction: a stop before its end
 * changes nothing, and the migration runs again at the next start. The table is then vacuumed outside it.
 */
@Component
class GramCodeMigration implements JavaMigration {

    /**
     * A gram's number as {@link GramCode#of} makes it: the kind from the highest bits (n 1, k 2, a 3, y 4), the year,
     * then the one or two code points ({@code ascii} gives a character's code point in a UTF-8 database, 0 for none).
     * Neither function is {@code STRICT}: PostgreSQL puts a SQL function's expression in place of its call only when
     * the function is not stricter than its expression, and called as a function each of the 56 million grams of a
     * 1,000,000-resident city took microseconds (the rewrite had not ended after 3 minutes).
     */
    static final String FUNCTIONS = """
            CREATE OR REPLACE FUNCTION gram_code(g TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$
            SELECT CASE WHEN left(g, 2) = 'y:' THEN (4::bigint << 56) | (substr(g, 3)::bigint << 42)
                        ELSE (strpos('nka', left(g, 1))::bigint << 56)
                             | (coalesce(nullif(substr(g, 2, strpos(g, ':') - 2), '')::bigint, 0) << 42)
                             | (ascii(substr(g, strpos(g, ':') + 1, 1))::bigint << 21)
                             | ascii(substr(g, strpos(g, ':') + 2, 1))::bigint END
            $$;
            CREATE OR REPLACE FUNCTION gram_codes(grams TEXT[]) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$
            SELECT ARRAY(SELECT public.gram_code(g) FROM unnest(grams) AS u(g))
            $$""";

    /**
     * Seconds a million persons took on this project's 2-core machine (docs/operations.md, "Upgrading"): 94.3 s at
     * 1,030,001 persons (session 30), the rewrite of the table and its indexes, which grew linearly with the persons
     * for 5.13.0's rewrite.
     */
    static final double SECONDS_PER_MILLION = 92;

    private static final PersonRewrite REWRITE =
            new PersonRewrite("検索用文字片を番号に置き換えています",
                    "検索用文字片を番号に置き換えました", SECONDS_PER_MILLION);

    /** The minutes the rewrite of {@code persons} is expected to take, at least 1. */
    static long expectedMinutes(long persons) {
        return REWRITE.expectedMinutes(persons);
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5.14.0");
    }

    @Override
    public String getDescription() {
        return "grams as numbers";
    }

    @Override
    public Integer getChecksum() {
        return 5140;
    }

    @Override
    public boolean canExecuteInTransaction() {
        // VACUUM runs outside a transaction; the rewrite has one of its own
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        migrate(context.getConnection());
    }

    static void migrate(Connection connection) throws SQLException {
        REWRITE.run(connection, st -> {
            st.execute(FUNCTIONS);
            st.execute("DROP INDEX IF EXISTS person_by_grams");
            st.execute("SET LOCAL maintenance_work_mem = '" + FirstIndex.MAINTENANCE_WORK_MEM + "'");
            // the column's default ('{}' as a text array) is not converted by USING: taken off and put back
            st.execute("ALTER TABLE person ALTER COLUMN grams DROP DEFAULT");
            st.execute("ALTER TABLE person ALTER COLUMN grams TYPE BIGINT[] USING gram_codes(grams)");
            st.execute("ALTER TABLE person ALTER COLUMN grams SET DEFAULT '{}'");
            st.execute("SET LOCAL maintenance_work_mem = '" + FirstIndex.GIN_MAINTENANCE_WORK_MEM + "'");
            st.execute("CREATE INDEX person_by_grams ON person USING gin (grams)");
            st.execute("ANALYZE person");
        });
    }
}
