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
import java.util.function.ToIntFunction;
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

    private final JdbcTemplate jdbc;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final StaffAccounts accounts;
    private final AccessPolicy access;
    private final PersonOverview overview;
    private final AuditTrail audit;

    OverviewBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports, StaffAccounts accounts,
            AccessPolicy access, PersonOverview overview, AuditTrail audit) {
        this.audit = audit;
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

        double p(double percentile) {
            return millis.length == 0 ? Double.NaN : Stats.percentile(millis, percentile);
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
        try {
            city = new BenchCity(catalog, imports, jdbc).load(new SampleSize(residents), dir);
        } finally {
            BenchCity.delete(dir);
        }
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

        // 1. one client: warm-up, then each group's persons once
        for (String key : warm) {
            view(key, viewer);
        }
        Series typical1 = sequential(typical, key -> view(key, viewer));
        Series many1 = sequential(many, key -> view(key, viewer));
        print("1 client, typical      ", typical1);
        print("1 client, many programs", many1);

        // 2. concurrent clients over both groups, interleaved
        List<String> mixed = interleave(typical, many);
        Series concurrent = concurrent(mixed, clients, key -> view(key, viewer));
        print(clients + " clients, mixed       ", concurrent);

        // 3. reference: the bare records round trip for the same persons
        for (String key : warm) {
            records(key);
        }
        Series refTypical = sequential(typical, this::records);
        Series refMany = sequential(many, this::records);
        print("reference, typical     ", refTypical);
        print("reference, many progr. ", refMany);
        // and the part of a view that is the committed, chained audit append alone
        Series auditAlone = sequential(many, this::auditAppend);
        print("audit append alone     ", auditAlone);

        // 4. what one view costs the database: transactions (each autocommit statement is one)
        double perView = counted > 0 ? transactionsPerView(many.subList(0, Math.min(counted, many.size())), viewer)
                : Double.NaN;
        if (explain) {
            explain(many.get(0));
        }

        Series all1 = Series.of(List.of(typical1, many1));
        Series ref = Series.of(List.of(refTypical, refMany));
        double p99 = all1.p(99);
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-26s %8s %8s %8s %8s%n", "", "p50 ms", "p99 ms", "views", "cards");
        row("overview, 1 client", all1);
        row("overview, " + clients + " clients", concurrent);
        row("reference (records only)", ref);
        row("audit append alone", auditAlone);
        System.out.printf(Locale.ROOT, "  ratio overview / reference, 1 client: p50 %.1f, p99 %.1f; "
                + "about %.1f transactions per view with many programs%n", all1.p(50) / ref.p(50), p99 / ref.p(99), perView);
        System.out.println(p99 <= TARGET_P99_MS ? "  target met: 1-client p99 <= " + (int) TARGET_P99_MS + " ms"
                : "  MISSES TARGET: 1-client p99 " + String.format(Locale.ROOT, "%.2f", p99) + " > "
                        + (int) TARGET_P99_MS + " ms");
        System.out.printf(Locale.ROOT, "  total run time %.0f s%n", (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "RESULT residents=%d sources=%d p99_ms=%.2f p50_ms=%.2f concurrent_p99_ms=%.2f "
                + "ref_p99_ms=%.2f audit_p99_ms=%.2f ratio_p50=%.1f%n", city.residents(), city.sources().size(), p99,
                all1.p(50), concurrent.p(99), ref.p(99), auditAlone.p(99), all1.p(50) / ref.p(50));
        return 0;
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
        return jdbc.queryForList("SELECT person_key FROM person WHERE registered ORDER BY md5(person_key || ?) LIMIT ?",
                String.class, String.valueOf(BenchCity.SEED), count);
    }

    /** Persons in the most program sources (ties in a seeded order). */
    private List<String> personsWithManyPrograms(int count) {
        List<String> keys = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        jdbc.query("""
                SELECT r.person_key, count(DISTINCT r.source_id) FROM source_record r JOIN source s USING (source_id)
                 WHERE s.role = 'PROGRAM'
                 GROUP BY r.person_key ORDER BY 2 DESC, md5(r.person_key || ?) LIMIT ?""",
                rs -> {
                    keys.add(rs.getString(1));
                    sources.add(rs.getInt(2));
                }, String.valueOf(BenchCity.SEED), count);
        if (!sources.isEmpty()) {
            System.out.printf(Locale.ROOT, "  persons with many programs: %d to %d program sources each%n",
                    sources.get(sources.size() - 1), sources.get(0));
        }
        return keys;
    }

    private int view(String personKey, Viewer viewer) {
        return overview.view(personKey, viewer).orElseThrow(() -> new IllegalStateException("no person " + personKey))
                .cards().size();
    }

    private int records(String personKey) {
        return jdbc.query("SELECT source_id, data::text FROM source_record WHERE person_key = ?", (rs, i) -> 1,
                personKey).size();
    }

    /** An audit record like the one a view writes (same actor, action, person and size of detail). */
    private int auditAppend(String personKey) {
        audit.record(new AuditEvent(VIEWER, AuditAction.VIEW_PERSON, personKey, java.util.Map.of("sections",
                "header,household,programs", "detail", "kaigo-nintei,shogai-techo,jido-teate", "summary", ""), false));
        return 0;
    }

    private static Series sequential(List<String> keys, ToIntFunction<String> call) {
        double[] millis = new double[keys.size()];
        double[] cards = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            long t0 = System.nanoTime();
            cards[i] = call.applyAsInt(keys.get(i));
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new Series(millis, cards);
    }

    /** {@code clients} threads start together; each goes once round the list from its own starting point. */
    private static Series concurrent(List<String> keys, int clients, ToIntFunction<String> call) throws Exception {
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
                    return sequential(mine, call);
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
            view(key, viewer);
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

    /** EXPLAIN ANALYZE of the queries one view makes, for one person with many programs. */
    private void explain(String personKey) {
        System.out.println("  EXPLAIN ANALYZE for person " + personKey + ":");
        String source = jdbc.queryForObject("SELECT source_id FROM source_record WHERE person_key = ? LIMIT 1",
                String.class, personKey);
        List<String[]> queries = List.of(
                new String[] {"records", "SELECT source_id, data::text FROM source_record WHERE person_key = '"
                        + personKey + "' ORDER BY source_id, record_key"},
                new String[] {"per card: grant", "SELECT level FROM source_grant WHERE department_id = '" + DEPARTMENT
                        + "' AND source_id = '" + source + "'"},
                new String[] {"per card: break-glass", "SELECT id FROM break_glass WHERE username = '" + VIEWER
                        + "' AND person_key = '" + personKey + "' AND expires_at > now() ORDER BY expires_at DESC LIMIT 1"},
                new String[] {"per card: snapshot time", "SELECT r.finished_at FROM source s JOIN import_run r "
                        + "ON r.run_id = s.current_run WHERE s.source_id = '" + source + "'"},
                new String[] {"timeline", "SELECT c.source_id, c.kind, r.finished_at FROM record_change c JOIN import_run r "
                        + "ON r.run_id = c.run_id WHERE c.person_key = '" + personKey + "' ORDER BY c.run_id DESC LIMIT 50"},
                new String[] {"household", "SELECT person_key, name FROM person WHERE household_key = (SELECT household_key "
                        + "FROM person WHERE person_key = '" + personKey + "') AND registered"});
        for (String[] q : queries) {
            System.out.println("  -- " + q[0]);
            jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + q[1], String.class)
                    .forEach(line -> System.out.println("     " + line));
        }
    }

    private static void print(String label, Series s) {
        System.out.printf(Locale.ROOT, "  %s p50 %6.2f ms  p99 %6.2f ms  (%d views, %.1f cards each)%n", label, s.p(50),
                s.p(99), s.millis().length, s.meanCards());
    }

    private static void row(String label, Series s) {
        System.out.printf(Locale.ROOT, "  %-26s %8.2f %8.2f %8d %8.1f%n", label, s.p(50), s.p(99), s.millis().length,
                s.meanCards());
    }
}
