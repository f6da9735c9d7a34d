package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first index of a master built in bulk ({@link FirstIndex}) holds exactly what the incremental path
 * makes of the same snapshots, table by table — every column of every person (search keys, grams, the
 * 町丁目 key, households, 支援措置 protection) and the history of the persons one master took over from
 * the other — in both orders of the two masters. Later snapshots stay incremental.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-firstindex")
class FirstIndexTests {

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    ResidentIndex index;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FirstIndex firstIndex;
    @Autowired
    TransactionTemplate transactions;
    @TempDir
    Path dir;

    /**
     * Each of person's indexes, as the migrations made them, is built with the memory of its kind: the gram index
     * (GIN on {@code grams}) with the smaller memory that builds it faster, the B-trees and the GINs of the grams
     * of the year with the large memory.
     */
    @Test
    void theGramIndexIsBuiltWithItsMemoryAndTheOtherIndexesWithTheirs() {
        List<String[]> indexes = jdbc.sql("""
                SELECT c.relname, pg_get_indexdef(i.indexrelid)
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = 'public.person'::regclass""")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        assertThat(indexes).extracting(i -> i[0]).contains("person_by_grams", "person_by_kana_year",
                "person_pkey").doesNotContain("person_by_address_year");
        for (String[] index : indexes) {
            assertThat(FirstIndex.maintenanceWorkMem(index[1])).as(index[1])
                    .isEqualTo(index[0].equals("person_by_grams") ? FirstIndex.GIN_MAINTENANCE_WORK_MEM
                            : FirstIndex.MAINTENANCE_WORK_MEM);
        }
        assertThat(FirstIndex.GIN_MAINTENANCE_WORK_MEM).isNotEqualTo(FirstIndex.MAINTENANCE_WORK_MEM);
    }

    /**
     * After the primary key (first connection) and the gram index (second), the two connections take the other
     * indexes longest first: the GIN of the reading's grams of the year before every B-tree, so that it is not the
     * last build on one core while the other is idle.
     */
    @Test
    void theConnectionsTakeTheLongestBuildsFirst() {
        Map<String, String> definitions = firstIndex.indexDefinitions();
        List<String> names = List.copyOf(definitions.keySet());
        assertThat(names.get(0)).as("the primary key first").isEqualTo("person_pkey");
        List<Map.Entry<String, String>> others = definitions.entrySet().stream()
                .filter(e -> !e.getKey().equals("person_by_grams")).toList();
        List<String> queue = FirstIndex.longestFirst(others).stream().map(Map.Entry::getKey).toList();
        assertThat(queue).as("every index but the primary key and the gram index, once")
                .hasSize(definitions.size() - 2).doesNotContain("person_pkey", "person_by_grams");
        assertThat(queue.get(0)).as("the GIN of the reading's grams of the year first").isEqualTo("person_by_kana_year");
        assertThat(queue.subList(1, queue.size())).allMatch(n -> !definitions.get(n).contains(" USING gin "));
    }

    @Test
    void bulkFirstIndexEqualsTheIncrementalPathTableByTableInBothOrdersOfTheMasters() {
        City city = importedCity("order");
        for (List<Run> order : List.of(List.of(city.registry(), city.others()), List.of(city.others(), city.registry()))) {
            Tables incremental = rebuild(order, run -> index.incremental(run.id(), run.source()));
            Tables bulk = rebuild(order, run -> assertThat(index.firstIndex(run.id(), run.source(), run.rows()))
                    .as("the bulk path was taken for " + run.source()).isTrue());
            String label = order.get(0).source() + " first";
            assertThat(bulk.persons()).as(label + ": person").hasSize(incremental.persons().size())
                    .containsExactlyElementsOf(incremental.persons());
            assertThat(bulk.history()).as(label + ": person_history").containsExactlyElementsOf(incremental.history());
            assertThat(bulk.persons()).as(label + ": both masters' persons").isNotEmpty();
            assertThat(count("SELECT count(*) FROM person WHERE address_protected AND NOT support_measure"))
                    .as(label + ": household members protected with a 支援措置 person").isPositive();
            assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'person_build'"))
                    .as("no build table left behind").isZero();
            assertThat(count("SELECT count(*) FROM person_index_build")).as("no progress left behind").isZero();
            // the grams are numbers (GramCode, migration 5.14.0), also on the swapped table
            assertThat(rows("""
                    SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                     WHERE a.attrelid = 'person'::regclass AND a.attname = 'grams'"""))
                    .as(label + ": the grams' type").containsExactly("bigint[]");
            if (order.get(0) == city.registry()) {
                assertThat(bulk.history()).as("persons moved out, 除票 in the registry, taken over by the 住登外")
                        .isNotEmpty();
            }
        }
    }

    /**
     * A snapshot that names a person twice (two records of one person key) is not loaded in bulk: the primary key's
     * build finds the person, the gram index started beside it is cancelled, and nothing of the build is kept — the
     * incremental path decides which record stands.
     */
    @Test
    void aSnapshotThatNamesAPersonTwiceIsLeftToTheIncrementalPathWithNothingOfTheBuildKept() throws Exception {
        String id = "first-index-twice-" + ProcessHandle.current().pid();
        catalog.register(id, TestRegistry.DEFINITION.replace("recordKey: [宛名番号]", "recordKey: [宛名番号, 連番]")
                .replace("fields:\n", "fields:\n  - {name: row, column: 連番, label: 連番, type: text}\n"));
        String key = TestRegistry.nextKey();
        Path file = java.nio.file.Files.writeString(dir.resolve(id + ".csv"), """
                宛名番号,連番,氏名,カナ氏名,生年月日,住所
                %s,1,二重 花子,ニジュウ ハナコ,1980-05-05,埼玉県狭山市入間川一丁目1番1号
                %s,2,二重 花子,ニジュウ ハナコ,1980-05-05,埼玉県狭山市入間川二丁目2番2号
                %s,1,一人 太郎,ヒトリ タロウ,1975-01-02,埼玉県狭山市狭山台三丁目3番3号
                """.formatted(key, key, TestRegistry.nextKey()), java.nio.charset.StandardCharsets.UTF_8);
        ImportReport report = imports.importFile(id, file, "test", "test");
        assertThat(report.status()).as(report.message()).isEqualTo(ImportStatus.APPLIED);
        SampleCity.awaitListeners(jdbc);
        long persons = count("SELECT count(*) FROM person");
        String gramIndex = "SELECT pg_relation_filenode('person_by_grams')::text";
        String before = rows(gramIndex).get(0);

        Boolean bulk = transactions.execute(s -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:k)").param("k", ResidentIndex.INDEX_LOCK).query(Object.class).single();
            return index.firstIndex(report.runId(), id, report.added());
        });

        assertThat(bulk).as("the bulk path gives way to the incremental one").isFalse();
        assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'person_build'"))
                .as("no build table left behind").isZero();
        assertThat(count("SELECT count(*) FROM person_index_build")).as("no progress left behind").isZero();
        assertThat(count("SELECT count(*) FROM person")).as("the index as it was").isEqualTo(persons);
        assertThat(rows(gramIndex)).as("the gram index as it was").containsExactly(before);
        assertThat(count("SELECT count(*) FROM person WHERE person_key = '" + key + "'"))
                .as("the person the snapshot names twice, once in the index (the incremental path's)").isEqualTo(1);
        // an idle pooled connection shows its last statement too: only a running one is a build still going
        assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX%person_build%'"
                + " AND state = 'active' AND pid <> pg_backend_pid()")).as("no index build still running").isZero();
    }

    private record Run(long id, String source, long rows) {
    }

    private record City(GenerationResult day1, Run registry, Run others) {
    }

    private record Tables(List<String> persons, List<String> history) {
    }

    private City importedCity(String name) {
        // a later day of the city, taken as the first snapshots: persons who moved out are 除票 in the registry
        // and 住登外 in the other master, so that one master takes over persons from the other
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 4, 11L, dir.resolve(name));
        catalog.registerFolder(dir.resolve(name).resolve("sources"));
        Run registry = imported(day1, "jumin-kiroku");
        Run others = imported(day1, "jutogai");
        SampleCity.awaitListeners(jdbc);
        return new City(day1, registry, others);
    }

    private Run imported(GenerationResult day, String source) {
        GenerationResult.SourceFile file = day.sources().stream().filter(f -> f.id().equals(source)).findFirst()
                .orElseThrow();
        ImportReport report = imports.importFile(source, file.file(), "test", "test");
        assertThat(report.status()).as(report.message()).isEqualTo(ImportStatus.APPLIED);
        return new Run(report.runId(), source, report.added());
    }

    /** Empties the index and takes the runs in again, each in its own transaction as the listener does. */
    private Tables rebuild(List<Run> order, Consumer<Run> path) {
        transactions.executeWithoutResult(s -> jdbc.sql("TRUNCATE person, person_history, person_index_source").update());
        for (Run run : order) {
            transactions.executeWithoutResult(s -> {
                path.accept(run);
                jdbc.sql("INSERT INTO person_index_source (source_id, first_run) VALUES (:s, :r)")
                        .param("s", run.source()).param("r", run.id()).update();
            });
        }
        return new Tables(rows("SELECT p::text FROM person p ORDER BY 1"),
                rows("SELECT h::text FROM person_history h ORDER BY 1"));
    }

    private List<String> rows(String sql) {
        return jdbc.sql(sql).query(String.class).list();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
