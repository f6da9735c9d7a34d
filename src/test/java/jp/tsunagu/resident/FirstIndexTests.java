package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
    TransactionTemplate transactions;
    @TempDir
    Path dir;

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
            // the gram index is built and searched in code-point order (migration 5.11.0), also on the swapped table
            assertThat(rows("""
                    SELECT c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
                     WHERE a.attrelid = 'person'::regclass AND a.attname = 'grams'"""))
                    .as(label + ": the grams' collation").containsExactly("C");
            if (order.get(0) == city.registry()) {
                assertThat(bulk.history()).as("persons moved out, 除票 in the registry, taken over by the 住登外")
                        .isNotEmpty();
            }
        }
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
