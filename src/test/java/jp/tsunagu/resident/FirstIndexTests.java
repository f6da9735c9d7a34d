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
    FirstIndex firstIndex;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @TempDir
    static Path dir;

    @Test
    void bulkFirstIndexEqualsTheIncrementalPathTableByTableInBothOrdersOfTheMasters() {
        City city = importedCity();
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
            if (order.get(0) == city.registry()) {
                assertThat(bulk.history()).as("persons moved out, 除票 in the registry, taken over by the 住登外")
                        .isNotEmpty();
            }
        }
    }

    /**
     * The rows are written in runs ordered by birth date: a city whose rows fit in one run lies in the table in
     * birth-date order (the persons of a day on neighbouring pages), though its file is not in that order and the
     * incremental path writes them as they come; in runs of a batch of records each, every run is in order.
     */
    @Test
    void theFirstIndexWritesTheRowsInRunsOrderedByBirthDate() {
        City city = importedCity();
        List<Run> registry = List.of(city.registry());
        rebuild(registry, run -> index.incremental(run.id(), run.source()));
        assertThat(descents()).as("the file's order, as the incremental path writes it, is not by birth date")
                .isGreaterThan(100);
        rebuild(registry, run -> assertThat(index.firstIndex(run.id(), run.source(), run.rows())).isTrue());
        assertThat(count("SELECT count(*) FROM person")).isEqualTo(city.registry().rows());
        assertThat(descents()).as("one run: the whole table in birth-date order").isZero();
        long before = firstIndex.runBytes;
        try {
            firstIndex.runBytes = 1;
            rebuild(registry, run -> assertThat(index.firstIndex(run.id(), run.source(), run.rows())).isTrue());
        } finally {
            firstIndex.runBytes = before;
        }
        long batches = (city.registry().rows() + 999) / 1000;
        assertThat(batches).as("several runs").isGreaterThan(1);
        assertThat(descents()).as("runs of a batch each, every one in birth-date order").isLessThan(batches);
    }

    /**
     * How often a row's birth date comes before the one of the row before it in the table (no date last),
     * leaving out the household members of 支援措置 persons, whose rows are updated after the load (protected)
     * and so lie at the table's end.
     */
    private long descents() {
        List<java.time.LocalDate> born = jdbc.sql("""
                SELECT birth_date FROM person WHERE NOT (address_protected AND NOT support_measure) ORDER BY ctid""")
                .query((rs, n) -> rs.getObject(1, java.time.LocalDate.class)).list();
        long descents = 0;
        for (int i = 1; i < born.size(); i++) {
            java.time.LocalDate previous = born.get(i - 1);
            java.time.LocalDate date = born.get(i);
            if (previous == null ? date != null : date != null && date.isBefore(previous)) {
                descents++;
            }
        }
        return descents;
    }

    private record Run(long id, String source, long rows) {
    }

    private record City(GenerationResult day1, Run registry, Run others) {
    }

    private record Tables(List<String> persons, List<String> history) {
    }

    /** The city both tests take in (imported once: the same files again would change nothing). */
    private static City imported;

    private City importedCity() {
        if (imported == null) {
            imported = importedCity("order", 11L);
        }
        return imported;
    }

    private City importedCity(String name, long seed) {
        // a later day of the city, taken as the first snapshots: persons who moved out are 除票 in the registry
        // and 住登外 in the other master, so that one master takes over persons from the other
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 4, seed, dir.resolve(name));
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
