package jp.tsunagu.resident;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 5.13.0 (生年つき住所の文字片を検索用文字片へ): from this version the index writes a person's address
 * 2-grams with the birth year ({@code a1985:間川}, {@link SearchGrams#addressOfTheYear}) with their other grams,
 * and the index of their own ({@code person_by_address_year}, 5.12.0) goes. In the gram index they are
 * intersected with a name's grams of the year: 「狭山台 高橋 S27」's combination of the town by the address and the
 * surname by the name read every person of 狭山台 (a tenth of the city) beside the few 高橋 born that year, up to
 * 6 ms at 4,000,000 residents; by the address's grams of the year, 0.88 → 0.029 ms at 1,000,000, the same persons.
 *
 * <p>Persons indexed before get the grams that {@code address_year_grams} computes (the ones {@link SearchGrams}
 * writes: {@code SearchPlanTests} compares them). The table is written again once, by {@code ALTER TABLE … USING}
 * rather than an {@code UPDATE}: an update of every row would add each person to every index again and leave a dead
 * version of each behind (measured on a 1,030,001-person index: 309 s, the table and its indexes 3,558 MB until
 * vacuumed, and the readings' prefixes ten times slower meanwhile: p50 7.75 against 0.83 ms); the rewrite builds the
 * indexes anew (110.9 s in all on the same index, and searches as fast right after). The rewrite is one transaction
 * (a stop before its end changes nothing, and the migration runs again at the next start); the table is then
 * vacuumed outside it, so that the index-only scans of the birth dates need not read the table (a stop there leaves
 * it to autovacuum, and the migration, already committed, runs again: it adds nothing the second time).
 */
@Component
class AddressYearGramsMigration implements JavaMigration {

    /** A person's grams with their address's grams of the year that are missing, each once. */
    static final String FUNCTION = """
            CREATE OR REPLACE FUNCTION grams_with_address_year(grams TEXT[], address TEXT, born DATE) RETURNS TEXT[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$
            SELECT CASE WHEN address IS NULL OR born IS NULL THEN grams
                        ELSE coalesce(grams, '{}') || ARRAY(
                                 SELECT DISTINCT g FROM unnest(public.address_year_grams(address, born)) g
                                  WHERE g <> ALL (coalesce(grams, '{}'))) END
            $$""";

    /**
     * Seconds a million persons took on this project's 2-core machine: 110.9 s at 1,030,001 persons, 463.9 s at
     * 4,120,000 (docs/operations.md, "Upgrading").
     */
    static final double SECONDS_PER_MILLION = 113;

    private static final PersonRewrite REWRITE =
            new PersonRewrite("検索用文字片に生年つき住所の文字片を加えています",
                    "検索用文字片に生年つき住所の文字片を加えました", SECONDS_PER_MILLION);

    /** The minutes the rewrite of {@code persons} is expected to take, at least 1. */
    static long expectedMinutes(long persons) {
        return REWRITE.expectedMinutes(persons);
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5.13.0");
    }

    @Override
    public String getDescription() {
        return "address year grams in grams";
    }

    @Override
    public Integer getChecksum() {
        return 5130;
    }

    @Override
    public boolean canExecuteInTransaction() {
        // VACUUM runs outside a transaction (Flyway gives such a migration a connection in autocommit); the rewrite
        // has one of its own
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        migrate(context.getConnection());
    }

    static void migrate(Connection connection) throws SQLException {
        REWRITE.run(connection, st -> {
            st.execute(FUNCTION);
            st.execute("DROP INDEX IF EXISTS person_by_address_year");
            st.execute("DROP INDEX IF EXISTS person_by_grams");
            st.execute("SET LOCAL maintenance_work_mem = '" + FirstIndex.MAINTENANCE_WORK_MEM + "'");
            st.execute("ALTER TABLE person ALTER COLUMN grams TYPE TEXT[] COLLATE \"C\""
                    + " USING grams_with_address_year(grams, address_search, birth_date)");
            st.execute("SET LOCAL maintenance_work_mem = '" + FirstIndex.GIN_MAINTENANCE_WORK_MEM + "'");
            st.execute("CREATE INDEX person_by_grams ON person USING gin (grams)");
            st.execute("ANALYZE person");
        });
    }
}
