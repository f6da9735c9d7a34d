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
    private final ForeignTables tables;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final StaffAccounts accounts;
    private final Environment environment;

    LoadBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports, StaffAccounts accounts,
            Environment environment) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tables = new ForeignTables(dataSource);
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
        // 100 timed requests of each type: enough for a p99 of one user alone
        int aloneRequests = (int) options.longValue("alone", 100);
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
            BenchCity city = new BenchCity(catalog, imports, tables);
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
            System.out.printf(Locale.ROOT, "  %d of %d users logged in (login %s, %d failed)%n", logins.ok(), users,
                    logins.summary().text(), logins.failed());
            Map<String, Traffic.Stat> single = new LinkedHashMap<>();
            for (String type : List.of(Traffic.SEARCH, Traffic.OVERVIEW, Traffic.DEPARTMENT)) {
                Traffic.Stat alone1 = traffic.alone(usernames.get(0), type, aloneRequests / 3, aloneRequests);
                single.put(type, alone1);
                System.out.printf(Locale.ROOT, "  one user alone, no think time: %-10s %s, %d requests with the "
                        + "warm-up, %d errors%n", type, alone1.summary().text(), alone1.count(), alone1.errors());
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
            // on a background thread, as the inbox's, an upload's and the command line's imports run
            ExecutorService importer = Executors.newSingleThreadExecutor(
                    jp.tsunagu.platform.BackgroundPriority.threads("bench-import", false));
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
            report(day1, users, logins, result, single, importStart.get(), importEnd.get(), alone, loaded,
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
        List<SearchCases.Sample> samples = tables.searchSamples(BenchCity.SEED, 2000);
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
        return tables.persons(BenchCity.SEED + 1, 2000);
    }

    private static void report(GenerationResult city, int users, Traffic.Logins logins, Traffic.Result result,
            Map<String, Traffic.Stat> single, long importStart, long importEnd, Timed alone, Timed loaded,
            double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-22s %9s %7s %9s %12s %9s %14s%n", "requests", "count", "errors", "p50 ms",
                "p99/max ms", "max ms", "alone p50 ms");
        for (String type : result.types()) {
            Traffic.Stat s = result.stat(type, r -> true);
            Traffic.Stat ref = single.get(type);
            row(type, s, ref == null ? Double.NaN : ref.summary().p50());
        }
        Traffic.Stat all = result.stat(null, r -> true);
        Traffic.Stat during = result.stat(null, r -> r.start() >= importStart && r.start() <= importEnd);
        row("all", all, Double.NaN);
        row("all, during the import", during, Double.NaN);
        System.out.printf(Locale.ROOT, "  %.1f requests/s over %.0f s measured%n", all.count() / result.windowSeconds(),
                result.windowSeconds());
        int aloneCount = single.values().stream().mapToInt(Traffic.Stat::count).sum();
        int aloneErrors = single.values().stream().mapToInt(Traffic.Stat::errors).sum();
        System.out.printf(Locale.ROOT, "  requests and errors per phase: logins %d/%d failed, one user alone %d/%d, "
                + "users before the window %d/%d, in the window %d/%d, of those during the imports %d/%d%n",
                logins.failed(), users, aloneErrors, aloneCount, result.warmupErrors(), result.warmupRequests(),
                all.errors(), all.count(), during.errors(), during.count());
        result.errorSamples().forEach(e -> System.out.println("  error: " + e));
        double ratio = loaded.importSeconds() / alone.importSeconds();
        System.out.printf(Locale.ROOT, "  import of 住民記録 (%,d rows): alone %.2f s, under load (median) %.2f s (ratio %.2f); "
                + "person index update alone %.2f s, under load %.2f s%n", alone.report().rowsRead(),
                alone.importSeconds(), loaded.importSeconds(), ratio, alone.indexSeconds(), loaded.indexSeconds());
        Stats.Summary.Tail tail = all.summary().tail();
        boolean met = all.errors() == 0 && tail.value() <= TARGET_P99_MS && loaded.report() != null;
        System.out.println(met ? "  targets met: no errors, " + tail.name() + " <= " + (int) TARGET_P99_MS + " ms"
                : String.format(Locale.ROOT, "  MISSES TARGET: errors %d (target 0), %s %.1f ms (target <= %d)%s",
                        all.errors(), tail.name(), tail.value(), (int) TARGET_P99_MS,
                        loaded.report() == null ? ", the import under load failed" : ""));
        System.out.printf(Locale.ROOT, "  total run time %.0f s%n", seconds);
        System.out.printf(Locale.ROOT, "RESULT users=%d logged_in=%d requests=%d errors=%d %s p50_ms=%.1f residents=%d "
                + "import_s=%.2f import_alone_s=%.2f import_ratio=%.2f import_failed=%d requests_alone=%d errors_alone=%d "
                + "requests_warmup=%d errors_warmup=%d requests_load=%d errors_load=%d requests_import=%d "
                + "errors_import=%d%n", users, logins.ok(), all.count(), all.errors(), all.summary().resultTail(""),
                all.summary().p50(), city.residents(), loaded.importSeconds(), alone.importSeconds(), ratio,
                loaded.report() == null ? 1 : 0, aloneCount, aloneErrors, result.warmupRequests(), result.warmupErrors(),
                all.count(), all.errors(), during.count(), during.errors());
        BenchCheckFailed.check(logins.ok() == users, (users - logins.ok()) + " of " + users + " users could not log in");
        BenchCheckFailed.check(aloneErrors == 0, aloneErrors + " of the " + aloneCount + " requests of one user alone failed");
        BenchCheckFailed.check(result.warmupErrors() == 0 && all.errors() == 0, String.format(Locale.ROOT,
                "requests failed: %d before the window, %d in it (%d during the imports)", result.warmupErrors(),
                all.errors(), during.errors()));
        BenchCheckFailed.check(all.count() > 0, "no request was made in the measured window");
        BenchCheckFailed.check(loaded.report() != null, "the import of 住民記録 under load failed");
    }

    private static void row(String label, Traffic.Stat s, double aloneP50) {
        Stats.Summary summary = s.summary();
        Stats.Summary.Tail tail = summary.tail();
        // the mixed rows have no one-user reference: a dash, not NaN
        String alone = Double.isNaN(aloneP50) ? "-" : String.format(Locale.ROOT, "%.1f", aloneP50);
        System.out.printf(Locale.ROOT, "  %-22s %9d %7d %9.1f %8.1f %-3s %9.1f %14s%n", label, s.count(), s.errors(),
                summary.p50(), tail.value(), tail.name(), summary.max(), alone);
    }
}
