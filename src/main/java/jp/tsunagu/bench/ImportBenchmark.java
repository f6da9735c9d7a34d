package jp.tsunagu.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

/**
 * {@code bench import [--rows N] [--runs N]}: PostgreSQL {@code COPY} of a file into a plain logged
 * table, against Tsunagu's first import of the same file and its re-import of a next-day snapshot
 * (1% changed, 0.5% ended, 0.5% added), all in one run on one server. Ratios are Tsunagu's rows per
 * second over COPY's.
 */
@Component
class ImportBenchmark implements Benchmark {

    static final String DEFINITION = """
            name: 性能測定用 (12列)
            program: 性能測定
            department: {id: bench, name: 情報システム課, contact: 内線 0000}
            encoding: UTF-8
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: name, column: 氏名, label: 氏名, type: text}
              - {name: kana, column: カナ氏名, label: カナ氏名, type: text}
              - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
              - {name: sex, column: 性別, label: 性別, type: code, codes: {"1": 男, "2": 女}}
              - {name: postcode, column: 郵便番号, label: 郵便番号, type: text, kind: postcode}
              - {name: address, column: 住所, label: 住所, type: text, kind: address}
              - {name: katagaki, column: 方書, label: 方書, type: text, kind: address-detail}
              - {name: phone, column: 電話番号, label: 電話番号, type: text, kind: phone}
              - {name: certified_on, column: 認定日, label: 認定日, type: date, formats: [wareki]}
              - {name: grade, column: 区分, label: 区分, type: code, codes: {"1": 一, "2": 二, "3": 三, "4": 四}}
              - {name: note, column: 備考, label: 備考, type: text}
            """;

    private static final String[] SURNAMES = {"佐藤", "鈴木", "髙橋", "田中", "伊藤", "渡邊", "山本", "中村", "小林", "加藤",
            "吉田", "山田", "佐々木", "山﨑", "松本", "井上", "木村", "林", "斎藤", "清水"};
    private static final String[] SURNAME_KANA = {"サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ヤマモト",
            "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマダ", "ササキ", "ヤマザキ", "マツモト", "イノウエ", "キムラ", "ハヤシ",
            "サイトウ", "シミズ"};
    private static final String[] GIVEN = {"太郎", "花子", "翔", "美咲", "健一", "陽子", "大輔", "恵", "隆", "由美"};
    private static final String[] GIVEN_KANA = {"タロウ", "ハナコ", "ショウ", "ミサキ", "ケンイチ", "ヨウコ", "ダイスケ", "メグミ",
            "タカシ", "ユミ"};
    private static final String[] TOWNS = {"入間川", "富士見", "狭山台", "新狭山", "柏原", "水野", "堀兼", "上広瀬", "祇園",
            "鵜ノ木"};

    private final DataSource dataSource;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final ForeignTables tables;

    ImportBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports) {
        this.dataSource = dataSource;
        this.tables = new ForeignTables(dataSource);
        this.catalog = catalog;
        this.imports = imports;
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int rows = (int) options.longValue("rows", 1_000_000);
        int runs = (int) options.longValue("runs", 5);
        Path dir = Files.createTempDirectory("tsunagu-bench-import-");
        try (HeapWatcher heap = new HeapWatcher()) {
            System.out.printf(Locale.ROOT, "bench import: %,d rows x 12 columns, %d runs each%n", rows, runs);
            Path day1 = dir.resolve("day1.csv");
            Path day2 = dir.resolve("day2.csv");
            int[] day2Counts = write(day1, day2, rows);
            System.out.printf(Locale.ROOT, "  files: day1 %,d bytes; day2 %,d bytes (%,d changed, %,d ended, %,d added)%n",
                    Files.size(day1), Files.size(day2), day2Counts[0], day2Counts[1], day2Counts[2]);

            double[] copy = new double[runs];
            for (int r = 0; r < runs; r++) {
                copy[r] = copy(day1, r, rows);
                System.out.printf(Locale.ROOT, "  COPY into a logged table, run %d: %.2f s%n", r + 1, copy[r]);
            }
            heap.reset();
            double[] first = new double[runs];
            String reimportSource = null;
            long firstRecords = 0;
            for (int r = 0; r < runs; r++) {
                String sourceId = "bench-" + (r + 1);
                catalog.register(sourceId, DEFINITION);
                long t0 = System.nanoTime();
                ImportReport report = imports.importFile(sourceId, day1, "bench", "bench");
                first[r] = (System.nanoTime() - t0) / 1e9;
                firstRecords = check(sourceId, report, rows, new long[] {rows, 0, 0});
                System.out.printf(Locale.ROOT, "  Tsunagu first import, run %d: %.2f s (%,d added; %,d current records "
                        + "counted after the commit)%n", r + 1, first[r], report.added(), firstRecords);
                reimportSource = sourceId;
            }
            double[] reimport = new double[runs];
            long day2Rows = rows - day2Counts[1] + day2Counts[2];
            long reimportRecords = 0;
            for (int r = 0; r < runs; r++) {
                boolean forward = r % 2 == 0;
                long t0 = System.nanoTime();
                ImportReport report = imports.importFile(reimportSource, forward ? day2 : day1, "bench", "bench");
                reimport[r] = (System.nanoTime() - t0) / 1e9;
                // back to day 1, what was added is ended and what was ended is added again
                reimportRecords = check(reimportSource, report, forward ? day2Rows : rows, forward
                        ? new long[] {day2Counts[2], day2Counts[0], day2Counts[1]}
                        : new long[] {day2Counts[1], day2Counts[0], day2Counts[2]});
                System.out.printf(Locale.ROOT,
                        "  Tsunagu next-day re-import, run %d: %.2f s (%,d added, %,d changed, %,d ended, %,d unchanged; "
                                + "%,d current records)%n",
                        r + 1, reimport[r], report.added(), report.changed(), report.ended(), report.unchanged(),
                        reimportRecords);
            }
            long peakHeap = heap.peakMiB();
            double copyRate = rows / Stats.median(copy);
            double firstRate = rows / Stats.median(first);
            double reimportSeconds = Stats.median(reimport);
            double reimportRate = rows / reimportSeconds;
            System.out.printf(Locale.ROOT, "  medians: COPY %.2f s, first import %.2f s, re-import %.2f s; "
                    + "peak heap after GC %d MiB (max heap %d MiB)%n", Stats.median(copy), Stats.median(first),
                    reimportSeconds, peakHeap, Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.println("  checked: every run's counts as planted, its records counted after it and its run "
                    + "current from another connection");
            System.out.printf(Locale.ROOT,
                    "RESULT copy_rows_per_s=%.0f first_rows_per_s=%.0f first_ratio=%.2f reimport_s=%.2f "
                            + "reimport_ratio=%.2f peak_heap_mib=%d rows=%d first_records=%d reimport_records=%d%n",
                    copyRate, firstRate, firstRate / copyRate, reimportSeconds, reimportRate / copyRate, peakHeap,
                    rows, firstRecords, reimportRecords);
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Checks one import after it returned: applied with the planted {added, changed, ended}, its run
     * current as another connection sees it (so the time taken ended after the commit), and the
     * source's current records, counted, equal to {@code expectedRecords}; returns that count.
     */
    long check(String sourceId, ImportReport report, long expectedRecords, long[] planted) {
        BenchCheckFailed.check(report.status() == ImportStatus.APPLIED && report.added() == planted[0]
                && report.changed() == planted[1] && report.ended() == planted[2], String.format(Locale.ROOT,
                        "import of %s: %s (%,d added, %,d changed, %,d ended), expected applied with %,d added, "
                                + "%,d changed, %,d ended: %s %s", sourceId, report.status(), report.added(),
                        report.changed(), report.ended(), planted[0], planted[1], planted[2], report.message(),
                        report.problems().stream().limit(3).toList()));
        Long current = tables.currentRun(sourceId);
        BenchCheckFailed.check(current != null && current == report.runId(), String.format(Locale.ROOT,
                "import of %s: run %d returned, but the source's current run is %s", sourceId, report.runId(), current));
        long records = tables.currentRecords(sourceId);
        BenchCheckFailed.check(records == expectedRecords, String.format(Locale.ROOT,
                "import of %s (run %d): %,d current records after the import, expected %,d", sourceId,
                report.runId(), records, expectedRecords));
        return records;
    }

    /** COPY of the whole file, streamed from this process, into a plain logged table. */
    private double copy(Path file, int run, long rows) throws Exception {
        String table = "bench_copy_" + run;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text,"
                    + " c8 text, c9 text, c10 text, c11 text, c12 text)");
            // autocommit: the COPY statement's own commit is inside the time, as Tsunagu's is
            long start = System.nanoTime();
            long copied;
            try (InputStream in = Files.newInputStream(file)) {
                copied = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER true)", in, 1 << 16);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            BenchCheckFailed.check(copied == rows, "COPY loaded " + copied + " rows, expected " + rows);
            st.execute("DROP TABLE " + table);
            return seconds;
        }
    }

    /** Writes day 1 and a next day with 1% changed, 0.5% ended and 0.5% added; returns those counts. */
    static int[] write(Path day1, Path day2, int rows) throws IOException {
        int changed = 0;
        int ended = 0;
        int added = 0;
        String header = "宛名番号,氏名,カナ氏名,生年月日,性別,郵便番号,住所,方書,電話番号,認定日,区分,備考\n";
        try (BufferedWriter a = Files.newBufferedWriter(day1, StandardCharsets.UTF_8);
                BufferedWriter b = Files.newBufferedWriter(day2, StandardCharsets.UTF_8)) {
            a.write(header);
            b.write(header);
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < rows; i++) {
                row(line, i, false);
                a.append(line);
                if (i % 200 == 0) {
                    ended++;
                    continue;
                }
                if (i % 100 == 1) {
                    changed++;
                    row(line, i, true);
                }
                b.append(line);
            }
            for (int i = rows; i < rows + rows / 200; i++) {
                row(line, i, false);
                b.append(line);
                added++;
            }
        }
        return new int[] {changed, ended, added};
    }

    private static void row(StringBuilder sb, int i, boolean nextDay) {
        SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
        int s = random.nextInt(SURNAMES.length);
        int g = random.nextInt(GIVEN.length);
        int year = 1930 + random.nextInt(90);
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(28);
        int reiwa = 1 + random.nextInt(6);
        sb.setLength(0);
        sb.append(String.format(Locale.ROOT, "%010d", 100_000 + i)).append(',')
                .append(SURNAMES[s]).append('　').append(GIVEN[g]).append(',')
                .append(SURNAME_KANA[s]).append(' ').append(GIVEN_KANA[g]).append(',')
                .append(year).append(month < 10 ? "0" : "").append(month).append(day < 10 ? "0" : "").append(day)
                .append(',').append(1 + random.nextInt(2)).append(',')
                .append("350-13").append(10 + random.nextInt(90)).append(',')
                .append("埼玉県狭山市").append(TOWNS[random.nextInt(TOWNS.length)]).append(1 + random.nextInt(4))
                .append("丁目").append(1 + random.nextInt(30)).append('番').append(1 + random.nextInt(20)).append("号,")
                .append(random.nextInt(10) == 0 ? "\"コーポ狭山, " + (101 + random.nextInt(300)) + "号室\"" : "")
                .append(",04-29").append(String.format(Locale.ROOT, "%02d-%04d", random.nextInt(100),
                        random.nextInt(10_000)))
                .append(",令和").append(reiwa == 1 ? "元" : Integer.toString(reiwa)).append('年')
                .append(reiwa == 1 ? 5 + random.nextInt(8) : 1 + random.nextInt(12)).append('月').append(1 + random.nextInt(28)).append("日,")
                .append(1 + random.nextInt(4)).append(',')
                .append(nextDay ? "状況変更あり (翌日)" : "継続中")
                .append('\n');
    }
}
