package jp.tsunagu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code bench load [--residents 1000000] [--users 200] [--seconds 60] [--think-ms 10000]
 * [--warmup-seconds 10] [--alone 30] [--count 0] [--timeout-ms 10000]}: the web
 * application as staff use it, on the whole sample city. Each simulated staff member has an account
 * of their own (departments as in the source definitions), logs in through the login form with its
 * CSRF token and keeps one cookie session; then, with exponentially distributed think time between
 * requests, searches ({@code /search?q=…} with names, kana and dates of real persons), opens
 * overviews ({@code /persons/{key}}) and the department list ({@code /department}). For as long as the
 * measured window lasts, 住民記録 snapshots (every resident: the next day's, then day 1's again, and so
 * on) are imported back to back through {@link SnapshotImport} in the same process. Reference, in the
 * same run: the same import with no users.
 *
 * <p>The web server is the real one (Tomcat, the security chain, Thymeleaf), on a free port; the
 * {@code bench load} command's context is the only command context that starts it. Times are taken
 * in the clients ({@link java.net.http.HttpClient}, HTTP/1.1 keep-alive) around each request, body
 * read. An error is any status other than 200, a timeout, a connection failure, the error page or the
 * login page where a screen was asked for.
 */
@Component
class LoadBenchmark implements Benchmark {

    static final double TARGET_P99_MS = 200;
    static final String PASSWORD = "bench-load-Passw0rd";

    private final JdbcTemplate jdbc;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final StaffAccounts accounts;
    private final Environment environment;

    LoadBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports, StaffAccounts accounts,
            Environment environment) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.catalog = catalog;
        this.imports = imports;
        this.accounts = accounts;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int residents = (int) options.longValue("residents", 1_000_000);
        int users = (int) options.longValue("users", 200);
        long seconds = options.longValue("seconds", 60);
        long warmupSeconds = options.longValue("warmup-seconds", Math.min(10, Math.max(2, seconds / 3)));
        // a clerk reads the screen and talks with the resident between clicks: 10 s is a busy counter
        long thinkMillis = options.longValue("think-ms", 10_000);
        long timeoutMillis = options.longValue("timeout-ms", 10_000);
        int aloneRequests = (int) options.longValue("alone", 30);
        // requests per type over which the database's transactions are counted (0: skip, saves 66 s)
        int counted = (int) options.longValue("count", 0);
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("bench load needs the web server: run it as java -jar tsunagu.jar bench load");
        }
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "bench load: %,d residents, %d users, think time exponential with mean %d ms, "
                + "%d s warm-up + %d s measured, web server on port %s%n", residents, users, thinkMillis, warmupSeconds,
                seconds, port);

        Path dir = BenchCity.tempDir("load");
        try {
            BenchCity city = new BenchCity(catalog, imports, jdbc);
            GenerationResult day1 = city.load(new SampleSize(residents), dir.resolve("day-1"));
            long g0 = System.nanoTime();
            GenerationResult day2 = SampleMunicipality.generate(new SampleSize(residents), 2, BenchCity.SEED,
                    dir.resolve("day-2"));
            GenerationResult.SourceFile next = BenchCity.file(day2, "jumin-kiroku");
            GenerationResult.SourceFile back = BenchCity.file(day1, "jumin-kiroku");
            System.out.printf(Locale.ROOT, "  day 2 generated in %.1f s: 住民記録 %,d rows%n", (System.nanoTime() - g0) / 1e9,
                    next.rows());

            // reference: the same import with nobody using the application (after a first pair that
            // warms the re-import path up), each time back to day 1 afterwards
            importAndIndex(city, next, "warm-up");
            importAndIndex(city, back, "back to day 1");
            Timed alone = importAndIndex(city, next, "alone");
            importAndIndex(city, back, "back to day 1");

            List<String> usernames = createStaff(users);
            Traffic traffic = new Traffic(Integer.parseInt(port), timeoutMillis, thinkMillis, BenchCity.SEED,
                    searchTerms(), overviewKeys());
            Traffic.Logins logins = traffic.login(usernames, PASSWORD);
            System.out.printf(Locale.ROOT, "  %d users logged in (login p50 %.0f ms, p99 %.0f ms, %d failed)%n",
                    logins.ok(), logins.p(50), logins.p(99), logins.failed());
            Map<String, double[]> single = new LinkedHashMap<>();
            for (String type : List.of(Traffic.SEARCH, Traffic.OVERVIEW, Traffic.DEPARTMENT)) {
                double[] millis = traffic.alone(usernames.get(0), type, aloneRequests / 3, aloneRequests);
                single.put(type, millis);
                System.out.printf(Locale.ROOT, "  one user alone, no think time: %-10s p50 %6.1f ms, p99 %6.1f ms "
                        + "(%d requests)%n", type, Stats.percentile(millis, 50), Stats.percentile(millis, 99), millis.length);
                if (counted > 0) {
                    double perRequest = transactionsPer(() -> traffic.alone(usernames.get(0), type, 0, counted), counted);
                    System.out.printf(Locale.ROOT, "    about %.0f database transactions per %s request%n", perRequest,
                            type);
                }
            }

            // the users run; after the warm-up the window opens, and the imports start with it
            traffic.start(usernames);
            Thread.sleep(warmupSeconds * 1000);
            long windowStart = traffic.openWindow();
            AtomicLong importStart = new AtomicLong();
            AtomicLong importEnd = new AtomicLong();
            long windowEnd = windowStart + seconds * 1_000_000_000L;
            // snapshot imports of 住民記録 back to back until the window closes: day 2, back to day 1, …
            // (each a full 1M-row file compared with the current snapshot), so that the whole window is
            // measured while an import runs
            List<Timed> importsUnderLoad = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExecutorService importer = Executors.newSingleThreadExecutor();
            Future<Boolean> underLoad = importer.submit(() -> {
                importStart.set(System.nanoTime());
                try {
                    boolean forward = true;
                    do {
                        Timed t = importAndIndex(city, forward ? next : back,
                                forward ? "under load" : "under load, back to day 1");
                        if (forward) {
                            importsUnderLoad.add(t);
                        }
                        forward = !forward;
                    } while (System.nanoTime() < windowEnd);
                    return true;
                } catch (RuntimeException e) {
                    // an import that fails because the application is overloaded is a finding, not a crash
                    System.out.println("  import of 住民記録 under load FAILED: " + e);
                    return false;
                } finally {
                    importEnd.set(System.nanoTime());
                }
            });
            boolean importsOk = underLoad.get(30, TimeUnit.MINUTES);
            Timed loaded = !importsOk || importsUnderLoad.isEmpty() ? new Timed(Double.NaN, Double.NaN, null)
                    : new Timed(Stats.percentile(importsUnderLoad.stream().mapToDouble(Timed::importSeconds).toArray(), 50),
                            Stats.percentile(importsUnderLoad.stream().mapToDouble(Timed::indexSeconds).toArray(), 50),
                            importsUnderLoad.get(0).report());
            System.out.printf(Locale.ROOT, "  %d imports of day 2 (and as many back to day 1) ran under load%n",
                    importsUnderLoad.size());
            importer.shutdown();
            long rest = windowEnd - System.nanoTime();
            if (rest > 0) {
                Thread.sleep(rest / 1_000_000);
            } else {
                System.out.printf(Locale.ROOT, "  the window was extended by %.1f s until the import and its index "
                        + "update had finished%n", -rest / 1e9);
            }
            Traffic.Result result = traffic.stop();
            report(day1, users, result, single, importStart.get(), importEnd.get(), alone, loaded,
                    (System.nanoTime() - start) / 1e9);
            return 0;
        } finally {
            BenchCity.delete(dir);
        }
    }

    /**
     * Committed transactions per request, from {@code pg_stat_database} around {@code count} requests:
     * every statement outside a transaction commits on its own, so this counts round trips. Backends
     * report their counters when idle, at the latest after 10 s, hence the pauses.
     */
    private double transactionsPer(Runnable requests, int count) throws InterruptedException {
        Thread.sleep(11_000);
        long before = commits();
        requests.run();
        Thread.sleep(11_000);
        return (commits() - before - 1) / (double) count;
    }

    private long commits() {
        jdbc.execute("SELECT pg_stat_clear_snapshot()");
        return jdbc.queryForObject("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
                Long.class);
    }

    /** How long an import took, and the person index update that follows it. */
    record Timed(double importSeconds, double indexSeconds, ImportReport report) {
    }

    private Timed importAndIndex(BenchCity city, GenerationResult.SourceFile file, String label)
            throws InterruptedException {
        long t0 = System.nanoTime();
        ImportReport report = imports.importFile(file.id(), file.file(), "bench", "bench");
        long t1 = System.nanoTime();
        if (report.errorCount() > 0 || report.status() != ImportStatus.APPLIED) {
            throw new IllegalStateException(file.id() + " (" + label + "): " + report.status() + " " + report.message());
        }
        city.awaitEvents();
        long t2 = System.nanoTime();
        Timed timed = new Timed((t1 - t0) / 1e9, (t2 - t1) / 1e9, report);
        System.out.printf(Locale.ROOT, "  import of 住民記録 %s: %.2f s (%,d added, %,d changed, %,d ended, %,d unchanged), "
                + "person index updated %.2f s later%n", label, timed.importSeconds(), report.added(), report.changed(),
                report.ended(), report.unchanged(), timed.indexSeconds());
        return timed;
    }

    /** {@code users} caseworkers, spread over the departments that own the city's sources. */
    private List<String> createStaff(int users) throws Exception {
        long t0 = System.nanoTime();
        Map<String, SourceDefinition.Department> departments = new LinkedHashMap<>();
        catalog.all().stream().sorted(java.util.Comparator.comparing(SourceDefinition::id))
                .forEach(s -> departments.putIfAbsent(s.department().id(), s.department()));
        for (SourceDefinition.Department d : departments.values()) {
            accounts.saveDepartment(d.id(), d.name(), d.contact());
        }
        List<String> ids = new ArrayList<>(departments.keySet());
        List<String> usernames = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            usernames.add(String.format(Locale.ROOT, "bench-user-%03d", i + 1));
        }
        // password hashing is slow on purpose: two threads
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String username = usernames.get(i);
                String department = ids.get(i % ids.size());
                futures.add(pool.submit(() -> accounts.save(username, "職員 " + username.substring(11), PASSWORD,
                        Role.CASEWORKER, department)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "  %d staff accounts in %d departments created in %.1f s%n", users, ids.size(),
                (System.nanoTime() - t0) / 1e9);
        return usernames;
    }

    /** What staff type into the search box: names, kana and birth dates of persons of the city. */
    private List<String> searchTerms() {
        List<SearchCases.Sample> samples = SearchCases.samples(jdbc, BenchCity.SEED, 2000);
        Map<String, List<SearchCases.Case>> cases = SearchCases.build(samples, 200, BenchCity.SEED);
        List<String> terms = new ArrayList<>();
        for (String kind : List.of("kana-prefix", "kanji-2char", "given1-year", "date-wareki", "date-era-letter",
                "date-slashed", "date-iso", "key")) {
            cases.getOrDefault(kind, List.of()).forEach(c -> terms.add(c.text()));
        }
        // whole names as written, the most common thing typed at a counter
        samples.stream().limit(400).forEach(s -> terms.add(s.name()));
        java.util.Collections.shuffle(terms, new java.util.Random(BenchCity.SEED));
        return terms;
    }

    /** Persons whose overviews are opened when no search result is at hand. */
    private List<String> overviewKeys() {
        return jdbc.queryForList("SELECT person_key FROM person ORDER BY md5(person_key || ?) LIMIT 2000",
                String.class, String.valueOf(BenchCity.SEED + 1));
    }

    private static void report(GenerationResult city, int users, Traffic.Result result, Map<String, double[]> single,
            long importStart,
            long importEnd, Timed alone, Timed loaded, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-22s %9s %7s %9s %9s %9s %14s%n", "requests", "count", "errors", "p50 ms",
                "p99 ms", "max ms", "alone p50 ms");
        for (String type : result.types()) {
            Traffic.Stat s = result.stat(type, r -> true);
            double[] ref = single.get(type);
            System.out.printf(Locale.ROOT, "  %-22s %9d %7d %9.1f %9.1f %9.1f %14.1f%n", type, s.count(), s.errors(),
                    s.p(50), s.p(99), s.max(), ref == null ? Double.NaN : Stats.percentile(ref, 50));
        }
        Traffic.Stat all = result.stat(null, r -> true);
        Traffic.Stat during = result.stat(null, r -> r.start() >= importStart && r.start() <= importEnd);
        System.out.printf(Locale.ROOT, "  %-22s %9d %7d %9.1f %9.1f %9.1f%n", "all", all.count(), all.errors(), all.p(50),
                all.p(99), all.max());
        System.out.printf(Locale.ROOT, "  %-22s %9d %7d %9.1f %9.1f %9.1f%n", "all, during the import", during.count(),
                during.errors(), during.p(50), during.p(99), during.max());
        System.out.printf(Locale.ROOT, "  %.1f requests/s over %.0f s measured%n", all.count() / result.windowSeconds(),
                result.windowSeconds());
        result.errorSamples().forEach(e -> System.out.println("  error: " + e));
        double ratio = loaded.importSeconds() / alone.importSeconds();
        System.out.printf(Locale.ROOT, "  import of 住民記録 (%,d rows): alone %.2f s, under load (median) %.2f s (ratio %.2f); "
                + "person index update alone %.2f s, under load %.2f s%n", alone.report().rowsRead(),
                alone.importSeconds(), loaded.importSeconds(), ratio, alone.indexSeconds(), loaded.indexSeconds());
        boolean met = all.errors() == 0 && all.p(99) <= TARGET_P99_MS && loaded.report() != null;
        System.out.println(met ? "  targets met: no errors, p99 <= " + (int) TARGET_P99_MS + " ms"
                : String.format(Locale.ROOT, "  MISSES TARGET: errors %d (target 0), p99 %.1f ms (target <= %d)%s",
                        all.errors(), all.p(99), (int) TARGET_P99_MS,
                        loaded.report() == null ? ", the import under load failed" : ""));
        System.out.printf(Locale.ROOT, "  total run time %.0f s%n", seconds);
        System.out.printf(Locale.ROOT, "RESULT users=%d requests=%d errors=%d p99_ms=%.1f p50_ms=%.1f residents=%d "
                + "import_s=%.2f import_alone_s=%.2f import_ratio=%.2f import_failed=%d%n", users, all.count(), all.errors(), all.p(99),
                all.p(50), city.residents(), loaded.importSeconds(), alone.importSeconds(), ratio,
                loaded.report() == null ? 1 : 0);
    }
}
