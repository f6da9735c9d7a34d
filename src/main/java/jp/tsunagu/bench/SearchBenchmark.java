package jp.tsunagu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.resident.PersonSearch;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code bench search [--residents 1000000] [--clients 32] [--iterations 100 | --seconds N] [--trgm-seconds 60]
 * [--trgm-min 20]}: the latency of the one
 * search box ({@link PersonSearch#search}) per query class at a large city's size, with one client
 * and with {@code --clients} concurrent clients, against the same queries on a plain pg_trgm index
 * in the same run.
 *
 * <p>Times are taken in this JVM around each {@code search(q, Filters.NONE, 50)} call: the SQL round
 * trip, the row mapping and (with more clients than the search pool's connections, by default
 * twice the processors) the wait for a connection; no HTTP, no access check, no audit.
 */
@Component
class SearchBenchmark implements Benchmark {

    static final double TARGET_P99_MS = 10;
    static final double TARGET_CONCURRENT_P99_MS = 50;
    private static final long SEED = jp.tsunagu.sample.SampleMunicipality.DEMO_SEED;
    private static final int LIMIT = 50;

    /**
     * A query is kept only when its plain translation matches at most this many persons, its own
     * among them: half a page, so that a right search has its person on the first page (of
     * {@value #LIMIT}) even where its near readings, 異体字 and previous names find a few more.
     */
    static final int MAX_MATCHES = 25;

    /**
     * Persons sampled for each query a class needs: a sample whose texts all match too many persons is
     * skipped. At 4,000,000 residents four were not enough for the kana prefixes (288 of 300 from 1,200
     * samples: a whole reading and the birth year still match more than 25 persons for common names).
     */
    static final int SAMPLES_PER_QUERY = 6;

    /**
     * A birth date is matched exactly (no near readings, no 異体字): its matches are all the persons born
     * that day, so a date query keeps its person on the first page up to a full page of them. At
     * 1,000,000 residents a day has about 30 of them — most dates would fail half a page.
     */
    static int maxMatches(String kind) {
        return kind.startsWith("date-") ? LIMIT : MAX_MATCHES;
    }

    private final ForeignTables tables;
    private final JdbcTemplate jdbc;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final PersonSearch search;
    private final jp.tsunagu.insights.Insights insights;

    SearchBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports, PersonSearch search,
            jp.tsunagu.insights.Insights insights) {
        this.insights = insights;
        this.tables = new ForeignTables(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
        this.catalog = catalog;
        this.imports = imports;
        this.search = search;
    }

    @Override
    public String name() {
        return "search";
    }

    /** Latencies in milliseconds, the hits of the queries, and how many found their person. */
    record Run(double[] millis, int hits, int found, int queries, double wallSeconds, List<String> missed) {

        Stats.Summary summary() {
            return Stats.of(millis);
        }

        double foundShare() {
            return queries == 0 ? 0 : (double) found / queries;
        }
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int clients = (int) options.longValue("clients", 32);
        try (HeapWatcher heap = new HeapWatcher(); ClientThreads threads = new ClientThreads(clients)) {
            return run(options, heap, clients, threads.pool());
        }
    }

    /** The clients' threads, started once: the same threads in the warm-up and in every concurrent phase. */
    private record ClientThreads(ExecutorService pool) implements AutoCloseable {

        ClientThreads(int clients) {
            this(Executors.newFixedThreadPool(clients));
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private int run(BenchOptions options, HeapWatcher heap, int clients, ExecutorService clientPool)
            throws Exception {
        int residents = (int) options.longValue("residents", 1_000_000);
        long seconds = options.longValue("seconds", 0);
        int iterations = (int) options.longValue("iterations", ITERATIONS);
        int timed = Math.max(200, (int) options.longValue("queries", 200));
        int warmup = (int) options.longValue("warmup", 100);
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "bench search: %,d residents, %d timed queries per class after %d warm-up, "
                + "%d concurrent clients %s%n", residents, timed, warmup, clients,
                seconds > 0 ? "for " + seconds + " s per class" : "x " + iterations + " queries each per class");

        long indexed = tables.persons();
        if (options.values().containsKey("reuse") && indexed >= residents) {
            // a database given by URL that already holds the city (from an earlier run): measure it as it is
            System.out.printf(Locale.ROOT, "  --reuse: the database already holds %,d persons; nothing loaded%n", indexed);
            tables.analyzePersons();
        } else {
            Path dir = BenchCity.tempDir("search");
            try {
                load(new SampleSize(residents), dir);
            } finally {
                BenchCity.delete(dir);
            }
        }

        long persons = tables.persons();
        long dbMiB = tables.databaseMiB();
        System.out.printf(Locale.ROOT, "  database %,d MiB after the load%n", dbMiB);
        System.out.printf(Locale.ROOT, "  statistics refreshed: waited %.1f s, so that no query is timed beside it%n",
                BenchCity.awaitStatistics(insights::settled));
        long c0 = System.nanoTime();
        Map<String, List<SearchCases.Case>> cases;
        try (ForeignTables.CaseCounts counts = tables.caseCounts()) {
            cases = SearchCases.build(tables.searchSamples(SEED, (warmup + timed) * SAMPLES_PER_QUERY),
                    warmup + timed, SEED, (kind, c) -> counts.plainlyFindable(c, maxMatches(kind)));
        }
        for (var entry : cases.entrySet()) {
            BenchCheckFailed.check(entry.getValue().size() >= warmup + timed, String.format(Locale.ROOT,
                    "%s: only %d queries whose person a right search must find (%d needed)", entry.getKey(),
                    entry.getValue().size(), warmup + timed));
        }
        System.out.printf(Locale.ROOT, "  %,d persons in the index; queries from %d sampled persons per class, each "
                + "matching its person and at most %d persons plainly (dates %d) (%.1f s to choose), e.g. %s%n", persons,
                warmup + timed, MAX_MATCHES, LIMIT, (System.nanoTime() - c0) / 1e9, examples(cases, warmup));

        // 0. the JIT: the search's code compiled before any clock runs, as in a server that has been up a while
        warmUp(clientPool, "of the warm-up ones", cases, list -> list.subList(0, warmup), clients, iterations,
                MAX_WARMUP_ROUNDS);

        // 1. one client
        Map<String, Run> single = new LinkedHashMap<>();
        for (var entry : cases.entrySet()) {
            List<SearchCases.Case> list = entry.getValue();
            for (SearchCases.Case c : list.subList(0, warmup)) {
                search.search(c.text(), PersonSearch.Filters.NONE, LIMIT);
            }
            Run run = measure(list.subList(warmup, list.size()));
            single.put(entry.getKey(), run);
            System.out.printf(Locale.ROOT, "  1 client,  %-15s %s, %.1f hits each, found %.1f%%%n", entry.getKey(),
                    run.summary().text(), (double) run.hits() / run.queries(), 100 * run.foundShare());
            System.out.printf(Locale.ROOT, "             slowest: %s%n", slowest(list.subList(warmup, list.size()), run, 3));
        }

        // 2. concurrent clients; first, untimed, the timed queries with the clients until the JIT is quiet: each has
        // run once, with one client and on one connection, and the branches they take that the warm-up's did not
        // (a deoptimised method compiled again for 160 ms in the middle of a half-second phase, session 31) and their
        // statements' plans on the pool's other connections are a server's that has been up a while
        if (warmup > 0) {
            warmUp(clientPool, "of the timed ones", cases, list -> list.subList(warmup, list.size()), clients,
                    iterations, MAX_TIMED_WARMUP_ROUNDS);
        }
        Map<String, Run> concurrent = new LinkedHashMap<>();
        for (var entry : cases.entrySet()) {
            List<SearchCases.Case> list = entry.getValue().subList(warmup, entry.getValue().size());
            // what else held the clients: the collector's pauses and this JVM's own CPU time during the phase
            GcPauses gc = GcPauses.start();
            long cpu0 = processCpuNanos();
            long jit0 = compilationMillis();
            List<Timed> each = new ArrayList<>();
            Run run = concurrent(clientPool, list, clients, iterations, seconds, each);
            long cpu = processCpuNanos() - cpu0;
            long jit = compilationMillis() - jit0;
            List<GcPauses.Pause> pauses = gc.stop();
            concurrent.put(entry.getKey(), run);
            System.out.printf(Locale.ROOT, "  %d clients, %-15s %s, %.0f/s, found %.1f%%%n", clients, entry.getKey(),
                    run.summary().text(), run.queries() / run.wallSeconds(), 100 * run.foundShare());
            System.out.printf(Locale.ROOT, "             JVM CPU %.2f ms a query, JIT compiling %d ms; GC %d pauses, "
                    + "%.1f ms in all, longest %.1f ms%n", cpu / 1e6 / run.queries(), jit, pauses.size(),
                    pauses.stream().mapToDouble(GcPauses.Pause::millis).sum(),
                    pauses.stream().mapToDouble(GcPauses.Pause::millis).max().orElse(0));
            System.out.printf(Locale.ROOT, "             slowest: %s%n", slowest(list, each, 5));
            System.out.printf(Locale.ROOT, "             %s%n", startAndAfter(each, PHASE_START_MILLIS));
        }

        // 3. the reference: a plain pg_trgm index on the same table, the same queries translated plainly
        double built = tables.createTrigramIndex();
        String ctype = jdbc.queryForObject("SELECT datctype FROM pg_database WHERE datname = current_database()",
                String.class);
        String trigrams = jdbc.queryForObject("SELECT show_trgm('入間川 ヤマザキ')::text", String.class);
        System.out.printf(Locale.ROOT, "  pg_trgm index on %s built in %.1f s (lc_ctype %s; show_trgm('入間川 ヤマザキ') = %s)%n",
                SearchCases.HAY, built, ctype, trigrams);
        int trgmWarmup = Math.min(warmup, 20);
        // a slow reference class stops after this many seconds, having measured at least trgm-min queries: below
        // 100 queries its tail is a max
        long trgmBudget = options.longValue("trgm-seconds", 60) * 1_000_000_000L;
        int trgmMin = (int) Math.max(1, options.longValue("trgm-min", 20));
        Map<String, Run> trgm = new LinkedHashMap<>();
        for (var entry : cases.entrySet()) {
            List<SearchCases.Case> list = entry.getValue();
            long warming = System.nanoTime();
            for (SearchCases.Case c : list.subList(warmup - trgmWarmup, warmup)) {
                reference(c);
                if (System.nanoTime() - warming >= trgmBudget) {
                    // a slow class warms up within its budget too (at 4,000,000, 20 queries of 7 s each)
                    break;
                }
            }
            Run run = sequential(list.subList(warmup, list.size()), this::reference, trgmBudget, trgmMin);
            trgm.put(entry.getKey(), run);
            System.out.printf(Locale.ROOT, "  pg_trgm,   %-15s %s, %.1f hits each, found %.1f%%%n", entry.getKey(),
                    run.summary().text(), (double) run.hits() / run.queries(), 100 * run.foundShare());
        }
        tables.dropTrigramIndex();

        report(residents, persons, clients, single, concurrent, trgm, (System.nanoTime() - start) / 1e9,
                String.format(Locale.ROOT, "index_s=%.1f db_mib=%d heap_peak_mib=%d", indexSeconds, dbMiB,
                        heap.peakMiB()));
        checkFound("1 client", single);
        checkFound(clients + " clients", concurrent);
        checkFound("pg_trgm", trgm);
        return 0;
    }

    /** The {@code n} slowest queries of a run, slowest first: what the tail of a class is made of. */
    static String slowest(List<SearchCases.Case> cases, Run run, int n) {
        return slowest(cases, java.util.stream.IntStream.range(0, run.queries())
                .mapToObj(i -> new Timed(i, Double.NaN, run.millis()[i])).toList(), n);
    }

    /** Each query once through the search box, one after the other, timed. */
    Run measure(List<SearchCases.Case> cases) {
        return sequential(cases, this::tsunagu, Long.MAX_VALUE, cases.size());
    }

    /** Fails when a query of any class did not find the person it was made from. */
    static void checkFound(String label, Map<String, Run> runs) {
        List<String> failed = new ArrayList<>();
        runs.forEach((name, run) -> {
            if (run.found() < run.queries()) {
                failed.add(String.format(Locale.ROOT, "%s %d of %d (e.g. %s)", name, run.queries() - run.found(),
                        run.queries(), String.join(", ", run.missed())));
            }
        });
        BenchCheckFailed.check(failed.isEmpty(), label + ": queries that did not find their person: "
                + String.join("; ", failed));
    }

    /** Seconds from the registry's import to its first index in place; 0 when the city was reused. */
    private double indexSeconds;

    /** Generates the city, imports its resident registry and 住登外 list, and waits for the person index. */
    private void load(SampleSize size, Path dir) throws Exception {
        long t0 = System.nanoTime();
        GenerationResult city = SampleMunicipality.generate(size, 1, SEED, dir);
        System.out.printf(Locale.ROOT, "  city of %,d residents generated in %.1f s%n", city.residents(),
                (System.nanoTime() - t0) / 1e9);
        catalog.registerFolder(dir.resolve("sources"));
        List<GenerationResult.SourceFile> masters = city.sources().stream()
                .filter(f -> f.id().equals("jumin-kiroku") || f.id().equals("jutogai")).toList();
        long expected = 0;
        BenchCity index = new BenchCity(catalog, imports, tables);
        for (GenerationResult.SourceFile file : masters) {
            long i0 = System.nanoTime();
            ImportReport report = imports.importFile(file.id(), file.file(), "bench", "bench");
            if (report.errorCount() > 0 || report.status() != ImportStatus.APPLIED) {
                throw new IllegalStateException(file.id() + ": " + report.status() + " " + report.message());
            }
            System.out.printf(Locale.ROOT, "  imported %s (%,d rows) in %.1f s%n", file.id(), file.rows(),
                    (System.nanoTime() - i0) / 1e9);
            // the index of one master at a time, so that its time is seen on its own
            expected += file.id().equals("jumin-kiroku") ? file.rows() : 0;
            double waited = index.awaitIndex(expected);
            if (file.id().equals("jumin-kiroku")) {
                indexSeconds = waited;
            }
        }
        long a0 = System.nanoTime();
        tables.analyzePersons();
        System.out.printf(Locale.ROOT, "  ANALYZE in %.1f s%n", (System.nanoTime() - a0) / 1e9);
    }

    /** Hits of one query, and whether the person it was made from is among them. */
    private record Hits(int count, boolean found) {
    }

    private Hits tsunagu(SearchCases.Case c) {
        List<PersonSearch.Hit> hits = search.search(c.text(), PersonSearch.Filters.NONE, LIMIT);
        return new Hits(hits.size(), hits.stream().anyMatch(h -> h.personKey().equals(c.personKey())));
    }

    private Hits reference(SearchCases.Case c) {
        List<String> keys = tables.trigramSearch(c, LIMIT);
        return new Hits(keys.size(), keys.contains(c.personKey()));
    }

    /** Each query once, one after the other; stops early (after at least {@code min} queries) after {@code budget} ns. */
    private static Run sequential(List<SearchCases.Case> cases, java.util.function.Function<SearchCases.Case, Hits> query,
            long budget, int min) {
        double[] millis = new double[cases.size()];
        int hits = 0;
        int found = 0;
        List<String> missed = new ArrayList<>();
        long start = System.nanoTime();
        int i = 0;
        for (; i < cases.size() && (i < min || System.nanoTime() - start < budget); i++) {
            long t0 = System.nanoTime();
            Hits h = query.apply(cases.get(i));
            millis[i] = (System.nanoTime() - t0) / 1e6;
            hits += h.count();
            found += h.found() ? 1 : 0;
            if (!h.found() && missed.size() < 3) {
                missed.add("「" + cases.get(i).text() + "」 for " + cases.get(i).personKey());
            }
        }
        return new Run(java.util.Arrays.copyOf(millis, i), hits, found, i, (System.nanoTime() - start) / 1e9, missed);
    }

    /** A query of a concurrent phase: which case, when it started after the phase's start (ms), how long it took. */
    record Timed(int index, double atMillis, double millis) {
    }

    /**
     * {@code clients} threads of {@code pool} (the run's client threads, the same in every phase) start together;
     * each goes round the class's queries from its own starting point, {@code iterations} queries (or for
     * {@code seconds} when given). Every query's case, start and time are added to {@code each} (the phase's
     * slowest queries, and whether they came together); the warm-up's too, so that the clients' code takes the
     * same path in the warm-up as in the timed phases.
     */
    private Run concurrent(ExecutorService pool, List<SearchCases.Case> cases, int clients, int iterations,
            long seconds, List<Timed> each) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Future<Run>> futures = new ArrayList<>();
        List<List<Timed>> perClient = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int first = client * cases.size() / clients;
            List<Timed> mine = new ArrayList<>();
            perClient.add(mine);
            futures.add(pool.submit(() -> {
                go.await();
                long until = System.nanoTime() + seconds * 1_000_000_000L;
                double[] millis = new double[seconds > 0 ? 1024 : iterations];
                int n = 0;
                int hits = 0;
                int found = 0;
                List<String> missed = new ArrayList<>();
                while (seconds > 0 ? System.nanoTime() < until || n == 0 : n < iterations) {
                    int index = (first + n) % cases.size();
                    SearchCases.Case c = cases.get(index);
                    long t0 = System.nanoTime();
                    Hits h = tsunagu(c);
                    if (n == millis.length) {
                        millis = java.util.Arrays.copyOf(millis, n * 2);
                    }
                    millis[n] = (System.nanoTime() - t0) / 1e6;
                    mine.add(new Timed(index, (t0 - start[0]) / 1e6, millis[n]));
                    n++;
                    hits += h.count();
                    found += h.found() ? 1 : 0;
                    if (!h.found() && missed.size() < 3) {
                        missed.add("「" + c.text() + "」 for " + c.personKey());
                    }
                }
                return new Run(java.util.Arrays.copyOf(millis, n), hits, found, n, 0, missed);
            }));
        }
        start[0] = System.nanoTime();
        go.countDown();
        List<Run> all = new ArrayList<>();
        for (Future<Run> f : futures) {
            all.add(f.get());
        }
        double wall = (System.nanoTime() - start[0]) / 1e9;
        perClient.forEach(each::addAll);
        double[] millis = all.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.millis())).toArray();
        return new Run(millis, all.stream().mapToInt(Run::hits).sum(), all.stream().mapToInt(Run::found).sum(),
                millis.length, wall, all.stream().flatMap(r -> r.missed().stream()).limit(3).toList());
    }

    /**
     * The {@code n} slowest queries, slowest first, each with when it started in a concurrent phase (a one-client
     * run's have no start: {@code NaN}): whether the tail is a few queries or a moment when every client waited.
     */
    static String slowest(List<SearchCases.Case> cases, List<Timed> each, int n) {
        return each.stream().sorted(java.util.Comparator.comparingDouble(Timed::millis).reversed()).limit(n)
                .map(t -> String.format(Locale.ROOT, "「%s」 %.2f ms", cases.get(t.index()).text(), t.millis())
                        + (Double.isNaN(t.atMillis()) ? "" : String.format(Locale.ROOT, " at %.0f ms", t.atMillis())))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Queries each client makes in a concurrent phase (by default; {@code --iterations}): 3,200 a class with 32
     * clients. Until session 33 it was 25 (800 a class, a phase of 0.2–0.4 s): in session 32's runs a class's five
     * slowest queries had mostly started within a few milliseconds of each other (kanji-2char: all five at 197–203 ms
     * of the phase), a moment when every client's query in flight waited at once — up to 32 of 800, 4 % — so
     * the class's p99 was the length of the phase's worst such moment, and it moved from 33 to 47 ms between runs of
     * the same jar. In a phase four times as long one such moment is 1 % at most: it still shows (the max, the
     * slowest queries with their start) but no longer makes the whole percentile; two of them still do.
     *
     * <p>The warm-up rounds make as many queries a client as the timed phases. A first try kept them at 25 while
     * the phases made 100 (session 33, run a): the JIT then compiled for 0.3–0.9 s inside most timed phases
     * (0–94 ms in session 32's), the clients' loop running four times as long as any warm-up had run it.
     */
    static final int ITERATIONS = 100;
    /** The start of a concurrent phase, told apart in its output: the clients were all released at once. */
    static final double PHASE_START_MILLIS = 100;

    /**
     * The latencies of the queries that started in the first {@code startMillis} of a concurrent phase beside
     * those of the rest: whether a class's tail is the moment the clients were released together or its steady
     * state.
     */
    static String startAndAfter(List<Timed> each, double startMillis) {
        double[] first = each.stream().filter(t -> t.atMillis() < startMillis).mapToDouble(Timed::millis).toArray();
        double[] after = each.stream().filter(t -> t.atMillis() >= startMillis).mapToDouble(Timed::millis).toArray();
        return String.format(Locale.ROOT, "started in the first %.0f ms: %s; after: %s", startMillis,
                first.length == 0 ? "none" : Stats.of(first).text(), after.length == 0 ? "none" : Stats.of(after).text());
    }

    /** Warm-up rounds stop once a round has the JIT compiling for less than this. */
    static final long QUIET_JIT_MILLIS = 100;
    /** At most this many warm-up rounds, quiet or not. */
    static final int MAX_WARMUP_ROUNDS = 12;
    /** At most this many untimed rounds of the timed queries before the concurrent phases. */
    static final int MAX_TIMED_WARMUP_ROUNDS = 4;

    /**
     * Every class's queries chosen by {@code queriesOf} (before any clock: the warm-up ones; before the concurrent
     * phases: the timed ones, which the one-client phase has just run once), with the concurrent clients and
     * untimed, round after round until the JIT compiled for less than {@link #QUIET_JIT_MILLIS} in a round. The
     * search's largest methods take the JIT's C2 compiler 0.3–0.7 s each, and a flight recording of a 4,000,000 run (session 25)
     * showed it compiling them for about 2.5 s inside the timed concurrent phases, on a 2-core machine whose
     * other core served the searches: the figures were those of a JVM started a minute before.
     */
    private void warmUp(ExecutorService clientPool, String which, Map<String, List<SearchCases.Case>> cases,
            java.util.function.UnaryOperator<List<SearchCases.Case>> queriesOf, int clients, int iterations,
            int maxRounds) throws Exception {
        if (cases.values().stream().allMatch(list -> queriesOf.apply(list).isEmpty())) {
            return;
        }
        untilQuiet(maxRounds, QUIET_JIT_MILLIS, round -> {
            long jit0 = compilationMillis();
            long t0 = System.nanoTime();
            int queries = 0;
            for (List<SearchCases.Case> list : cases.values()) {
                queries += concurrent(clientPool, queriesOf.apply(list), clients, iterations, 0, new ArrayList<>())
                        .queries();
            }
            long jit = compilationMillis() - jit0;
            System.out.printf(Locale.ROOT, "  warm-up round %d: %,d queries %s, %d clients, untimed, %.1f s; "
                    + "JIT compiling %d ms%n", round, queries, which, clients, (System.nanoTime() - t0) / 1e9, jit);
            return jit;
        });
    }

    /** A round of warm-up (numbered from 1); the JIT's compiling time during it (ms). */
    @FunctionalInterface
    interface WarmUpRound {
        long run(int round) throws Exception;
    }

    /**
     * Runs rounds until one has the JIT compiling for less than {@code quietMillis}, or {@code maxRounds} have run;
     * the rounds run.
     */
    static int untilQuiet(int maxRounds, long quietMillis, WarmUpRound round) throws Exception {
        for (int n = 1; n <= maxRounds; n++) {
            if (round.run(n) < quietMillis) {
                return n;
            }
        }
        return maxRounds;
    }

    /** The JIT's compiling time so far (ms), or 0 where the JVM does not tell. */
    private static long compilationMillis() {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** This JVM's CPU time so far, every thread (the benchmark's clients and the search), or 0 where unknown. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static String examples(Map<String, List<SearchCases.Case>> cases, int warmup) {
        StringBuilder s = new StringBuilder();
        for (var entry : cases.entrySet()) {
            s.append(s.length() == 0 ? "" : ", ").append('「').append(entry.getValue().get(warmup).text()).append('」');
        }
        return s.toString();
    }

    private static void report(int residents, long persons, int clients, Map<String, Run> single,
            Map<String, Run> concurrent, Map<String, Run> trgm, double seconds, String load) {
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-15s %7s %6s %9s %9s %9s %9s %9s %9s %5s %7s %6s%n", "class", "hits/q",
                "found", "1c p50", "1c p99", clients + "c p50", clients + "c p99", "trgm p50", "trgm tail", "n",
                "hits/q", "found");
        List<String> missed = new ArrayList<>();
        for (String name : single.keySet()) {
            Stats.Summary s = single.get(name).summary();
            Stats.Summary c = concurrent.get(name).summary();
            Run t = trgm.get(name);
            List<String> misses = new ArrayList<>();
            if (s.tail().value() > TARGET_P99_MS) {
                misses.add("1c " + s.tail().name() + " > " + (int) TARGET_P99_MS);
            }
            if (c.tail().value() > TARGET_CONCURRENT_P99_MS) {
                misses.add(clients + "c " + c.tail().name() + " > " + (int) TARGET_CONCURRENT_P99_MS);
            }
            if (!misses.isEmpty()) {
                missed.add(name + " (" + String.join(", ", misses) + ")");
            }
            Run one = single.get(name);
            System.out.printf(Locale.ROOT, "  %-15s %7.1f %5.0f%% %9.2f %9s %9.2f %9s %9.2f %9s %5d %7.1f %5.0f%%%s%n",
                    name, (double) one.hits() / one.queries(), 100 * Math.min(one.foundShare(),
                            concurrent.get(name).foundShare()), s.p50(), cell(s), c.p50(), cell(c), t.summary().p50(),
                    cell(t.summary()), t.queries(), (double) t.hits() / t.queries(), 100 * t.foundShare(),
                    misses.isEmpty() ? "" : "  MISSES TARGET: " + String.join(", ", misses));
        }
        Stats.Summary allSingle = Stats.of(flat(single));
        Stats.Summary allConcurrent = Stats.of(flat(concurrent));
        Stats.Summary allTrgm = Stats.of(flat(trgm));
        System.out.printf(Locale.ROOT, "  %-15s %7s %6s %9.2f %9s %9.2f %9s %9.2f %9s %5d%n", "overall", "", "",
                allSingle.p50(), cell(allSingle), allConcurrent.p50(), cell(allConcurrent), allTrgm.p50(), cell(allTrgm),
                allTrgm.n());
        System.out.printf(Locale.ROOT, "  (ms; a tail is p99, or max (marked) below %d samples; n = trgm queries measured; "
                + "hits/q = rows returned, at most %d; found = the sampled person is among them (1 client and %d "
                + "clients); targets: 1 client p99 <= %.0f ms, %d clients p99 <= %.0f ms)%n", Stats.MIN_FOR_P99, LIMIT,
                clients, TARGET_P99_MS, clients, TARGET_CONCURRENT_P99_MS);
        System.out.println(missed.isEmpty() ? "  every class meets both targets"
                : "  classes missing a target: " + String.join("; ", missed));
        System.out.printf(Locale.ROOT, "  total run time %.0f s, %,d persons%n", seconds, persons);
        Stats.Summary.Tail one = Stats.worst(summaries(single));
        Stats.Summary.Tail many = Stats.worst(summaries(concurrent));
        Stats.Summary.Tail reference = Stats.worst(summaries(trgm));
        System.out.printf(Locale.ROOT, "RESULT residents=%d %s %s %s found=%.3f trgm_found=%.3f queries=%d "
                + "concurrent_queries=%d trgm_queries=%d " + load + "%n", residents, worstKey("", one), worstKey("concurrent_", many),
                worstKey("trgm_", reference), Math.min(minFound(single), minFound(concurrent)), minFound(trgm),
                single.values().stream().mapToInt(Run::queries).sum(),
                concurrent.values().stream().mapToInt(Run::queries).sum(), trgm.values().stream().mapToInt(Run::queries).sum());
    }

    /** A tail for the table: its value, marked {@code max} below 100 samples. */
    private static String cell(Stats.Summary s) {
        Stats.Summary.Tail tail = s.tail();
        return String.format(Locale.ROOT, tail.name().equals("p99") ? "%.2f" : "%.2f max", tail.value());
    }

    /** {@code p99_ms_max=…} (the worst class's p99), or {@code max_ms=…} (the slowest query) below 100 samples. */
    private static String worstKey(String prefix, Stats.Summary.Tail tail) {
        return String.format(Locale.ROOT, tail.name().equals("p99") ? "%sp99_ms_max=%.2f" : "%smax_ms=%.2f", prefix,
                tail.value());
    }

    private static List<Stats.Summary> summaries(Map<String, Run> runs) {
        return runs.values().stream().map(Run::summary).toList();
    }

    private static double[] flat(Map<String, Run> runs) {
        return runs.values().stream().flatMapToDouble(r -> java.util.Arrays.stream(r.millis())).toArray();
    }

    private static double minFound(Map<String, Run> runs) {
        return runs.values().stream().mapToDouble(Run::foundShare).min().orElse(0);
    }
}
