package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import jp.tsunagu.TsunaguTest;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Persons indexed before the year grams existed get them from migration 5.3.1, and are then found by "翔 S60". */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-ranking-f${tsunagu.test.fork:1}")
class YearGramsMigrationTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PersonSearch search;

    /** The column as the search reads it for the other tests of this database, whatever a failed test left. */
    @org.junit.jupiter.api.AfterEach
    void gramsAsNumbersAgain() throws java.sql.SQLException {
        String type = jdbc.sql("""
                SELECT format_type(atttypid, atttypmod) FROM pg_attribute
                 WHERE attrelid = 'public.person'::regclass AND attname = 'grams'""").query(String.class).single();
        if (!type.equals("bigint[]")) {
            toNumbers();
        }
    }

    @Test
    void givesEarlierPersonsTheirYearGrams() throws Exception {
        // as the index wrote a person before version 5.3.1: no grams with the birth year
        String[] old = Arrays.stream(SearchGrams.of("山多 翔", "ヤマタ ショウ", "狭山市柏原", null)).toArray(String[]::new);
        insertAsIndexedBefore(old);
        toNumbers();
        assertThat(search.search("翔 S60", PersonSearch.Filters.NONE, 50)).isEmpty();

        insertAsIndexedBefore(old);
        try (Connection connection = dataSource.getConnection()) {
            new YearGramsMigration().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
        }
        toNumbers();

        assertThat(grams()).contains("n:翔", "n1985:翔", "n1985:山多", "k:ヤマ", "a:柏原");
        assertThat(search.search("翔 S60", PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                .containsExactly("0000000045");
    }

    @Test
    void givesEarlierPersonsTheGramOfTheirBirthYearOnce() throws Exception {
        // as the index wrote a person before version 5.7.0: the grams without y:1985
        String[] old = Arrays.stream(SearchGrams.of("山多 翔", "ヤマタ ショウ", "狭山市柏原", LocalDate.of(1985, 1, 20)))
                .filter(g -> !g.startsWith("y:")).toArray(String[]::new);
        insertAsIndexedBefore(old);
        toNumbers();
        // an address character with the year intersects the address grams with y:1985 (a reading's fragment with the
        // year reads person_by_kana_year since 5.9.0, and an address fragment of two characters or more the address's
        // grams of the year, since 5.13.0 in the grams)
        assertThat(search.search("柏 S60", PersonSearch.Filters.NONE, 50)).as("an address character with the year")
                .isEmpty();
        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/resident/V5_7_0__year_gram.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        insertAsIndexedBefore(old);
        jdbc.sql(migration).update();
        jdbc.sql(migration).update();
        toNumbers();

        List<String> grams = grams();
        assertThat(grams).filteredOn(g -> g.startsWith("y:")).containsExactly("y:1985");
        assertThat(grams).hasSize(old.length + 1);
        assertThat(search.search("柏 S60", PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                .containsExactly("0000000045");
    }

    /**
     * A person indexed before 5.13.0 has no address's grams of the year in the grams (an index of their own computed
     * them): the migration adds them once, writing the table again rather than updating it, and 「間川 S60」 finds him
     * again by the grams.
     */
    @Test
    void givesEarlierPersonsTheirAddressGramsOfTheYearOnce() throws Exception {
        String[] now = SearchGrams.of("山多 翔", "ヤマタ ショウ", "狭山市入間川3丁目17番", LocalDate.of(1985, 1, 20));
        String[] old = Arrays.stream(now).filter(g -> !g.startsWith("a1985:")).toArray(String[]::new);
        assertThat(now).contains("a1985:間川", "a1985:入間", "a1985:狭山").doesNotContain("a1985:3-", "a1985:17");
        insertAsIndexedBefore(old, "狭山市入間川3丁目17番", SearchGrams.addressKey("狭山市入間川3丁目17番"));
        toNumbers();
        assertThat(search.search("間川 S60", PersonSearch.Filters.NONE, 50)).as("before the migration").isEmpty();
        insertAsIndexedBefore(old, "狭山市入間川3丁目17番", SearchGrams.addressKey("狭山市入間川3丁目17番"));
        try (Connection connection = dataSource.getConnection()) {
            AddressYearGramsMigration.migrate(connection);
            AddressYearGramsMigration.migrate(connection);
        }
        // the table vacuumed after it was written again (ANALYZE leaves a written table's pages counted as not all
        // visible: only VACUUM marks them), so that the birth dates' index-only scans need not read it
        assertThat(jdbc.sql("SELECT relallvisible FROM pg_class WHERE oid = 'public.person'::regclass")
                .query(Integer.class).single()).as("the table vacuumed: its pages all visible").isPositive();
        toNumbers();

        assertThat(grams()).containsExactlyInAnyOrder(now);
        assertThat(search.search("間川 S60", PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                .containsExactly("0000000045");
        assertThat(jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'person' AND indexname LIKE '%grams%'")
                .query(String.class).list()).contains("person_by_grams").doesNotContain("person_by_address_year");
    }

    /** 山多 翔, born 1985-01-20, as an earlier version of the index wrote him: with these grams. */
    private void insertAsIndexedBefore(String[] grams) {
        insertAsIndexedBefore(grams, "狭山市柏原", null);
    }

    /**
     * 山多 翔 as an earlier version wrote him, alone in the index: the grams as texts (before 5.14.0, in the column's
     * collation of 5.11.0), which the migration of that version then reads.
     */
    private void insertAsIndexedBefore(String[] grams, String address, String addressSearch) {
        jdbc.sql("DELETE FROM person").update();
        jdbc.sql("DROP INDEX IF EXISTS person_by_grams").update();
        jdbc.sql("ALTER TABLE person ALTER COLUMN grams DROP DEFAULT").update();
        jdbc.sql("ALTER TABLE person ALTER COLUMN grams TYPE TEXT[] COLLATE \"C\" USING '{}'").update();
        jdbc.sql("ALTER TABLE person ALTER COLUMN grams SET DEFAULT '{}'").update();
        jdbc.sql("CREATE INDEX person_by_grams ON person USING gin (grams)").update();
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, birth_date, address,
                                    name_key, kana_key, kana_loose, address_key, address_search, grams, updated_run)
                VALUES ('0000000045', 'test', true, '住民', '山多 翔', 'ヤマタ ショウ', :b, :a, '山多翔',
                        'ヤマタショウ', 'ヤマタシヨウ', :a, :s, :g, 0)""")
                .param("b", LocalDate.of(1985, 1, 20)).param("a", address)
                .param("s", addressSearch).param("g", grams).update();
    }

    /** The grams as texts in a column of numbers again (migration 5.14.0, which is what the search reads). */
    private void toNumbers() throws java.sql.SQLException {
        try (Connection connection = dataSource.getConnection()) {
            GramCodeMigration.migrate(connection);
        }
    }

    /** 山多 翔's grams, read back from their numbers. */
    private List<String> grams() {
        return jdbc.sql("SELECT unnest(grams) FROM person WHERE person_key = '0000000045'").query(Long.class).list()
                .stream().map(GramCode::text).toList();
    }

    /** The estimate the upgrade's log gives, from the rate measured at 1,030,001 and 4,120,000 persons. */
    @Test
    void theUpgradesEstimateFollowsTheMeasuredRate() {
        assertThat(AddressYearGramsMigration.expectedMinutes(4_120_000)).as("463.9 s measured").isEqualTo(8);
        assertThat(AddressYearGramsMigration.expectedMinutes(1_030_001)).as("110.9 s measured").isEqualTo(2);
        assertThat(AddressYearGramsMigration.expectedMinutes(2_000)).as("a small city: at least a minute").isEqualTo(1);
        assertThat(GramCodeMigration.expectedMinutes(1_030_001)).as("5.14.0: 94.3 s measured").isEqualTo(2);
        assertThat(GramCodeMigration.expectedMinutes(4_120_000)).as("5.14.0 at four times the persons").isEqualTo(6);
        assertThat(GramCodeMigration.expectedMinutes(2_000)).isEqualTo(1);
    }
}
