package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test fixture: day 1 of the small sample city, every source imported and the person index built. */
public final class SampleCity {

    private SampleCity() {
    }

    public static GenerationResult importSmall(SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc,
            Path dir) {
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 1, 20260401L, dir);
        catalog.registerFolder(dir.resolve("sources"));
        day1.sources().forEach(f -> imports.importFile(f.id(), f.file(), "test", "test"));
        long residents = day1.sources().get(0).rows();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("SELECT count(*) FROM person WHERE status = '住民'").query(Long.class).single() < residents) {
            assertThat(System.nanoTime()).as("person index built within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return day1;
    }
}
