package jp.tsunagu.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.procedures.DetectionSwitch;
import jp.tsunagu.procedures.Procedures;
import jp.tsunagu.procedures.WorklistQuery;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code bench lifeevents [--residents N] [--runs N] [--worklist-items N] [--requests N] [--explain]}: a 住民記録 of N
 * residents (default 1,000,000) and a next-day snapshot with 0.5 % births, 0.5 % deaths and 0.5 % moves
 * within the city, re-imported {@code --runs} times (default 5) each with life-event detection off and
 * on (alternating which goes first, each time back to day 1 in between; the ratio of the medians, every
 * run printed, so that one disturbed run on a shared machine neither makes nor breaks it); the time is the user's wait: from the start of the import until every
 * listener (person index, involvement, and the detection with its checklists) has finished. Then, with
 * more next-day snapshots detected until 市民課 has at least 100,000 open items, the worklist's page (as
 * the screen reads it: the page, its count and the tabs' counts) and the life-event feed (1,000 a page).
 */
@Component
class LifeEventsBenchmark implements Benchmark {

    static final String SOURCE = "bench-jumin";
    static final String DEFINITION = """
            name: 性能測定用 住民記録
            program: 住民基本台帳
            department: {id: shimin, name: 市民課, contact: 内線 1210}
            role: resident-registry
            encoding: UTF-8
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: household, column: 世帯番号, label: 世帯番号, type: text, kind: household}
              - {name: name, column: 氏名, label: 氏名, type: text}
              - {name: kana, column: カナ氏名, label: カナ氏名, type: text}
              - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
              - {name: sex, column: 性別, label: 性別, type: code, codes: {"1": 男, "2": 女}}
              - {name: address, column: 住所, label: 住所, type: text, kind: address}
              - {name: moved_on, column: 異動日, label: 異動日, type: date, formats: [yyyyMMdd]}
              - {name: move_reason, column: 異動事由, label: 異動事由, type: code,
                 codes: {"01": 出生, "02": 転入, "03": 転居, "04": 世帯変更, "11": 転出, "12": 死亡}}
            master: {name: name, kana: kana, birthDate: birth_date, sex: sex, address: address,
                     householdKey: household, movedOn: moved_on, moveReason: move_reason}
            holdShare: 0.5
            """;

    private static final String[] TOWNS = {"入間川", "富士見", "狭山台", "新狭山", "柏原", "水野", "堀兼", "上広瀬", "祇園",
        "鵜ノ木"};
    private static final String[] NUMERALS = {"一", "二", "三", "四", "五"};
    private static final LocalDate DAY1 = LocalDate.of(2026, 4, 1);
    private static final Viewer CLERK = new Viewer("bench-shimin", Role.CASEWORKER, "shimin");

    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final ForeignTables tables;
    private final Procedures procedures;
    private final DetectionSwitch detection;
    private final JdbcTemplate jdbc;

    LifeEventsBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports, Procedures procedures,
            DetectionSwitch detection) {
        this.tables = new ForeignTables(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
        this.catalog = catalog;
        this.imports = imports;
        this.procedures = procedures;
        this.detection = detection;
    }

    @Override
    public String name() {
        return "lifeevents";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int residents = (int) options.longValue("residents", 1_000_000);
        int runs = (int) options.longValue("runs", 5);
        long worklistItems = options.longValue("worklist-items", 100_000);
        int requests = (int) options.longValue("requests", 500);
        int changes = Math.max(1, residents / 200);
        Path dir = BenchCity.tempDir("lifeevents");
        try {
            System.out.printf(Locale.ROOT, "bench lifeevents: %,d residents, a next day with %,d births, %,d deaths and "
                    + "%,d moves; %d runs each way%n", residents, changes, changes, changes, runs);
            catalog.register(SOURCE, DEFINITION);
            Path day1 = dir.resolve("day1.csv");
            write(day1, residents, changes, -1);
            detection.set(false);
            long t0 = System.nanoTime();
            check(imports.importFile(SOURCE, day1, "bench", "bench"), ImportStatus.APPLIED);
            awaitListeners();
            System.out.printf(Locale.ROOT, "  day 1 imported and indexed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            jdbc.execute("VACUUM ANALYZE");

            double[] without = new double[runs];
            double[] with = new double[runs];
            long events = 0;
            int variant = 0;
            for (int r = 0; r < runs; r++) {
                Path next = dir.resolve("day2-" + variant + ".csv");
                write(next, residents, changes, variant);
                // alternate which goes first, so that a drift of the machine falls on both
                for (boolean detect : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    long before = lastEvent();
                    double seconds = reimport(next, detect);
                    long found = countEvents(before);
                    if (detect) {
                        with[r] = seconds;
                        BenchCheckFailed.check(found == 3L * changes, "run " + (r + 1) + " detected " + found
                                + " events, not the " + 3L * changes + " births, deaths and moves");
                        events = found;
                    } else {
                        without[r] = seconds;
                        BenchCheckFailed.check(found == 0, "detection was off, yet " + found + " events were recorded");
                    }
                    System.out.printf(Locale.ROOT, "  run %d, detection %-3s: re-import and listeners %.2f s (%,d events)%n",
                            r + 1, detect ? "on" : "off", seconds, found);
                    back(day1);
                }
                Files.delete(next);
                variant++;
            }
            double ratio = Stats.median(with) / Stats.median(without);
            System.out.printf(Locale.ROOT, "  without detection, every run: %s s%n", seconds(without));
            System.out.printf(Locale.ROOT, "  with detection, every run:    %s s%n", seconds(with));
            System.out.printf(Locale.ROOT, "  median without detection %.2f s, with %.2f s: ratio %.3f (load average %s)%n",
                    Stats.median(without), Stats.median(with), ratio, loadAverage());

            while (procedures.openCount("shimin") < worklistItems) {
                Path next = dir.resolve("day2-" + variant + ".csv");
                write(next, residents, changes, variant);
                long before = lastEvent();
                reimport(next, true);
                BenchCheckFailed.check(countEvents(before) == 3L * changes, "a seeding day detected other than "
                        + 3L * changes + " events");
                back(day1);
                Files.delete(next);
                variant++;
            }
            long open = procedures.openCount("shimin");
            long counted = tables.openProcedureItems("shimin");
            BenchCheckFailed.check(open == counted, "the summary of open items says " + open + ", the items "
                    + counted);
            System.out.printf(Locale.ROOT, "  市民課 has %,d open items (%d next days detected)%n", open, variant);
            jdbc.execute("VACUUM ANALYZE");

            if (options.values().containsKey("explain")) {
                tables.explainWorklist("shimin", java.time.LocalDate.now(jp.tsunagu.platform.TokyoTime.ZONE), "birth",
                        TOWNS[0]);
            }
            Stats.Summary worklist = measureWorklist(requests, open);
            System.out.printf(Locale.ROOT, "  worklist page (50 rows, its count and the tabs' counts): %s%n",
                    worklist.text());
            Stats.Summary feed = measureFeed(requests);
            System.out.printf(Locale.ROOT, "  life-event feed, 1,000 a page from a random cursor: %s%n", feed.text());
            System.out.printf(Locale.ROOT, "RESULT residents=%d events=%d detect_ratio=%.3f worklist_%s=%.2f feed_%s=%.2f%n",
                    residents, events, ratio, worklist.tail().name() + "_ms", worklist.tail().value(),
                    feed.tail().name() + "_ms", feed.tail().value());
            return 0;
        } finally {
            detection.set(true);
            BenchCity.delete(dir);
        }
    }

    private static String seconds(double[] runs) {
        return String.join(" ", java.util.Arrays.stream(runs).mapToObj(s -> String.format(Locale.ROOT, "%.2f", s))
                .toList());
    }

    /** The machine's load average over the last minute, as the report's caveat (the machine may be shared). */
    private static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }

    /** The re-import of a next day, timed until every listener is done. */
    private double reimport(Path file, boolean detect) throws InterruptedException {
        detection.set(detect);
        long t0 = System.nanoTime();
        check(imports.importFile(SOURCE, file, "bench", "bench"), ImportStatus.APPLIED);
        awaitListeners();
        double seconds = (System.nanoTime() - t0) / 1e9;
        detection.set(false);
        return seconds;
    }

    /** Back to day 1 without detection (the births end, the dead and the movers return). */
    private void back(Path day1) throws InterruptedException {
        detection.set(false);
        check(imports.importFile(SOURCE, day1, "bench", "bench"), ImportStatus.APPLIED);
        awaitListeners();
    }

    private Stats.Summary measureWorklist(int requests, long open) {
        List<WorklistQuery> queries = List.of(new WorklistQuery("all", null, null, "due", 1),
                new WorklistQuery("today", null, null, "due", 1), new WorklistQuery("week", null, null, "due", 1),
                new WorklistQuery("overdue", null, null, "due", 1), new WorklistQuery("all", "birth", null, "due", 1),
                new WorklistQuery("all", null, "入間川", "due", 1), new WorklistQuery("all", null, null, "event", 1),
                new WorklistQuery("all", null, null, "due", 2), new WorklistQuery("all", null, null, "due", 20));
        SplittableRandom random = new SplittableRandom(BenchCity.SEED);
        for (int i = 0; i < 20; i++) {
            procedures.worklist(CLERK, queries.get(i % queries.size()));
        }
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            WorklistQuery q = queries.get(random.nextInt(queries.size()));
            long t0 = System.nanoTime();
            Procedures.WorklistPage page = procedures.worklist(CLERK, q);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            BenchCheckFailed.check(page.all() == open, "the worklist counted " + page.all() + " open items, not " + open);
            BenchCheckFailed.check(!page.rows().items().isEmpty() || !q.when().equals("all"),
                    "the worklist page " + q + " was empty");
        }
        return Stats.of(millis);
    }

    private Stats.Summary measureFeed(int requests) {
        long last = lastEvent();
        SplittableRandom random = new SplittableRandom(BenchCity.SEED + 1);
        double[] millis = new double[requests];
        for (int i = -20; i < requests; i++) {
            long since = random.nextLong(Math.max(1, last - 1_000));
            long t0 = System.nanoTime();
            Procedures.FeedPage page = procedures.feed(CLERK, since, 1_000);
            double ms = (System.nanoTime() - t0) / 1e6;
            long expected = Math.min(1_000, last - since);
            BenchCheckFailed.check(page.events().size() == expected, "a feed page from " + since + " held "
                    + page.events().size() + " events, not " + expected);
            if (i >= 0) {
                millis[i] = ms;
            }
        }
        return Stats.of(millis);
    }

    /** The number of the last event, read through the feed (the clerk of 市民課 sees every event here). */
    private long lastEvent() {
        long cursor = 0;
        while (true) {
            Procedures.FeedPage page = procedures.feed(CLERK, cursor, 1_000);
            if (page.next() == cursor) {
                return cursor;
            }
            cursor = page.next();
        }
    }

    private long countEvents(long since) {
        long count = 0;
        long cursor = since;
        while (true) {
            Procedures.FeedPage page = procedures.feed(CLERK, cursor, 1_000);
            count += page.events().size();
            if (page.next() == cursor) {
                return count;
            }
            cursor = page.next();
        }
    }

    private void awaitListeners() throws InterruptedException {
        long deadline = System.nanoTime() + 20L * 60 * 1_000_000_000L;
        while (tables.pendingEvents() > 0) {
            BenchCheckFailed.check(System.nanoTime() < deadline, "listeners still busy after 20 minutes");
            Thread.sleep(10);
        }
    }

    private static void check(ImportReport report, ImportStatus expected) {
        BenchCheckFailed.check(report.errorCount() == 0 && report.status() == expected,
                "import " + report.status() + " " + report.message() + " " + report.problems());
    }

    /**
     * Writes a registry: day 1 ({@code variant} -1), or a next day whose births, deaths and moves happen on
     * day 2 + variant (so that each next day's events are new ones).
     */
    static void write(Path file, int residents, int changes, int variant) throws IOException {
        LocalDate day = DAY1.plusDays(1 + Math.max(variant, 0));
        String dayText = day.toString().replace("-", "");
        int step = residents / changes;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("宛名番号,世帯番号,氏名,カナ氏名,生年月日,性別,住所,異動日,異動事由\n");
            SplittableRandom random = new SplittableRandom(BenchCity.SEED);
            for (int i = 0; i < residents; i++) {
                int birthDays = 365 * 5 + random.nextInt(365 * 90);
                LocalDate birth = DAY1.minusDays(birthDays);
                int town = random.nextInt(TOWNS.length);
                int block = random.nextInt(5);
                String address = address(town, block, random.nextInt(30) + 1, random.nextInt(20) + 1);
                String moved = DAY1.minusDays(random.nextInt(9_000) + 1).toString().replace("-", "");
                String reason = "02";
                if (variant >= 0 && i % step == 7 % step) {
                    reason = "12";
                    moved = dayText;
                } else if (variant >= 0 && i % step == 101 % step) {
                    reason = "03";
                    moved = dayText;
                    address = address((town + 1) % TOWNS.length, block, 3, 5);
                }
                row(out, i + 1, i / 3 + 1, birth, i % 2 + 1, address, moved, reason);
            }
            if (variant >= 0) {
                for (int b = 0; b < changes; b++) {
                    // a newborn in the household of a resident
                    int parent = b * step + 50 % step;
                    row(out, residents + b + 1, parent / 3 + 1, day, b % 2 + 1,
                            address(parent % TOWNS.length, 0, 1, 1), dayText, "01");
                }
            }
        }
    }

    private static String address(int town, int block, int ban, int go) {
        return "埼玉県狭山市" + TOWNS[town] + NUMERALS[block] + "丁目" + ban + "番" + go + "号";
    }

    private static void row(BufferedWriter out, int key, int household, LocalDate birth, int sex, String address,
            String moved, String reason) throws IOException {
        out.write(String.format(Locale.ROOT, "%010d,H%09d,住民 %d,ジュウミン,%s,%d,%s,%s,%s%n", key, household, key,
                birth.toString().replace("-", ""), sex, address, moved, reason));
    }
}
