package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries that hold in SQL too (表の所有): Spring Modulith's {@code verify()} sees imports, not
 * the tables a query names, so this rule reads every string literal and text block of
 * {@code src/main/java} and fails on one that names a table of another module — each module owns what
 * its own Flyway folder creates. Others ask the owner's API.
 *
 * <p>One exemption: {@code bench/ForeignTables.java}, where the benchmarks keep the SQL they run
 * against other modules' tables on purpose (a benchmark measures the bare query a module's API wraps,
 * and checks the rows it made), in one place that names what it reads.
 */
class SqlOwnershipTests {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final String EXEMPT = "jp/tsunagu/bench/ForeignTables.java";

    @Test
    void noModuleNamesAnotherModulesTable() throws IOException {
        SqlOwnership.Owners owners = SqlOwnership.owners(MIGRATIONS);
        List<SqlOwnership.Violation> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = SOURCES.relativize(file).toString().replace('\\', '/');
                if (name.equals(EXEMPT)) {
                    continue;
                }
                violations.addAll(SqlOwnership.check(name, Files.readString(file), owners));
            }
        }
        assertThat(violations).as("SQL that names another module's table (ask the owner's API instead)").isEmpty();
    }

    @Test
    void eachModuleOwnsWhatItsOwnFlywayFolderCreates() throws IOException {
        SqlOwnership.Owners owners = SqlOwnership.owners(MIGRATIONS);
        assertThat(owners.owner("source_record")).contains("importing");
        assertThat(owners.owner("source_record_17")).as("a partition of source_record").contains("importing");
        assertThat(owners.owner("import_stage.run_42")).as("the staging schema").contains("importing");
        assertThat(owners.owner("record_change")).contains("importing");
        assertThat(owners.owner("person")).contains("resident");
        assertThat(owners.owner("involvement")).contains("programs");
        assertThat(owners.owner("source_grant")).contains("access");
        assertThat(owners.owner("audit_event")).contains("audit");
        assertThat(owners.owner("event_publication")).contains("platform");
        assertThat(owners.owner("pg_stat_activity")).as("the database's own catalog").isEmpty();
        assertThat(owners.owner("person_key")).as("a column is no table").isEmpty();
        assertThat(owners.functionOwner("programs_involved")).contains("programs");
        assertThat(owners.published("programs_involved")).as("programs' published SQL").isTrue();
    }

    /** The rule itself, on planted source text: it must fail on a cross-module query, naming where. */
    @Test
    void failsOnAPlantedCrossModuleQueryNamingFileLineModuleAndTable() {
        SqlOwnership.Owners owners = SqlOwnership.owners(Map.of(
                "importing/V1__records.sql", """
                        -- a comment that says CREATE TABLE not_a_table
                        CREATE TABLE source (source_id TEXT PRIMARY KEY);
                        CREATE TABLE source_record (source_id TEXT, data JSON) PARTITION BY LIST (source_id);
                        CREATE SCHEMA import_stage;""",
                "resident/V2__person.sql", "CREATE TABLE person (person_key TEXT PRIMARY KEY);",
                "programs/V3__involvement.sql", "create table if not exists involvement (person_key text);"));
        String planted = """
                package jp.tsunagu.overview;

                class Planted {
                    // SELECT * FROM person in a comment is no query
                    static final String OWN = "SELECT 1";
                    static final String CROSS = \"""
                            SELECT r.data
                              FROM involvement i
                              JOIN source_record r ON r.person_key = i.person_key\""";
                    static final String PARTITION = "SELECT count(*) FROM source_record_12 WHERE x = '\\"'";
                    static final String STAGE = "INSERT INTO import_stage.run_7 VALUES (1)";
                    static final char QUOTE = '"';
                    static final String PARAMETER = "SELECT :source, p.person FROM unnest(:keys) p";
                }
                """;

        List<String> found = SqlOwnership.check("jp/tsunagu/overview/Planted.java", planted, owners).stream()
                .map(Object::toString).toList();

        assertThat(found).containsExactly(
                "jp/tsunagu/overview/Planted.java:8: module overview names involvement (owned by programs)",
                "jp/tsunagu/overview/Planted.java:9: module overview names source_record (owned by importing)",
                "jp/tsunagu/overview/Planted.java:10: module overview names source_record_12 (owned by importing)",
                "jp/tsunagu/overview/Planted.java:11: module overview names import_stage.run_7 (owned by importing)");
        assertThat(SqlOwnership.check("jp/tsunagu/programs/Planted.java",
                planted.replace("package jp.tsunagu.overview;", "package jp.tsunagu.programs;"), owners))
                .as("the programs module naming its own table, and importing's")
                .extracting(SqlOwnership.Violation::table)
                .containsExactly("source_record", "source_record_12", "import_stage.run_7");
    }

    /**
     * A module may publish SQL as it publishes Java: a function named after it ({@code programs_involved})
     * may be called by another module's statement; a function it did not name so, and its tables, may not.
     */
    @Test
    void aPublishedFunctionMayBeCalledButNotTheTablesBehindItNorAnUnpublishedOne() {
        SqlOwnership.Owners owners = SqlOwnership.owners(Map.of(
                "programs/V3__involvement.sql", """
                        CREATE TABLE involvement (person_key TEXT, source_id TEXT);
                        CREATE FUNCTION programs_involved(sources TEXT[]) RETURNS TABLE (person_key TEXT)
                        LANGUAGE sql STABLE AS $$ SELECT person_key FROM involvement $$;
                        CREATE OR REPLACE FUNCTION involvement_touch() RETURNS trigger LANGUAGE plpgsql
                        AS $$ BEGIN RETURN NEW; END $$;""",
                "resident/V2__person.sql", "CREATE TABLE person (person_key TEXT PRIMARY KEY);"));
        String caller = """
                package jp.tsunagu.resident;
                class Caller {
                    static final String PUBLISHED = \"""
                            SELECT p.person_key FROM person p
                             WHERE p.person_key IN (SELECT i.person_key FROM programs_involved(:s) i)\""";
                    static final String PRIVATE = "SELECT * FROM involvement_touch()";
                    static final String TABLE = "SELECT * FROM involvement";
                }
                """;
        assertThat(owners.published("programs_involved")).isTrue();
        assertThat(owners.published("involvement_touch")).isFalse();
        assertThat(SqlOwnership.check("jp/tsunagu/resident/Caller.java", caller, owners))
                .extracting(SqlOwnership.Violation::table)
                .containsExactly("involvement_touch", "involvement");
    }

    @Test
    void aModulesOwnTablesPass() {
        SqlOwnership.Owners owners = SqlOwnership.owners(Map.of(
                "resident/V2__person.sql", "CREATE TABLE person (person_key TEXT PRIMARY KEY);",
                "access/V1__grants.sql", "CREATE TABLE source_grant (source_id TEXT);"));
        String own = """
                package jp.tsunagu.access;
                class Own {
                    static final String GRANTS = "SELECT level FROM source_grant WHERE source_id = :source";
                }
                """;
        assertThat(SqlOwnership.check("jp/tsunagu/access/Own.java", own, owners)).isEmpty();
        assertThat(SqlOwnership.check("jp/tsunagu/resident/Own.java",
                own.replace("jp.tsunagu.access", "jp.tsunagu.resident"), owners))
                .extracting(SqlOwnership.Violation::table).containsExactly("source_grant");
    }
}
