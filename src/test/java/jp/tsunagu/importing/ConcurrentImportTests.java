package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Imports of one source are serialised; a check digit that fails is a warning, not a rejection. */
@TsunaguTest
class ConcurrentImportTests {

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @Test
    void twoImportsOfOneSourceRunOneAfterTheOtherEachDiffingTheOthersResult() throws Exception {
        SourceDefinition source = TestSources.basic(catalog, "UTF-8", ",", 0.9);
        imports.importFile(source.id(), file("base.csv", 0, 5_000, "a"), "test", "t");
        Path b = file("b.csv", 0, 5_000, "b");
        Path c = file("c.csv", 0, 5_000, "c");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<ImportReport>> reports = pool.invokeAll(List.of(
                () -> imports.importFile(source.id(), b, "test", "t"),
                () -> imports.importFile(source.id(), c, "test", "t")));
        pool.shutdown();
        ImportReport first = reports.get(0).get();
        ImportReport second = reports.get(1).get();

        assertThat(first.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(second.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(first.changed()).isEqualTo(5_000);
        assertThat(second.changed()).isEqualTo(5_000);
        List<long[]> runs = jdbc.sql("""
                SELECT run_id, base_run FROM import_run WHERE run_id IN (:a, :b) ORDER BY finished_at""")
                .param("a", first.runId()).param("b", second.runId())
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        assertThat(runs.get(1)[1]).as("the later import diffed the earlier one's result").isEqualTo(runs.get(0)[0]);
        assertThat(jdbc.sql("SELECT current_run FROM source WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single()).isEqualTo(runs.get(1)[0]);
    }

    @Test
    void aFailedCheckDigitIsAWarningAndTheRowIsImported() {
        SourceDefinition source = catalog.register(TestSources.uniqueId("check"),
                TestSources.BASIC.formatted("UTF-8", ",", 0.5).replace(
                        "personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}",
                        "personKey: {column: 宛名番号, normalise: zero-pad, digits: 10, checkDigit: true}"));
        // body 000010000, weights 2..7 from the right: check digit 5, so 0000100005 is valid and 0000100004 is not
        ImportReport report = imports.importFile(source.id(), jp.tsunagu.importing.TestSources.write(dir, "k.csv", """
                宛名番号,認定日,状態,備考
                0000100004,R06.04.01,1,x
                """, StandardCharsets.UTF_8), "test", "t");
        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.warningCount()).isEqualTo(1);
        assertThat(report.problems()).singleElement().asString().startsWith("k.csv:2:1: 警告: [宛名番号]")
                .contains("チェックデジット");
    }

    private Path file(String name, int from, int to, String note) {
        StringBuilder sb = new StringBuilder("宛名番号,認定日,状態,備考\n");
        for (int i = from; i < to; i++) {
            sb.append(100_000 + i).append(",R06.04.01,1,").append(note).append('\n');
        }
        return TestSources.write(dir, name, sb.toString(), StandardCharsets.UTF_8);
    }
}
