package jp.tsunagu;

import static org.awaitility.Awaitility.await;

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

    /**
     * How often a test looks whether the background work it waits for is done: each look is a query,
     * and on a machine of two cores looking more often takes the time from the work itself.
     */
    public static final Duration POLL = Duration.ofMillis(200);

    private SampleCity() {
    }

    public static GenerationResult importSmall(SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc,
            Path dir) {
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 1, 20260401L, dir);
        catalog.registerFolder(dir.resolve("sources"));
        day1.sources().forEach(f -> imports.importFile(f.id(), f.file(), "test", "test"));
        long residents = day1.sources().get(0).rows();
        await("the person index holds the " + residents + " residents").pollInterval(POLL)
                .atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.sql("SELECT count(*) FROM person WHERE status = '住民'").query(Long.class).single(),
                        n -> n >= residents);
        awaitListeners(jdbc);
        return day1;
    }

    /**
     * Waits until every module has taken in every applied import (the person index, the programs'
     * involvement): no event publication is left incomplete.
     */
    public static void awaitListeners(JdbcClient jdbc) {
        await("every listener took in every applied import").pollInterval(POLL).atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                        .query(Long.class).single(), n -> n == 0);
    }
}
