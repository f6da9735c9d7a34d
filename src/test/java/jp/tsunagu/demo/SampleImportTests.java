package jp.tsunagu.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
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

/**
 * Every export of the sample municipality imports under its shipped definition with zero errors and
 * zero warnings, and the next day's registry applies exactly the day's events.
 */
@TsunaguTest
class SampleImportTests {

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @TempDir
    Path dir;

    @Test
    void everySampleSourceImportsWithoutErrorsAndTheNextDayAppliesTheDaysEvents() {
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 1, 20260401L, dir.resolve("day1"));
        GenerationResult day2 = SampleMunicipality.generate(SampleSize.SMALL, 2, 20260401L, dir.resolve("day2"));
        catalog.registerFolder(dir.resolve("day1").resolve("sources"));

        for (GenerationResult.SourceFile file : day1.sources()) {
            ImportReport report = imports.importFile(file.id(), file.file(), "test", "test");
            assertThat(report.errorCount()).as(file.id() + " " + report.problems()).isZero();
            assertThat(report.warningCount()).as(file.id() + " " + report.problems()).isZero();
            assertThat(report.rowsRead()).as(file.id()).isEqualTo(file.rows());
            assertThat(report.status()).as(file.id())
                    .isEqualTo(file.rows() > 0 ? ImportStatus.APPLIED : ImportStatus.UNCHANGED);
            assertThat(report.added()).as(file.id()).isEqualTo(file.rows());
        }

        Map<String, ImportReport> next = day2.sources().stream().collect(Collectors.toMap(
                GenerationResult.SourceFile::id, f -> imports.importFile(f.id(), f.file(), "test", "test")));
        next.forEach((id, report) -> assertThat(report.errorCount()).as(id + " " + report.problems()).isZero());
        ImportReport registry = next.get("jumin-kiroku");
        assertThat(registry.added()).isEqualTo(day2.events().registryAdded()).isPositive();
        assertThat(registry.changed()).isEqualTo(day2.events().registryChanged()).isPositive();
        assertThat(registry.ended()).as("deaths and departures stay as 除票").isEqualTo(day2.events().registryEnded())
                .isZero();
        assertThat(next.values().stream().filter(r -> r.added() + r.changed() + r.ended() > 0).count())
                .as("sources that changed from day 1 to day 2").isGreaterThanOrEqualTo(3);
    }
}
