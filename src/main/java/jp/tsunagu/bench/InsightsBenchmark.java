package jp.tsunagu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.insights.Insights;
import jp.tsunagu.insights.InsightsProperties;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.springframework.stereotype.Component;

/**
 * {@code bench insights [--residents 1000000] [--clients 8] [--requests 100] [--runs 3] [--trace]}: the
 * statistics on the whole sample city, on the benchmark's own throwaway database. With {@code --trace}, each
 * phase of requests also prints its 20 slowest requests (client, number, filters, start, time and the garbage
 * collector's pauses within it), each client's first two requests and every collector pause of the phase.
 *
 * <ol>
 * <li>the city's day 1 (every source imported; the figures counted by the imports' own events);</li>
 * <li>day 2 of every source imported (the import's own time taken), then the time until the figures hold it
 *     (the refresh the imports asked for, coalesced, from the last import's commit);</li>
 * <li>the whole refresh again {@code --runs} times ({@link Insights#refresh}: cube, flows, freshness, multi-need
 *     households, committed), against the reference measured in the same run: the coverage count alone as a
 *     clerk would type it (one SQL count over the person index and the involvement);</li>
 * <li>{@code --clients} staff members at once, each making {@code --requests} dashboard requests (every
 *     figure of the dashboard — coverage by every dimension, overlaps, trends, freshness, the map — for a
 *     random month, age band and 町丁目 of the city, or none), then as many month-by-month requests; each
 *     timed around the call. In process, without HTTP and HTML (the {@code bench load} harness covers the
 *     web server).</li>
 * </ol>
 */
@Component
class InsightsBenchmark implements Benchmark {

    static final double TARGET_REFRESH_S = 30;
    static final double TARGET_DASHBOARD_P99_MS = 200;

    private final ForeignTables tables;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final StaffAccounts accounts;
    private final Insights insights;
    private final InsightsProperties properties;

    InsightsBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports, StaffAccounts accounts,
            Insights insights, InsightsProperties properties) {
        this.tables = new ForeignTables(dataSource);
        this.catalog = catalog;
        this.imports = imports;
        this.accounts = accounts;
        this.insights = insights;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "insights";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int residents = (int) options.longValue("residents", 1_000_000);
        int clients = (int) options.longValue("clients", 8);
        int requests = (int) options.longValue("requests", 100);
        int runs = (int) options.longValue("runs", 3);
        boolean trace = options.values().containsKey("trace");
        System.out.printf(Locale.ROOT, "bench insights: %,d residents, %d clients × %d dashboard and %d monthly requests,"
                + " %d refresh runs%n", residents, clients, requests, requests, runs);
        accounts.saveDepartment("kikaku", "福祉総務課", "内線 2000");
        List<String> users = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String user = "bench-insights-" + c;
            accounts.save(user, "性能 測定" + c, "bench-" + UUID.randomUUID(), Role.CASEWORKER, "kikaku");
            users.add(user);
        }
        Path dir = BenchCity.tempDir("insights");
        BenchCity city = new BenchCity(catalog, imports, tables);
        try {
            GenerationResult day1 = city.load(new SampleSize(residents), dir);
            city.awaitEvents();
            awaitFigures();
            String[] welfare = tables.programSources().stream().filter(s -> !properties.notWelfare().contains(s))
                    .toArray(String[]::new);

            // day 2 of every source, then the figures
            GenerationResult day2 = SampleMunicipality.generate(new SampleSize(residents), 2, BenchCity.SEED,
                    dir.resolve("day2"));
            long i0 = System.nanoTime();
            for (GenerationResult.SourceFile file : day2.sources()) {
                ImportReport report = imports.importFile(file.id(), file.file(), "bench", "bench");
                // a source whose day 2 is the same file as day 1 (住登外 changes rarely) is a duplicate, not a failure
                BenchCheckFailed.check(report.errorCount() == 0 && (report.status() == ImportStatus.APPLIED
                        || report.status() == ImportStatus.UNCHANGED || report.status() == ImportStatus.DUPLICATE),
                        file.id() + ": " + report.status());
            }
            double importS = (System.nanoTime() - i0) / 1e9;
            long s0 = System.nanoTime();
            city.awaitEvents();
            awaitFigures();
            double settleS = (System.nanoTime() - s0) / 1e9;
            System.out.printf(Locale.ROOT, "  day 2 of %d sources imported in %.1f s; figures current %.1f s after the"
                    + " last import%n", day2.sources().size(), importS, settleS);

            double[] refreshS = new double[runs];
            double[] referenceS = new double[runs];
            Insights.Refreshed last = null;
            long reference = 0;
            for (int i = 0; i < runs; i++) {
                long r0 = System.nanoTime();
                reference = tables.covered(welfare);
                referenceS[i] = (System.nanoTime() - r0) / 1e9;
                last = insights.refresh();
                refreshS[i] = last.millis() / 1e3;
                System.out.printf(Locale.ROOT, "  refresh run %d: %.2f s (%,d residents, %,d covered), reference count"
                        + " %.2f s%n", i + 1, refreshS[i], last.residents(), last.covered(), referenceS[i]);
            }
            BenchCheckFailed.check(last.covered() == reference, "the figures count " + last.covered()
                    + " covered residents, the reference " + reference);
            BenchCheckFailed.check(last.residents() == tables.residents(), "the figures count " + last.residents()
                    + " residents, the person index " + tables.residents());

            List<String> towns = insights.towns();
            Stats.Summary dashboard = requests("dashboard", users, requests, trace, (user, random) -> {
                String month = random.nextInt(3) == 0 ? null : month();
                Integer age = random.nextInt(2) == 0 ? null : random.nextInt(10);
                String town = random.nextInt(2) == 0 ? null : towns.get(random.nextInt(towns.size()));
                Insights.Summary s = insights.dashboard(user, month, age, town);
                BenchCheckFailed.check(s.rows() > 0 && s.suppressed(), "a dashboard answered " + s);
                return "month=" + month + " age=" + age + " town=" + town;
            });
            Insights.Summary whole = insights.dashboard(users.get(0), null, null, null);
            BenchCheckFailed.check(whole.covered() != null && whole.covered() == reference,
                    "the dashboard shows " + whole.covered() + " covered, the reference counts " + reference);
            Stats.Summary monthly = requests("monthly", users, requests, trace, (user, random) -> {
                Integer age = random.nextInt(2) == 0 ? null : random.nextInt(10);
                String town = random.nextInt(2) == 0 ? null : towns.get(random.nextInt(towns.size()));
                List<Long> months = insights.monthly(user, age, town);
                BenchCheckFailed.check(!months.isEmpty(), "a month-by-month request answered no month");
                return "age=" + age + " town=" + town;
            });
            System.out.printf(Locale.ROOT, "  dashboard: %s%n  monthly: %s%n", dashboard.text(), monthly.text());
            double refreshMedian = Stats.median(refreshS);
            double p99 = dashboard.percentile(99);
            System.out.printf(Locale.ROOT, "  targets: refresh ≤ %.0f s %s, dashboard p99 ≤ %.0f ms %s%n", TARGET_REFRESH_S,
                    refreshMedian <= TARGET_REFRESH_S ? "met" : "MISSED", TARGET_DASHBOARD_P99_MS,
                    p99 <= TARGET_DASHBOARD_P99_MS ? "met" : "MISSED");
            System.out.printf(Locale.ROOT, "RESULT residents=%d refresh_s=%.2f dashboard_p99_ms=%.1f monthly_p99_ms=%.1f"
                    + " dashboard_p50_ms=%.1f monthly_p50_ms=%.1f settle_s=%.2f import_day2_s=%.1f reference_s=%.2f"
                    + " refresh_ratio=%.1f covered=%d requests=%d%n", day1.residents(), refreshMedian, p99,
                    monthly.percentile(99), dashboard.percentile(50), monthly.percentile(50), settleS, importS,
                    Stats.median(referenceS), refreshMedian / Math.max(1e-9, Stats.median(referenceS)), last.covered(),
                    dashboard.n());
        } finally {
            BenchCity.delete(dir);
        }
        return 0;
    }

    /** One request as one client makes it; says what it asked (its filters), for {@code --trace}. */
    interface Request {
        String make(String user, SplittableRandom random) throws Exception;
    }

    /** One timed request: client, its number in the client's series, what it asked, start (ms from the phase's start), ms. */
    private record Sample(int client, int index, String asked, double startMs, double millis) {
    }

    private static Stats.Summary requests(String phase, List<String> users, int perClient, boolean trace,
            Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        GcPauses gc = trace ? GcPauses.start() : null;
        long phase0 = System.nanoTime();
        try {
            List<Future<List<Sample>>> futures = new ArrayList<>();
            for (int c = 0; c < users.size(); c++) {
                String user = users.get(c);
                int client = c;
                SplittableRandom random = new SplittableRandom(18_000 + c);
                futures.add(pool.submit(() -> {
                    List<Sample> samples = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        long t0 = System.nanoTime();
                        String asked = request.make(user, random);
                        long t1 = System.nanoTime();
                        samples.add(new Sample(client, i, asked, (t0 - phase0) / 1e6, (t1 - t0) / 1e6));
                    }
                    return samples;
                }));
            }
            List<Sample> all = new ArrayList<>();
            for (Future<List<Sample>> f : futures) {
                all.addAll(f.get());
            }
            if (trace) {
                trace(phase, all, gc.stop(), phase0);
            }
            return Stats.of(all.stream().mapToDouble(Sample::millis).toArray());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code --trace}: the slowest requests of a phase (client, number, filters, start, time, and the
     * collector's pauses while it ran), each client's first request, and the collector's pauses of the phase.
     */
    private static void trace(String phase, List<Sample> all, List<GcPauses.Pause> pauses, long phase0) {
        System.out.printf(Locale.ROOT, "  trace %s: %d GC pauses, %.1f ms in all, longest %.1f ms%n", phase,
                pauses.size(), pauses.stream().mapToDouble(GcPauses.Pause::millis).sum(),
                pauses.stream().mapToDouble(GcPauses.Pause::millis).max().orElse(0));
        for (GcPauses.Pause p : pauses) {
            System.out.printf(Locale.ROOT, "    gc at %8.1f ms: %.1f ms (%s, %s)%n", (p.startNanos() - phase0) / 1e6,
                    p.millis(), p.name(), p.cause());
        }
        List<Sample> slowest = all.stream().sorted((a, b) -> Double.compare(b.millis(), a.millis())).limit(20).toList();
        System.out.printf(Locale.ROOT, "  trace %s: the 20 slowest requests%n", phase);
        for (Sample s : slowest) {
            traceLine(s, pauses, phase0);
        }
        System.out.printf(Locale.ROOT, "  trace %s: each client's first two requests%n", phase);
        all.stream().filter(s -> s.index() < 2).forEach(s -> traceLine(s, pauses, phase0));
    }

    private static void traceLine(Sample s, List<GcPauses.Pause> pauses, long phase0) {
        double gcMs = pauses.stream().mapToDouble(p -> p.overlapMillis(phase0, s.startMs(), s.millis())).sum();
        System.out.printf(Locale.ROOT, "    client %d #%3d at %8.1f ms: %7.1f ms (gc %5.1f ms) %s%n", s.client(),
                s.index(), s.startMs(), s.millis(), gcMs, s.asked());
    }

    private static String month() {
        return java.time.LocalDate.now(jp.tsunagu.platform.TokyoTime.ZONE).toString().substring(0, 7);
    }

    private void awaitFigures() throws InterruptedException {
        BenchCity.awaitStatistics(insights::settled);
    }
}
