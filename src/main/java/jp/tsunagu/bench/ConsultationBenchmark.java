package jp.tsunagu.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.consultation.Caller;
import jp.tsunagu.consultation.Category;
import jp.tsunagu.consultation.Channel;
import jp.tsunagu.consultation.ConsultationBulkLoad;
import jp.tsunagu.consultation.ConsultationLog;
import jp.tsunagu.consultation.ConsultationProperties;
import jp.tsunagu.consultation.ConsultationSearch;
import jp.tsunagu.consultation.HandoverBoard;
import jp.tsunagu.consultation.NewConsultation;
import jp.tsunagu.consultation.Urgency;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code bench consultation [--residents 1000000] [--entries 2000000] [--clients 8] [--queries 50] [--warmup 2000]
 * [--ilike-queries 15] [--boards 200] [--pushes 100] [--explain] [--reuse]}: on its own throw-away PostgreSQL (or
 * the one {@code --spring.datasource.url} names; with {@code --reuse}, the data an earlier run loaded there), that many
 * persons and consultation entries of realistic Japanese text (the kuromoji words written with them), then, in one
 * run (with {@code --explain}, first the plan of each search query and of the board):
 * <ul>
 * <li>the full-text search as staff use it ({@link ConsultationSearch}: access rule, records loaded, the audit row
 * written) by {@code clients} concurrent clients, {@code queries} each;</li>
 * <li>the reference: the same queries as {@code body ILIKE '%word%'} on the same data and the same number of
 * clients (fewer queries: each reads the whole table);</li>
 * <li>the hand-over board of the on-call staff (who see every record), one after the other;</li>
 * <li>the push: from a committed note to the {@code changed} event read by a second, logged-in HTTP client on the
 * board's server-sent events stream of the real web server.</li>
 * </ul>
 * Self-checks: each search hit contains the words; for each query the search and ILIKE find the same newest 50
 * records in the same order (the same data searched both ways); at least half the queries find something; the board shows
 * every open record the tables hold (up to its limit); every push arrives with the record's number.
 */
@Component
class ConsultationBenchmark implements Benchmark {

    /** Queries of the kinds staff type: a place and facility, a given name as heard, a word of the account. */
    static final List<String> QUERIES = List.of("狭山台 児童公園", "入間川 小学校", "柏原 公民館", "コハル", "トシオ",
            "堀兼 団地", "泣き声", "家賃", "短期入所", "配食", "あざ 学校", "面前DV", "年金", "グループホーム", "物忘れ",
            "水野 保育所", "笹井 駅前", "レン", "夜泣き", "成年後見");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final String PASSWORD = "bench-consultation-1";

    private final ForeignTables foreign;
    private final ConsultationBulkLoad bulk;
    private final ConsultationSearch search;
    private final HandoverBoard board;
    private final ConsultationLog log;
    private final ConsultationProperties properties;
    private final StaffAccounts accounts;
    private final AccessPolicy access;
    private final TokyoTime time;
    private final Environment environment;

    ConsultationBenchmark(DataSource dataSource, ConsultationBulkLoad bulk, ConsultationSearch search,
            HandoverBoard board, ConsultationLog log, ConsultationProperties properties, StaffAccounts accounts,
            AccessPolicy access, TokyoTime time, Environment environment) {
        this.foreign = new ForeignTables(dataSource);
        this.bulk = bulk;
        this.search = search;
        this.board = board;
        this.log = log;
        this.properties = properties;
        this.accounts = accounts;
        this.access = access;
        this.time = time;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "consultation";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int residents = (int) options.longValue("residents", 1_000_000);
        long entries = options.longValue("entries", 2_000_000);
        int clients = (int) options.longValue("clients", 8);
        int queries = (int) options.longValue("queries", 50);
        int warmup = (int) options.longValue("warmup", 2000);
        int ilikeQueries = (int) options.longValue("ilike-queries", 15);
        int boards = (int) options.longValue("boards", 200);
        int pushes = (int) options.longValue("pushes", 100);
        System.out.printf(Locale.ROOT, "bench consultation: %,d residents, %,d entries, %d clients%n", residents,
                entries, clients);

        List<String> departments = List.of("kodomo", "shogai", "kaigo", "seikatsu", "choju");
        for (String d : departments) {
            accounts.saveDepartment(d, d, "内線 0000");
        }
        accounts.saveDepartment("tochoku", "当直", "内線 1000");
        accounts.save("bench-oncall", "当直 測定", PASSWORD, Role.CASEWORKER, "tochoku");
        for (Category c : properties.categories()) {
            access.grant("bench", "tochoku", c.grantId(), GrantLevel.DETAIL, false);
        }
        Viewer oncall = new Viewer("bench-oncall", Role.CASEWORKER, "tochoku");

        String[] keys;
        ConsultationBulkLoad.Loaded loaded;
        if (options.values().containsKey("reuse") && foreign.persons() >= residents
                && foreign.consultationEntries() > 0) {
            // a kept database (--spring.datasource.url) loaded by an earlier run: measured again as it is
            keys = ForeignTables.benchPersonKeys(residents);
            loaded = foreign.consultationsLoaded();
            System.out.printf(Locale.ROOT, "  reused the database's %,d records with %,d entries; %,d open, "
                    + "%,d referrals waiting, %,d follow-ups%n", loaded.records(), loaded.entries(), loaded.open(),
                    loaded.pendingReferrals(), loaded.followUps());
        } else {
            long t0 = System.nanoTime();
            keys = foreign.copyPersons(residents, BenchCity.SEED);
            double personsSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            loaded = bulk.load(keys, departments, entries, 0.004, BenchCity.SEED, time.now().toInstant());
            System.out.printf(Locale.ROOT, "  loaded %,d persons (%.0f s) and %,d records with %,d entries (%.0f s); "
                    + "%,d open, %,d referrals waiting, %,d follow-ups%n", residents, personsSeconds,
                    loaded.records(), loaded.entries(), (System.nanoTime() - t0) / 1e9, loaded.open(),
                    loaded.pendingReferrals(), loaded.followUps());
        }

        if ("true".equals(options.values().get("explain"))) {
            // which index answered each query, at this size (not measured)
            for (String q : QUERIES) {
                System.out.println("  plan of 「" + q + "」 (" + jp.tsunagu.consultation.JapaneseText.query(q) + "):");
                search.plan(oncall, query(q)).forEach(line -> System.out.println("    " + line));
            }
            System.out.println("  plan of the hand-over board (on-call):");
            board.plan(oncall).forEach(line -> System.out.println("    " + line));
        }
        // warm-up (caches, plans, and the JIT compiler: a server that has run for a while has compiled the
        // search's code; --warmup 0 measures a cold JVM), by the same clients, not measured
        for (String q : QUERIES) {
            search.search(oncall, query(q), "bench");
        }
        long warm = System.nanoTime();
        concurrently(clients, Math.max(0, warmup) / clients, i -> {
            search.search(oncall, query(QUERIES.get(i % QUERIES.size())), "bench");
            return 0;
        });
        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "  warm-up: %,d searches by %d clients, not measured (%.1f s)%n",
                    warmup / clients * clients, clients, (System.nanoTime() - warm) / 1e9);
        }
        Map<String, List<Double>> perQuery = new java.util.concurrent.ConcurrentHashMap<>();
        double[] fts = concurrently(clients, queries, i -> {
            String q = QUERIES.get(i % QUERIES.size());
            long s = System.nanoTime();
            List<ConsultationSearch.Hit> hits = search.search(oncall, query(q), "bench");
            double ms = (System.nanoTime() - s) / 1e6;
            perQuery.computeIfAbsent(q, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(ms);
            for (ConsultationSearch.Hit h : hits.subList(0, Math.min(3, hits.size()))) {
                for (String w : q.split(" ")) {
                    BenchCheckFailed.check(foreign.consultationContains(h.record().id(), w),
                            "search hit " + h.record().id() + " for 「" + q + "」 has no entry with 「" + w + "」");
                }
            }
            return ms;
        });
        double[] ilike = concurrently(clients, ilikeQueries, i -> {
            String q = QUERIES.get(i % QUERIES.size());
            long s = System.nanoTime();
            foreign.consultationsIlike(List.of(q.split(" ")), 50);
            return (System.nanoTime() - s) / 1e6;
        });
        // the same data both ways: for every query, the newest 50 records the search finds (the on-call member of
        // staff sees every record) are the newest 50 that ILIKE finds, in the same order
        int found = 0;
        for (String q : QUERIES) {
            List<Long> hits = search.search(oncall, query(q), "bench").stream().map(h -> h.record().id()).toList();
            List<Long> reference = foreign.consultationsIlike(List.of(q.split(" ")), 50);
            BenchCheckFailed.check(hits.equals(reference), "「" + q + "」: the search found " + hits.size()
                    + " records, ILIKE " + reference.size() + "; first difference at "
                    + firstDifference(hits, reference));
            found += hits.isEmpty() ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "  the search and ILIKE found the same newest 50 (or fewer) records for each "
                + "of the %d queries; %d found something%n", QUERIES.size(), found);
        BenchCheckFailed.check(found >= QUERIES.size() / 2, "only " + found + " of the queries found anything");

        // the board's warm-up, as the search's above: its first call after the start compiles its code and plans its
        // statement (timed and printed apart, not in the figures)
        long cold = System.nanoTime();
        board.board(oncall, "bench");
        double coldMs = (System.nanoTime() - cold) / 1e6;
        for (int i = 0; i < 4; i++) {
            board.board(oncall, "bench");
        }
        double[] boardMs = new double[boards];
        HandoverBoard.Board last = null;
        for (int i = 0; i < boards; i++) {
            long s = System.nanoTime();
            last = board.board(oncall, "bench");
            boardMs[i] = (System.nanoTime() - s) / 1e6;
        }
        long expected = Math.min(foreign.consultationsOnTheBoard(last.nextWorkingDay()), 500);
        BenchCheckFailed.check(last.records() == expected, "the board shows " + last.records()
                + " records, the tables hold " + expected + " with something open");

        double[] push = push(oncall, keys[0], pushes);

        Stats.Summary ftsS = Stats.of(fts);
        Stats.Summary ilikeS = Stats.of(ilike);
        Stats.Summary boardS = Stats.of(boardMs);
        Stats.Summary pushS = Stats.of(push);
        System.out.printf(Locale.ROOT, "  search (kuromoji + GIN), %d clients: p50 %.1f ms, %s %.1f ms (n=%d)%n", clients,
                Stats.median(fts), tail(ftsS), value(ftsS), fts.length);
        System.out.println("    per query (p50 / max ms, n):");
        for (String q : QUERIES) {
            List<Double> times = perQuery.getOrDefault(q, List.of());
            if (!times.isEmpty()) {
                double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
                System.out.printf(Locale.ROOT, "      %-12s %6.1f / %6.1f (%d)%n", "「" + q + "」", Stats.median(t),
                        java.util.Arrays.stream(t).max().orElse(0), t.length);
            }
        }
        System.out.printf(Locale.ROOT, "  same queries as ILIKE, %d clients: p50 %.1f ms, %s %.1f ms (n=%d)%n", clients,
                Stats.median(ilike), tail(ilikeS), value(ilikeS), ilike.length);
        System.out.printf(Locale.ROOT, "  hand-over board (on-call, %d records): p50 %.1f ms, %s %.1f ms (n=%d); "
                + "the first after the start %.1f ms and four more not counted (warm-up)%n",
                last.records(), Stats.median(boardMs), tail(boardS), value(boardS), boards, coldMs);
        System.out.printf(Locale.ROOT, "  push commit → SSE event: p50 %.1f ms, %s %.1f ms (n=%d)%n", Stats.median(push),
                tail(pushS), value(pushS), push.length);
        System.out.printf(Locale.ROOT, "RESULT entries=%d search_p99_ms=%.1f ilike_p99_ms=%.1f board_p99_ms=%.1f "
                + "board_push_ms=%.1f search_p50_ms=%.1f ilike_p50_ms=%.1f board_records=%d clients=%d%n",
                loaded.entries(), value(ftsS), value(ilikeS), value(boardS), value(pushS), Stats.median(fts),
                Stats.median(ilike), last.records(), clients);
        return 0;
    }

    private static String firstDifference(List<Long> a, List<Long> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            Long x = i < a.size() ? a.get(i) : null;
            Long y = i < b.size() ? b.get(i) : null;
            if (!java.util.Objects.equals(x, y)) {
                return "place " + (i + 1) + ": search " + x + ", ILIKE " + y;
            }
        }
        return "none";
    }

    private static String tail(Stats.Summary s) {
        return s.n() >= Stats.MIN_FOR_P99 ? "p99" : "max";
    }

    private static double value(Stats.Summary s) {
        return s.n() >= Stats.MIN_FOR_P99 ? s.percentile(99) : s.max();
    }

    private static ConsultationSearch.Query query(String words) {
        return new ConsultationSearch.Query(words, null, null, null, null, null, false, 50);
    }

    interface Timed {
        double run(int i) throws Exception;
    }

    private static double[] concurrently(int clients, int each, Timed one) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    double[] ms = new double[each];
                    for (int i = 0; i < each; i++) {
                        ms[i] = one.run(client * 7 + i);
                    }
                    return ms;
                }));
            }
            double[] all = new double[clients * each];
            int k = 0;
            for (Future<double[]> f : futures) {
                for (double v : f.get()) {
                    all[k++] = v;
                }
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A second member of staff holds the board's event stream open (logged in through the form, as a browser);
     * each note is committed here and timed until that client reads the {@code changed} event naming the record.
     */
    private double[] push(Viewer oncall, String person, int pushes) throws Exception {
        String port = environment.getProperty("local.server.port");
        BenchCheckFailed.check(port != null, "the web server did not start");
        String base = "http://localhost:" + port;
        CookieManager jar = new CookieManager();
        HttpClient client = HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(page.body());
        BenchCheckFailed.check(token.find(), "no CSRF token on the login page");
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=bench-oncall&password="
                        + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        BenchCheckFailed.check(login.statusCode() == 302 && !login.headers().firstValue("Location").orElse("")
                .contains("login"), "the on-call login failed: " + login.statusCode());
        BlockingQueue<Object[]> events = new LinkedBlockingQueue<>();
        var stream = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/consultations/board/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> response = stream.get(30, TimeUnit.SECONDS);
        BenchCheckFailed.check(response.statusCode() == 200, "the event stream answered " + response.statusCode());
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        events.add(new Object[] {System.nanoTime(), line.substring(5).strip()});
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                // the server closes the stream when the benchmark ends: every push was timed before
            }
        }, "bench-sse-reader");
        reader.setDaemon(true);
        reader.start();
        Object[] ready = events.poll(30, TimeUnit.SECONDS);
        BenchCheckFailed.check(ready != null && "ready".equals(ready[1]), "no ready event on the stream");
        long id = log.open(oncall, new NewConsultation(null, Channel.PHONE, Caller.MINSEI, "care", Urgency.NORMAL,
                "民生委員から、見守り対象の方が不在と連絡。", List.of(person), null));
        events.poll(30, TimeUnit.SECONDS);
        double[] ms = new double[pushes];
        for (int i = 0; i < pushes; i++) {
            events.clear();
            long s = System.nanoTime();
            log.note(oncall, id, "電話で確認した (" + (i + 1) + " 回目)。");
            Object[] got = events.poll(30, TimeUnit.SECONDS);
            BenchCheckFailed.check(got != null && Long.toString(id).equals(got[1]),
                    "push " + (i + 1) + ": no event for record " + id + " within 30 s");
            ms[i] = ((long) got[0] - s) / 1e6;
        }
        return ms;
    }
}
