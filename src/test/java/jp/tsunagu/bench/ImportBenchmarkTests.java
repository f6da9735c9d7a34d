package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code bench import} checks each run after it returned: the planted counts, the run current as
 * another connection sees it, and the source's current records counted in the table.
 */
@TsunaguTest
class ImportBenchmarkTests {

    @Autowired
    ImportBenchmark benchmark;
    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @TempDir
    Path dir;

    private String source(String name) {
        String id = "bench-check-" + name + "-" + Long.toHexString(System.nanoTime());
        catalog.register(id, ImportBenchmark.DEFINITION);
        return id;
    }

    @Test
    void aRunWithTheExpectedRecordsAndCountsPasses() throws Exception {
        int[] planted = ImportBenchmark.write(dir.resolve("day1.csv"), dir.resolve("day2.csv"), 400);
        String id = source("pass");

        ImportReport first = imports.importFile(id, dir.resolve("day1.csv"), "test", "test");
        long records = benchmark.check(id, first, 400, new long[] {400, 0, 0});
        ImportReport next = imports.importFile(id, dir.resolve("day2.csv"), "test", "test");
        long after = benchmark.check(id, next, 400 - planted[1] + planted[2], new long[] {planted[2], planted[0], planted[1]});

        assertThat(records).isEqualTo(400);
        assertThat(after).isEqualTo(400 - planted[1] + planted[2]);
        assertThat(planted).as("changed, ended and added were planted").containsExactly(4, 2, 2);
    }

    @Test
    void aWrongExpectedRecordCountFailsTheRun() throws Exception {
        ImportBenchmark.write(dir.resolve("day1.csv"), dir.resolve("day2.csv"), 300);
        String id = source("rows");
        ImportReport first = imports.importFile(id, dir.resolve("day1.csv"), "test", "test");

        assertThatThrownBy(() -> benchmark.check(id, first, 299, new long[] {300, 0, 0}))
                .isInstanceOf(BenchCheckFailed.class)
                .hasMessageContaining("300 current records after the import, expected 299");
    }

    @Test
    void countsOtherThanThosePlantedFailTheRun() throws Exception {
        ImportBenchmark.write(dir.resolve("day1.csv"), dir.resolve("day2.csv"), 300);
        String id = source("counts");
        ImportReport first = imports.importFile(id, dir.resolve("day1.csv"), "test", "test");

        assertThatThrownBy(() -> benchmark.check(id, first, 300, new long[] {300, 1, 0}))
                .isInstanceOf(BenchCheckFailed.class)
                .hasMessageContaining("expected applied with 300 added, 1 changed, 0 ended");
    }
}
