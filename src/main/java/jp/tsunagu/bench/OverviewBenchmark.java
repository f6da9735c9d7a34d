package jp.tsunagu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;
import javax.sql.DataSource;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.overview.PersonOverview;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleSize;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code bench overview [--residents 1000000] [--clients 4] [--views 500] [--warmup 200]
 * [--count 100] [--explain]}: the
 * server-side time of one person's overview ({@link PersonOverview#view}), audit record included,
 * for a staff member whose department may see every program in detail, on the whole sample city
 * (every source imported). Persons are picked in a seeded order, half of them typical (any
 * registered resident) and half among those with the most programs. Reference, in the same run:
 * the bare round trip {@code SELECT source_id, data FROM source_record WHERE person_key = ?} for the
 * same persons.
 *
 * <p>Times are taken in this JVM around each call: SQL round trips, JSON decoding of the records,
 * access checks, the chained, committed audit append, and (with more clients) the wait for a pooled
 * connection; no HTTP, no template rendering.
 */
@Component
class OverviewBenchmark implements Benchmark {

    static final double TARGET_P99_MS = 30;
    static final String VIEWER = "bench-overview";
    static final String DEPARTMENT = "bench-sogo";

    private final ForeignTables tables;
    private final JdbcTemplate jdbc;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final StaffAccounts accounts;
    private final AccessPolicy access;
    private final PersonOverview overview;
    private final AuditTrail audit;
    private final jp.tsunagu.insights.Insights insights;

    OverviewBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports, StaffAccounts accounts,
            AccessPolicy access, PersonOverview overview, AuditTrail audit, jp.tsunagu.insights.Insights insights) {
        this.audit = audit;
        this.insights = insights;
        this.tables = new ForeignTables(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
        this.catalog = catalog;
        this.imports = imports;
        this.accounts = accounts;
        this.access = access;
        this.overview = overview;
    }

    @Override
    public String name() {
        return "overview";
    }

    /** One timed series: milliseconds per call, and the program cards (or, for the reference, rows) each returned. */
    private record Series(double[] millis, double[] cards) {

        Stats.Summary summary() {
            return Stats.of(millis);
        }

        double meanCards() {
            return Arrays.stream(cards).average().orElse(0);
        }

        static Series of(List<Series> parts) {
            return new Series(parts.stream().flatMapToDouble(s -> Arrays.stream(s.millis())).toArray(),
                    parts.stream().flatMapToDouble(s -> Arrays.stream(s.cards())).toArray());
        }
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        try (HeapWatcher heap = new HeapWatcher()) {
            return run(options, heap);
        }
    }

    private int run(BenchOptions options, HeapWatcher heap) throws Exception {
        int residents = (int) options.longValue("residents", 1_000_000);
        int clients = (int) options.longValue("clients", 4);
        int views = (int) options.longValue("views", 500);
        int warmup = (int) options.longValue("warmup", 200);
        boolean explain = options.values().containsKey("explain");
        // views over which the database's transactions are counted (0: skip, saves 22 s of pauses)
        int counted = (int) options.longValue("count", 100);
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "bench overview: %,d residents, %d timed views per group (typical, many programs) "
                + "after %d warm-up, 1 client and %d concurrent clients%n", residents, views, warmup, clients);

        Path dir = BenchCity.tempDir("overview");
        GenerationResult city;
        BenchCity loaded = new BenchCity(catalog, imports, tables);
        try {
            city = loaded.load(new SampleSize(residents), dir);
        } finally {
            BenchCity.delete(dir);
        }
        long dbMiB = tables.databaseMiB();
        System.out.printf(Locale.ROOT, "  database %,d MiB after the load%n", dbMiB);
        System.out.printf(Locale.ROOT, "  statistics refreshed: waited %.1f s, so that no view is timed beside it%n",
                BenchCity.awaitStatistics(insights::settled));
        Viewer viewer = detailViewer();

        List<String> typical = typicalPersons(warmup / 2 + views);
        List<String> many = personsWithManyPrograms(warmup / 2 + views);
        if (typical.size() < warmup / 2 + views || many.size() < warmup / 2 + views) {
            throw new IllegalStateException("too few persons for " + views + " views: " + typical.size() + " typical, "
                    + many.size() + " with many programs");
        }
        List<String> warm = new ArrayList<>(typical.subList(0, warmup / 2));
        warm.addAll(many.subList(0, warmup / 2));
        typical = typical.subList(warmup / 2, typical.size());
        many = many.subList(warmup / 2, many.size());
        // what each view must show: a card for every program source holding a record of the person
        Map<String, Set<String>> expected = new HashMap<>();
        for (List<String> keys : List.of(warm, typical, many)) {
            keys.forEach(key -> expected.put(key, programSources(key)));
        }
        AtomicInteger checked = new AtomicInteger();
        ToIntBiFunction<String, Object> check = (key, answer) -> checkView(key, answer, expected.get(key), checked);
        Function<String, Object> view = key -> overview.view(key, viewer);

        // 1. one client: warm-up, then each group's persons once
        for (String key : warm) {
            check.applyAsInt(key, view.apply(key));
        }
        Series typical1 = sequential(typical, view, check);
        Series many1 = sequential(many, view, check);
        print("1 client, typical      ", typical1);
        print("1 client, many programs", many1);

        // 2. concurrent clients over both groups, interleaved
        List<String> mixed = interleave(typical, many);
        Series concurrent = concurrent(mixed, clients, view, check);
        print(clients + " clients, mixed       ", concurrent);

        // 3. reference: the bare records round trip for the same persons
        for (String key : warm) {
            tables.records(key);
        }
        Series refTypical = sequential(typical, tables::records, (key, rows) -> (Integer) rows);
        Series refMany = sequential(many, tables::records, (key, rows) -> (Integer) rows);
        print("reference, typical     ", refTypical);
        print("reference, many progr. ", refMany);
        // and the part of a view that is the committed, chained audit append alone
        Series auditAlone = sequential(many, this::auditAppend, (key, seq) -> 0);
        print("audit append alone     ", auditAlone);

        // 4. what one view costs the database: transactions (each autocommit statement is one)
        double perView = counted > 0 ? transactionsPerView(many.subList(0, Math.min(counted, many.size())), viewer)
                : Double.NaN;
        if (explain) {
            tables.explainOverview(many.get(0), VIEWER, DEPARTMENT);
        }

        Series all1 = Series.of(List.of(typical1, many1));
        Series ref = Series.of(List.of(refTypical, refMany));
        Stats.Summary one = all1.summary();
        Stats.Summary.Tail tail = one.tail();
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-26s %8s %12s %8s %8s%n", "", "p50 ms", "p99/max ms", "n", "cards");
        row("overview, 1 client", all1);
        row("overview, " + clients + " clients", concurrent);
        row("reference (records only)", ref);
        row("audit append alone", auditAlone);
        System.out.printf(Locale.ROOT, "  ratio overview / reference, 1 client: p50 %.1f, %s %.1f; "
                + "about %.1f transactions per view with many programs%n", one.p50() / ref.summary().p50(), tail.name(),
                tail.value() / ref.summary().tail().value(), perView);
        System.out.printf(Locale.ROOT, "  checked: %,d views, each with a card for every program source that holds a "
                + "record of its person and no other%n", checked.get());
        System.out.println(tail.value() <= TARGET_P99_MS ? "  target met: 1-client " + tail.name() + " <= "
                + (int) TARGET_P99_MS + " ms" : "  MISSES TARGET: 1-client " + tail.name() + " "
                        + String.format(Locale.ROOT, "%.2f", tail.value()) + " > " + (int) TARGET_P99_MS + " ms");
        System.out.printf(Locale.ROOT, "  total run time %.0f s%n", (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "RESULT residents=%d sources=%d %s p50_ms=%.2f %s %s %s ratio_p50=%.1f "
                + "views=%d checked_views=%d index_s=%.1f db_mib=%d heap_peak_mib=%d%n", city.residents(),
                city.sources().size(), one.resultTail(""), one.p50(),
                concurrent.summary().resultTail("concurrent_"), ref.summary().resultTail("ref_"),
                auditAlone.summary().resultTail("audit_"), one.p50() / ref.summary().p50(), one.n(), checked.get(),
                loaded.indexSeconds(), dbMiB, heap.peakMiB());
        return 0;
    }

    /** The program sources (not the masters) that hold a current record of the person. */
    private Set<String> programSources(String personKey) {
        Set<String> sources = new TreeSet<>();
        for (String id : tables.sourcesOf(personKey)) {
            catalog.find(id).filter(s -> !s.role().isMaster()).ifPresent(s -> sources.add(id));
        }
        return sources;
    }

    /**
     * Checks one overview against the sources that hold the person's records (the viewer may see every
     * program): a card for each, and none other; returns the number of cards.
     */
    static int checkView(String personKey, Object answer, Set<String> expected, AtomicInteger checked) {
        Optional<?> found = (Optional<?>) answer;
        BenchCheckFailed.check(found.isPresent(), "the overview of " + personKey + " was not found");
        PersonOverview.View view = (PersonOverview.View) found.get();
        Set<String> shown = new TreeSet<>(view.cards().stream().map(PersonOverview.Card::sourceId).toList());
        BenchCheckFailed.check(shown.equals(expected), "the overview of " + personKey + " shows the programs " + shown
                + ", but the person has records in " + expected);
        checked.incrementAndGet();
        return view.cards().size();
    }

    /**
     * A staff account in a department of its own with an explicit detail grant (sensitive fields
     * included) on every program source, made through the access module as an administrator would.
     */
    private Viewer detailViewer() {
        accounts.saveDepartment(DEPARTMENT, "福祉総合相談課 (性能測定)", "内線 9000");
        accounts.save(VIEWER, "性能 測定", "bench-" + Long.toHexString(System.nanoTime()), Role.CASEWORKER, DEPARTMENT);
        int granted = 0;
        for (SourceDefinition s : catalog.all()) {
            if (!s.role().isMaster()) {
                access.grant("bench", DEPARTMENT, s.id(), GrantLevel.DETAIL, true);
                granted++;
            }
        }
        System.out.printf(Locale.ROOT, "  viewer %s (%s) with detail grants on %d program sources%n", VIEWER, DEPARTMENT,
                granted);
        return access.viewer(VIEWER);
    }

    /** Registered residents in a seeded pseudo-random order. */
    private List<String> typicalPersons(int count) {
        return tables.registeredPersons(BenchCity.SEED, count);
    }

    /** Persons in the most program sources (ties in a seeded order). */
    private List<String> personsWithManyPrograms(int count) {
        List<Object[]> rows = tables.personsWithManyPrograms(BenchCity.SEED, count);
        if (!rows.isEmpty()) {
            System.out.printf(Locale.ROOT, "  persons with many programs: %d to %d program sources each%n",
                    rows.get(rows.size() - 1)[1], rows.get(0)[1]);
        }
        return rows.stream().map(r -> (String) r[0]).toList();
    }

    /** An audit record like the one a view writes (same actor, action, person and size of detail). */
    private int auditAppend(String personKey) {
        audit.record(new AuditEvent(VIEWER, AuditAction.VIEW_PERSON, personKey, java.util.Map.of("sections",
                "header,household,programs", "detail", "kaigo-nintei,shogai-techo,jido-teate", "summary", ""), false));
        return 0;
    }

    /**
     * Each key once: the call timed, and what it answered checked and counted ({@code after}, outside
     * the time).
     */
    private static Series sequential(List<String> keys, Function<String, Object> call,
            ToIntBiFunction<String, Object> after) {
        double[] millis = new double[keys.size()];
        double[] cards = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            long t0 = System.nanoTime();
            Object answer = call.apply(keys.get(i));
            millis[i] = (System.nanoTime() - t0) / 1e6;
            cards[i] = after.applyAsInt(keys.get(i), answer);
        }
        return new Series(millis, cards);
    }

    /** {@code clients} threads start together; each goes once round the list from its own starting point. */
    private static Series concurrent(List<String> keys, int clients, Function<String, Object> call,
            ToIntBiFunction<String, Object> after) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Series>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int first = client * keys.size() / clients;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<String> mine = new ArrayList<>(keys.subList(first, keys.size()));
                    mine.addAll(keys.subList(0, first));
                    return sequential(mine, call, after);
                }));
            }
            go.countDown();
            List<Series> parts = new ArrayList<>();
            for (Future<Series> f : futures) {
                parts.add(f.get());
            }
            return Series.of(parts);
        } finally {
            pool.shutdown();
        }
    }

    private static List<String> interleave(List<String> a, List<String> b) {
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                mixed.add(a.get(i));
            }
            if (i < b.size()) {
                mixed.add(b.get(i));
            }
        }
        return mixed;
    }

    /**
     * Committed transactions per view, from {@code pg_stat_database} around a series of views: every
     * statement outside a transaction commits on its own, so this counts the view's round trips
     * (plus the audit append's one). Backends report their counters when idle, at the latest after
     * 10 s, hence the pauses.
     */
    private double transactionsPerView(List<String> keys, Viewer viewer) throws InterruptedException {
        Thread.sleep(11_000);
        long before = commits();
        for (String key : keys) {
            overview.view(key, viewer);
        }
        Thread.sleep(11_000);
        long after = commits();
        // each reading of the counter is itself one transaction
        return (after - before - 1) / (double) keys.size();
    }

    private long commits() {
        jdbc.execute("SELECT pg_stat_clear_snapshot()");
        return jdbc.queryForObject("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
                Long.class);
    }

    private static void print(String label, Series s) {
        System.out.printf(Locale.ROOT, "  %s %s  (%.1f cards each)%n", label, s.summary().text(), s.meanCards());
    }

    private static void row(String label, Series s) {
        Stats.Summary summary = s.summary();
        Stats.Summary.Tail tail = summary.tail();
        System.out.printf(Locale.ROOT, "  %-26s %8.2f %8.2f %-3s %8d %8.1f%n", label, summary.p50(), tail.value(),
                tail.name(), summary.n(), s.meanCards());
    }
}
