package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * No search reads the whole person table: at the sample city's full size (150,000 residents), the
 * generic plan of every query class uses the indexes (plan_cache_mode = force_generic_plan, as a
 * prepared statement is planned after its fifth use).
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-search-plan")
class SearchPlanTests {

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    PersonSearch search;
    @Autowired
    NamedParameterJdbcTemplate named;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @TempDir
    Path dir;

    /**
     * The plan PostgreSQL keeps for a prepared statement: a server-side prepared statement from the
     * first use (prepareThreshold -1) under plan_cache_mode = force_generic_plan.
     */
    private List<String> genericPlan(PersonSearch.Statement statement) {
        var parsed = org.springframework.jdbc.core.namedparam.NamedParameterUtils.parseSqlStatement(statement.sql());
        String positional = org.springframework.jdbc.core.namedparam.NamedParameterUtils
                .substituteNamedParameters(parsed, statement.params());
        Object[] values = org.springframework.jdbc.core.namedparam.NamedParameterUtils
                .buildValueArray(parsed, statement.params(), null);
        StringBuilder sql = new StringBuilder();
        int n = 0;
        for (char ch : positional.toCharArray()) {
            sql.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
        }
        List<String> literals = new java.util.ArrayList<>();
        for (Object v : values) {
            literals.add(literal(v));
        }
        return transactions.execute(tx -> {
            jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
            jdbc.sql("DEALLOCATE ALL").update();
            jdbc.sql("PREPARE q AS " + sql).update();
            List<String> plan = jdbc.sql("EXPLAIN EXECUTE q(" + String.join(", ", literals) + ")")
                    .query(String.class).list();
            jdbc.sql("DEALLOCATE q").update();
            return plan;
        });
    }

    private static String literal(Object v) {
        if (v instanceof String[] array) {
            return "'{" + String.join(",", java.util.Arrays.stream(array).map(a -> "\"" + a + "\"").toList()) + "}'";
        }
        if (v instanceof Number) {
            return v.toString();
        }
        return "'" + String.valueOf(v).replace("'", "''") + "'";
    }

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void noQueryClassScansThePersonTable() {
        GenerationResult city = SampleMunicipality.generate(SampleSize.DEFAULT, 1, 20260401L, dir);
        catalog.registerFolder(dir.resolve("sources"));
        GenerationResult.SourceFile registry = city.sources().get(0);
        imports.importFile(registry.id(), registry.file(), "test", "test");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (jdbc.sql("SELECT count(*) FROM person").query(Long.class).single() < registry.rows()) {
            assertThat(System.nanoTime()).as("index built").isLessThan(deadline);
            Thread.onSpinWait();
        }
        jdbc.sql("ANALYZE person").update();
        jdbc.sql("ANALYZE person_history").update();

        for (String q : List.of("ヤマザキ", "やまざき", "ﾀｶﾊｼ", "佐藤", "山﨑", "翔 S60", "花子 1970年", "昭和45年3月2日",
                "S45.3.2", "3450302", "1970/3/2", "19700302", "100002", "0000100002", "入間川", "佐藤 花子 入間川",
                "やまざき S7")) {
            PersonSearch.Statement statement = PersonSearch.statement(q, PersonSearch.Filters.NONE, 50);
            List<String> plan = genericPlan(statement);
            assertThat(String.join("\n", plan)).as("generic plan").contains("$1");
            assertThat(plan).as(q + "\n" + String.join("\n", plan))
                    .noneMatch(line -> line.matches(".*Seq Scan on person( .*|$)"));
        }
        assertThat(search.search("入間川", PersonSearch.Filters.NONE, 50)).isNotEmpty();
        // and the search connections rule sequential scans out altogether, and cannot write
        assertThat(search.setting("enable_seqscan")).isEqualTo("off");
        assertThat(search.setting("transaction_read_only")).isEqualTo("on");
        assertThat(search.setting("plan_cache_mode")).as("the plans checked above are the ones used")
                .isEqualTo("force_generic_plan");
    }
}
