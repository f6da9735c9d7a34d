package jp.tsunagu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;

/**
 * The whole sample city for the overview and load benchmarks: day 1 generated at run time, every
 * source imported through the normal intake, the person index waited for and the tables analysed,
 * so that what is measured afterwards runs on a city as a clerk would find it.
 */
final class BenchCity {

    static final long SEED = jp.tsunagu.sample.SampleMunicipality.DEMO_SEED;

    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final ForeignTables tables;

    BenchCity(SourceCatalog catalog, SnapshotImport imports, ForeignTables tables) {
        this.catalog = catalog;
        this.imports = imports;
        this.tables = tables;
    }

    /** Generates day 1 into {@code dir}, imports every source and waits for the person index. */
    GenerationResult load(SampleSize size, Path dir) throws InterruptedException {
        long t0 = System.nanoTime();
        GenerationResult city = SampleMunicipality.generate(size, 1, SEED, dir);
        System.out.printf(Locale.ROOT, "  city of %,d residents, %d sources, %,d rows generated in %.1f s%n",
                city.residents(), city.sources().size(), city.totalRows(), (System.nanoTime() - t0) / 1e9);
        catalog.registerFolder(dir.resolve("sources"));
        long i0 = System.nanoTime();
        // the registry first and its index alone, so that the first index's time is seen on its own
        GenerationResult.SourceFile registry = file(city, "jumin-kiroku");
        importOne(registry);
        indexSeconds = awaitIndex(registry.rows());
        for (GenerationResult.SourceFile file : city.sources()) {
            if (file != registry) {
                importOne(file);
            }
        }
        System.out.printf(Locale.ROOT, "  imported %d sources in %.1f s (the registry's first index included)%n",
                city.sources().size(), (System.nanoTime() - i0) / 1e9);
        awaitIndex(registry.rows());
        long a0 = System.nanoTime();
        tables.analyzeAll();
        System.out.printf(Locale.ROOT, "  ANALYZE in %.1f s%n", (System.nanoTime() - a0) / 1e9);
        return city;
    }

    private void importOne(GenerationResult.SourceFile file) {
        ImportReport report = imports.importFile(file.id(), file.file(), "bench", "bench");
        if (report.errorCount() > 0 || report.status() != ImportStatus.APPLIED
                && report.status() != ImportStatus.UNCHANGED && report.status() != ImportStatus.DUPLICATE) {
            throw new IllegalStateException(file.id() + ": " + report.status() + " " + report.message());
        }
    }

    private double indexSeconds;

    /** Seconds from the registry's import to its first index in place (after {@link #load}). */
    double indexSeconds() {
        return indexSeconds;
    }

    static GenerationResult.SourceFile file(GenerationResult city, String sourceId) {
        return city.sources().stream().filter(f -> f.id().equals(sourceId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sample city has no source " + sourceId));
    }

    /**
     * Waits until the person index holds {@code residents} registered persons and no event is still
     * being handled (the index is filled asynchronously, in one transaction per master import); the
     * seconds waited.
     */
    double awaitIndex(long residents) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(40).toNanos();
        long nextReport = t0 + 5_000_000_000L;
        while (true) {
            long persons = tables.persons();
            long pending = pendingEvents();
            long now = System.nanoTime();
            if (persons >= residents && pending == 0) {
                System.out.printf(Locale.ROOT, "  person index complete: %,d persons after %.1f s%n", persons,
                        (now - t0) / 1e9);
                return (now - t0) / 1e9;
            }
            if (now > deadline) {
                throw new IllegalStateException("the person index was not complete after 40 minutes: " + persons
                        + " persons, " + pending + " events pending");
            }
            if (now >= nextReport) {
                long bytes = tables.personTableBytes();
                System.out.printf(Locale.ROOT,
                        "  waiting for the person index: %.0f s, %,d persons committed, %d event(s) pending, "
                                + "person table and indexes %,d MiB%s%n",
                        (now - t0) / 1e9, persons, pending, bytes >> 20, tables.firstIndexProgress());
                nextReport = now + 5_000_000_000L;
            }
            Thread.sleep(200);
        }
    }

    /** Waits until every event published so far has been handled (e.g. the index after a re-import). */
    void awaitEvents() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (pendingEvents() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("events still pending after 20 minutes");
            }
            Thread.sleep(100);
        }
    }

    /** Events not yet handled; while the pool is exhausted (under load), asks again. */
    long pendingEvents() {
        try {
            return pendingEventsOnce();
        } catch (org.springframework.dao.DataAccessException e) {
            return pendingEventsOnce();
        }
    }

    private long pendingEventsOnce() {
        return tables.pendingEvents();
    }

    /**
     * Waits until the statistics have counted every import so far (統計の更新): after a large city's load the
     * refresh reads the whole registry on one of the machine's two cores (48.5–76.1 s at 4,000,000 residents) and
     * would otherwise run beside the timed queries, which are then measured against it rather than alone.
     *
     * @param settled whether the statistics are current ({@link jp.tsunagu.insights.Insights#settled})
     * @return the seconds waited
     */
    static double awaitStatistics(java.util.function.BooleanSupplier settled) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(20).toNanos();
        while (!settled.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the statistics were not refreshed after 20 minutes");
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static Path tempDir(String name) throws java.io.IOException {
        return Files.createTempDirectory("tsunagu-bench-" + name + "-");
    }

    static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
