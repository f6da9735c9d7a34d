package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No search reads the whole person table: on the demo city's registry ({@link DemoCity}: 150,000
 * residents; with its 住登外 too when {@link SearchPagingTests} ran before in this JVM), the generic
 * plan of every query class uses the indexes with a condition (plan_cache_mode = force_generic_plan, as
 * a prepared statement is planned after its fifth use, and no parallel workers, as the search connections have it). The plan is read as
 * EXPLAIN's JSON nodes: no sequential scan of person, no index scan of it without an index condition
 * (a whole index read in order and filtered), no bitmap heap scan without its conditions.
 */
@DemoCity.OnTheDemoCity
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
     * first use (prepareThreshold -1) under plan_cache_mode = force_generic_plan, as EXPLAIN's JSON.
     */
    private JsonNode genericPlan(PersonSearch.Statement statement) {
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
        String json = transactions.execute(tx -> {
            jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
            jdbc.sql("SET LOCAL max_parallel_workers_per_gather = 0").update();
            jdbc.sql("DEALLOCATE ALL").update();
            jdbc.sql("PREPARE q AS " + sql).update();
            String plan = jdbc.sql("EXPLAIN (FORMAT JSON) EXECUTE q(" + String.join(", ", literals) + ")")
                    .query(String.class).single();
            jdbc.sql("DEALLOCATE q").update();
            return plan;
        });
        return JsonMapper.builder().build().readTree(json).get(0).get("Plan");
    }

    /**
     * The nodes of a plan that read the person table as a whole: a sequential scan; an index scan (or
     * index-only scan) of it without an index condition, which reads the whole index in order and
     * filters; and a bitmap heap scan (of any table) without a recheck condition, or over a bitmap
     * index scan without an index condition.
     */
    static List<String> wholeTableReads(JsonNode plan) {
        List<String> found = new java.util.ArrayList<>();
        collect(plan, found);
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        String type = node.path("Node Type").asString("");
        boolean person = "person".equals(node.path("Relation Name").asString(""));
        String name = type + " on " + node.path("Relation Name").asString("?") + " using "
                + node.path("Index Name").asString("-");
        if (person && type.equals("Seq Scan")) {
            found.add(name);
        }
        if (person && (type.equals("Index Scan") || type.equals("Index Only Scan")) && !node.has("Index Cond")) {
            found.add(name + " without an index condition");
        }
        if (type.equals("Bitmap Heap Scan")) {
            if (!node.has("Recheck Cond")) {
                found.add(name + " without a recheck condition");
            }
            List<JsonNode> bitmaps = new java.util.ArrayList<>();
            bitmapIndexScans(node, bitmaps);
            if (bitmaps.isEmpty()) {
                found.add(name + " without a bitmap index scan");
            }
            bitmaps.stream().filter(b -> !b.has("Index Cond"))
                    .forEach(b -> found.add(name + " over " + b.path("Index Name").asString("?")
                            + " without an index condition"));
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, found);
        }
    }

    /** The indexes of person a plan reads. */
    private static void personIndexes(JsonNode node, List<String> into) {
        if ("person".equals(node.path("Relation Name").asString("")) && node.has("Index Name")) {
            into.add(node.path("Index Name").asString());
        }
        if (node.path("Node Type").asString("").equals("Bitmap Heap Scan")
                && "person".equals(node.path("Relation Name").asString(""))) {
            List<JsonNode> bitmaps = new java.util.ArrayList<>();
            bitmapIndexScans(node, bitmaps);
            bitmaps.forEach(b -> into.add(b.path("Index Name").asString()));
        }
        for (JsonNode child : node.path("Plans")) {
            personIndexes(child, into);
        }
    }

    /** The bitmap index scans that feed a bitmap heap scan (through BitmapAnd / BitmapOr). */
    private static void bitmapIndexScans(JsonNode node, List<JsonNode> into) {
        for (JsonNode child : node.path("Plans")) {
            String type = child.path("Node Type").asString("");
            if (type.equals("Bitmap Index Scan")) {
                into.add(child);
            } else if (type.equals("BitmapAnd") || type.equals("BitmapOr")) {
                bitmapIndexScans(child, into);
            }
        }
    }

    /** An array of the grams' numbers as the grams, in its order. */
    private static String texts(java.sql.Array codes) throws java.sql.SQLException {
        return String.join(" ", java.util.Arrays.stream((Long[]) codes.getArray()).map(GramCode::text).toList());
    }

    private static String literal(Object v) {
        if (v instanceof String[] array) {
            return "'{" + String.join(",", java.util.Arrays.stream(array).map(a -> "\"" + a + "\"").toList()) + "}'";
        }
        if (v instanceof long[] codes) {
            // the grams' numbers (GramCode)
            return "'{" + String.join(",", java.util.Arrays.stream(codes).mapToObj(Long::toString).toList()) + "}'";
        }
        if (v instanceof Number) {
            return v.toString();
        }
        return "'" + String.valueOf(v).replace("'", "''") + "'";
    }

    @Test
    void theCheckFindsEveryWayOfReadingTheWholePersonTable() {
        assertThat(wholeTableReads(node("""
                {"Node Type": "Limit", "Plans": [{"Node Type": "Seq Scan", "Relation Name": "person"}]}""")))
                .containsExactly("Seq Scan on person using -");
        assertThat(wholeTableReads(node("""
                {"Node Type": "Index Scan", "Relation Name": "person", "Index Name": "person_by_kana",
                 "Filter": "(name_key ~~ $1)"}"""))).singleElement().asString().contains("without an index condition");
        assertThat(wholeTableReads(node("""
                {"Node Type": "Index Only Scan", "Relation Name": "person", "Index Name": "person_pkey"}""")))
                .hasSize(1);
        assertThat(wholeTableReads(node("""
                {"Node Type": "Bitmap Heap Scan", "Relation Name": "person", "Plans": [
                  {"Node Type": "BitmapOr", "Plans": [
                    {"Node Type": "Bitmap Index Scan", "Index Name": "person_by_grams", "Index Cond": "(grams @> $1)"},
                    {"Node Type": "Bitmap Index Scan", "Index Name": "person_by_name"}]}]}""")))
                .containsExactlyInAnyOrder("Bitmap Heap Scan on person using - without a recheck condition",
                        "Bitmap Heap Scan on person using - over person_by_name without an index condition");
        assertThat(wholeTableReads(node("""
                {"Node Type": "Nested Loop", "Plans": [
                  {"Node Type": "Seq Scan", "Relation Name": "person_history"},
                  {"Node Type": "Index Scan", "Relation Name": "person", "Index Name": "person_pkey",
                   "Index Cond": "(person_key = h.person_key)"},
                  {"Node Type": "Bitmap Heap Scan", "Relation Name": "person", "Recheck Cond": "(grams @> $1)",
                   "Plans": [{"Node Type": "Bitmap Index Scan", "Index Name": "person_by_grams",
                              "Index Cond": "(grams @> $1)"}]}]}""")))
                .as("reads with a condition, and other tables, are not whole reads of person").isEmpty();
    }

    private static JsonNode node(String json) {
        return JsonMapper.builder().build().readTree(json);
    }

    @Autowired
    javax.sql.DataSource dataSource;

    /**
     * The reading's 2-grams of the birth year that person_by_kana_year holds ({@code kana_year_grams}, in SQL) are
     * the ones the search asks for ({@link SearchGrams#query} with {@link SearchGrams#kanaYearPrefix}, in Java).
     */
    @Test
    void theIndexedReadingGramsOfTheYearAreTheOnesTheSearchAsksFor() {
        List<GramsOfTheYear> rows = gramsOfTheYear("kana_key", "kana_year_grams");
        for (GramsOfTheYear row : rows) {
            assertThat(new java.util.TreeSet<>(row.grams())).as(row.text() + " " + row.born())
                    .isEqualTo(new java.util.TreeSet<>(List.of(SearchGrams.query(
                            SearchGrams.kanaYearPrefix(row.born().getYear()), row.text()))));
        }
        assertThat(rows.get(0).grams().get(0)).startsWith("k" + rows.get(0).born().getYear() + ":");
        // 𠮷 is two UTF-16 units and one character to both
        assertThat(call("kana_year_grams", "'ヨ𠮷ダ', DATE '1985-04-01'"))
                .containsExactly(SearchGrams.query(SearchGrams.kanaYearPrefix(1985), "ヨ𠮷ダ"));
        assertThat(call("kana_year_grams", "'ヨ', DATE '1985-04-01'")).isEmpty();
        assertThat(call("kana_year_grams", "'ヨシ', NULL")).isEmpty();
    }

    /** A text of person, its birth date and the SQL function's grams of the year of both. */
    record GramsOfTheYear(String text, java.time.LocalDate born, List<String> grams) {
    }

    /** The function's grams of the year for the 500 demo persons with the longest {@code column}. */
    private List<GramsOfTheYear> gramsOfTheYear(String column, String function) {
        DemoCity.imported(catalog, imports, jdbc, dir, DemoCity.REGISTRY);
        List<GramsOfTheYear> rows = jdbc.sql("SELECT " + column + ", birth_date, " + function + "(" + column
                + ", birth_date) FROM person WHERE char_length(" + column + ") >= 2 AND birth_date IS NOT NULL"
                + " ORDER BY char_length(" + column + ") DESC, person_key LIMIT 500")
                .query((rs, n) -> new GramsOfTheYear(rs.getString(1), rs.getObject(2, java.time.LocalDate.class),
                        List.of((String[]) rs.getArray(3).getArray()))).list();
        assertThat(rows).hasSize(500);
        return rows;
    }

    /**
     * The address's 2-grams of the birth year that the index writes with a person's grams (in Java), that migration
     * 5.13.0 gives persons indexed before ({@code address_year_grams}, in SQL) and that the search asks for
     * ({@link SearchGrams#addressOfTheYear} of the address grams) are the same: the block numbers' grams left out by
     * each.
     */
    @Test
    void theIndexedAddressGramsOfTheYearAreTheOnesTheSearchAsksFor() {
        List<GramsOfTheYear> rows = gramsOfTheYear("address_search", "address_year_grams");
        for (GramsOfTheYear row : rows) {
            assertThat(new java.util.TreeSet<>(row.grams())).as(row.text() + " " + row.born())
                    .isEqualTo(new java.util.TreeSet<>(List.of(addressOfTheYear(row.text(), row.born().getYear()))));
        }
        List<List<String>> written = jdbc.sql("""
                SELECT ARRAY(SELECT g FROM unnest(grams) g WHERE g >> 56 = 3 AND (g >> 42) & 16383 <> 0 ORDER BY g),
                       ARRAY(SELECT DISTINCT g FROM unnest(gram_codes(address_year_grams(address_search, birth_date))) g
                              ORDER BY 1)
                  FROM person WHERE char_length(address_search) >= 2 AND birth_date IS NOT NULL""")
                // the address's grams of the year among the grams' numbers (GramCode: kind a, a year), as grams
                .query((rs, n) -> List.of(texts(rs.getArray(1)), texts(rs.getArray(2)))).list();
        assertThat(written).hasSizeGreaterThan(1_000).allSatisfy(w -> assertThat(w.get(0)).isEqualTo(w.get(1)))
                .anySatisfy(w -> assertThat(w.get(0)).isNotEmpty());
        assertThat(rows.get(0).text()).as("the demo city's addresses have block numbers").matches(".*\\d+-\\d+.*");
        assertThat(rows.get(0).grams()).isNotEmpty().allMatch(g -> g.startsWith("a" + rows.get(0).born().getYear() + ":"))
                .noneMatch(g -> g.substring(g.indexOf(':') + 1).matches(".*[0-9-].*"));
        // 𠮷 is two UTF-16 units and one character to both; the block numbers' grams are left out by both
        assertThat(call("address_year_grams", "'𠮷田町3-17', DATE '1985-04-01'"))
                .containsExactly(addressOfTheYear("𠮷田町3-17", 1985)).containsExactly("a1985:𠮷田", "a1985:田町");
        assertThat(call("address_year_grams", "'ア-イ町', DATE '1985-04-01'"))
                .containsExactly(addressOfTheYear("ア-イ町", 1985)).containsExactly("a1985:イ町");
        assertThat(call("address_year_grams", "'町', DATE '1985-04-01'")).isEmpty();
        assertThat(call("address_year_grams", "'3-17-27', DATE '1985-04-01'")).isEmpty();
        assertThat(call("address_year_grams", "'入間川', NULL")).isEmpty();
    }

    private static String[] addressOfTheYear(String address, int year) {
        return SearchGrams.addressOfTheYear(SearchGrams.query("a:", address), year);
    }

    private String[] call(String function, String arguments) {
        return jdbc.sql("SELECT " + function + "(" + arguments + ")")
                .query((rs, n) -> (String[]) rs.getArray(1).getArray()).single();
    }

    @Test
    void noQueryClassScansThePersonTable() {
        DemoCity.imported(catalog, imports, jdbc, dir, DemoCity.REGISTRY);
        jdbc.sql("ANALYZE person").update();
        jdbc.sql("ANALYZE person_history").update();

        for (String q : List.of("ヤマザキ", "やまざき", "ﾀｶﾊｼ", "佐藤", "山﨑", "翔 S60", "花子 1970年", "昭和45年3月2日",
                "S45.3.2", "3450302", "1970/3/2", "19700302", "100002", "0000100002", "入間川", "佐藤 花子 入間川",
                "やまざき S7", "S45.3.2 や", "やまざ S45", "入間川 S45", "入間川 佐藤 S45", "入間川 柏原 S45",
                "入 佐藤 S45")) {
            PersonSearch.Statement statement = PersonSearch.statement(q, PersonSearch.Filters.NONE, 50);
            JsonNode plan = genericPlan(statement);
            assertThat(plan.toString()).as("generic plan").contains("$1");
            assertThat(wholeTableReads(plan)).as(q + "\n" + plan.toPrettyString()).isEmpty();
            // the bounded count, and the page after and before the first page's rows
            JsonNode count = genericPlan(PersonSearch.countStatement(q, PersonSearch.Filters.NONE));
            assertThat(wholeTableReads(count)).as("count " + q + "\n" + count.toPrettyString()).isEmpty();
            var page = search.page(q, PersonSearch.Filters.NONE, 50, null);
            for (String cursor : new String[] {page.next(), page.previous()}) {
                if (cursor != null) {
                    JsonNode next = genericPlan(PersonSearch.statement(q, PersonSearch.Filters.NONE, 51, cursor));
                    assertThat(wholeTableReads(next)).as("page " + q + "\n" + next.toPrettyString()).isEmpty();
                }
            }
            if (page.next() != null) {
                var second = search.page(q, PersonSearch.Filters.NONE, 50, page.next());
                JsonNode back = genericPlan(PersonSearch.statement(q, PersonSearch.Filters.NONE, 51, second.previous()));
                assertThat(wholeTableReads(back)).as("previous page " + q + "\n" + back.toPrettyString()).isEmpty();
            }
        }
        // a birth date is read first, whatever else is typed: a reading of one kana ("S45.3.2 や") would
        // otherwise be read from person_by_kana in order, a tenth of the city
        for (String q : List.of("S45.3.2 や", "昭和45年3月2日 やま", "3450302 佐藤", "S45.3.2 入間川 佐藤")) {
            for (JsonNode plan : List.of(genericPlan(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50)),
                    genericPlan(PersonSearch.countStatement(q, PersonSearch.Filters.NONE)))) {
                List<String> indexes = new java.util.ArrayList<>();
                personIndexes(plan, indexes);
                assertThat(indexes).as(q + "\n" + plan.toPrettyString()).isNotEmpty()
                        .allMatch(i -> i.equals("person_by_birth") || i.equals("person_pkey"));
                assertThat(plan.toString()).as(q).contains("\"CTE Name\":\"dated\"");
            }
        }
        // with a reading, the day's persons whose reading can match are picked from the birth-date index alone,
        // which carries the readings, and only they are read from the table
        for (String q : List.of("S45.3.2 や", "昭和45年3月2日 やま", "3450302 やま")) {
            for (JsonNode plan : List.of(genericPlan(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50)),
                    genericPlan(PersonSearch.countStatement(q, PersonSearch.Filters.NONE)))) {
                assertThat(plan.findParents("Node Type")).as(q + "\n" + plan.toPrettyString())
                        .anyMatch(n -> n.path("Node Type").asString("").equals("Index Only Scan")
                                && n.path("Index Name").asString("").equals("person_by_birth"))
                        .noneMatch(n -> !n.path("Node Type").asString("").equals("Index Only Scan")
                                && n.path("Index Name").asString("").equals("person_by_birth"));
            }
        }
        // a prefix with a birth year reads that year's persons with the prefix, from the indexes led by the year:
        // the indexes led by the prefix would read every person with it (20,000 for ヤマザ in 4,000,000) for them
        for (String q : List.of("やまざ S45", "入間川 S45", "ヤマザキ 1970年")) {
            for (JsonNode plan : List.of(genericPlan(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50)),
                    genericPlan(PersonSearch.countStatement(q, PersonSearch.Filters.NONE)))) {
                List<String> indexes = new java.util.ArrayList<>();
                personIndexes(plan, indexes);
                assertThat(indexes).as(q + "\n" + plan.toPrettyString())
                        .contains(q.startsWith("入間川") ? "person_by_year_town" : "person_by_year_kana")
                        .contains(q.startsWith("入間川") ? "person_by_year_name" : "person_by_year_kana_loose")
                        .doesNotContain("person_by_kana", "person_by_kana_loose", "person_by_name", "person_by_town",
                                "person_by_birth");
                // a reading's fragment with the year: the reading's 2-grams of that year (a few persons), not the
                // reading's grams with the year's in the gram index (a tenth of the city beside every person of the year)
                if (!q.startsWith("入間川")) {
                    assertThat(indexes).as(q + "\n" + plan.toPrettyString()).contains("person_by_kana_year")
                            .doesNotContain("person_by_grams");
                }
            }
        }
        // an address fragment with the year, alone or as every term of a combination: the addresses' 2-grams of that
        // year in the gram index (a few thousand persons in 4,000,000), not the address grams beside every person born
        // that year
        for (String q : List.of("入間川 S45", "入間川 柏原 S45")) {
            for (PersonSearch.Statement statement : List.of(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50),
                    PersonSearch.countStatement(q, PersonSearch.Filters.NONE))) {
                JsonNode plan = genericPlan(statement);
                List<String> indexes = new java.util.ArrayList<>();
                personIndexes(plan, indexes);
                assertThat(indexes).as(q + "\n" + plan.toPrettyString()).contains("person_by_grams");
                // the arrays the gram index is asked for, as the grams they stand for
                assertThat(java.util.Arrays.stream(statement.params().getParameterNames())
                        .map(statement.params()::getValue).filter(long[].class::isInstance)
                        .flatMap(v -> java.util.Arrays.stream(GramCode.texts((long[]) v))))
                        .as(q + ": no gram of every person born that year").contains("a1970:入間", "a1970:間川")
                        .doesNotContain("y:1970");
            }
        }
        for (String q : List.of("狭山台3丁目", "3-17-27", "17-27", "１７番２７号")) {
            assertThat(wholeTableReads(genericPlan(PersonSearch.statement(q, PersonSearch.Filters.NONE, 50))))
                    .as(q).isEmpty();
        }
        assertThat(search.search("入間川", PersonSearch.Filters.NONE, 50)).isNotEmpty();
        // and the search connections rule sequential scans out altogether, and cannot write
        assertThat(search.setting("enable_seqscan")).isEqualTo("off");
        assertThat(search.setting("transaction_read_only")).isEqualTo("on");
        assertThat(search.setting("plan_cache_mode")).as("the plans checked above are the ones used")
                .isEqualTo("force_generic_plan");
        assertThat(search.setting("max_parallel_workers_per_gather")).as("no parallel plan, as checked above")
                .isEqualTo("0");
        assertThat(search.prepareThreshold()).as("planned once per connection, from the first use").isEqualTo(1);
    }
}
