package jp.tsunagu.bench;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.printing.Block;
import jp.tsunagu.printing.PdfPrinter;
import jp.tsunagu.printing.Sheet;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.springframework.stereotype.Component;

/**
 * {@code bench print [--rows 3000] [--runs 7]}: a district list (避難行動要支援者名簿) of {@code --rows} rows printed
 * as A4 landscape with 取扱注意, the header row on every page and wrapped cells, against the floor measured in
 * the same run: PDFBox alone embedding the same font as a subset and drawing each row's text as one line, with
 * no wrapping, rules or repeated header (glyph substitution off, as the printer has it; once more with PDFBox's
 * default, on, for the record). Checked: both PDFs hold every row's key once, and the printed one has
 * its header row and 「n / N」 on every page.
 */
@Component
class PrintBenchmark implements Benchmark {

    private static final String[] SURNAMES = {"佐藤", "鈴木", "髙橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "齋藤"};
    private static final String[] GIVEN = {"花子", "一郎", "和子", "清", "幸子", "茂", "ハル", "ミツ", "正男", "節子"};
    private static final String[] TOWNS = {"入間川", "狭山台", "新狭山", "水野", "広瀬", "柏原", "堀兼", "北入曽"};
    private static final String[] NEEDS = {"要介護3、車いす", "視覚障害 (1級)", "独居、認知症の疑いあり、夜間は連絡がつきにくい",
            "人工呼吸器を使用。停電時は電源の確保が必要", "聴覚障害、筆談"};
    private static final Pattern KEY = Pattern.compile("B\\d{6}");

    private final PdfPrinter printer;

    PrintBenchmark(PdfPrinter printer) {
        this.printer = printer;
    }

    @Override
    public String name() {
        return "print";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int rows = (int) options.longValue("rows", 3000);
        int runs = (int) options.longValue("runs", 7);
        System.out.printf(Locale.ROOT, "bench print: a district list of %,d rows, %d runs (after one warm-up each)%n",
                rows, runs);
        List<List<String>> data = rows(rows);
        Sheet sheet = sheet(data);
        byte[] font = Files.readAllBytes(fontOf(printer.fontFile()));

        byte[] printed = printer.print(sheet);
        byte[] floor = floor(data, font, false);
        // PDFBox as its documentation shows it (GSUB on): measured once, for the record
        long naiveStart = System.nanoTime();
        byte[] naive = floor(data, font, true);
        double naiveMs = (System.nanoTime() - naiveStart) / 1e6;
        System.out.printf(Locale.ROOT, "  PDFBox with its default glyph substitution (GSUB), once: %.0f ms%n", naiveMs);
        double[] printMs = new double[runs];
        double[] floorMs = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            printed = printer.print(sheet);
            printMs[r] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            floor = floor(data, font, false);
            floorMs[r] = (System.nanoTime() - start) / 1e6;
            System.out.printf(Locale.ROOT, "  run %d: printed %.0f ms, PDFBox floor %.0f ms%n", r + 1, printMs[r],
                    floorMs[r]);
        }
        int pages = check(printed, floor, data);
        BenchCheckFailed.check(keys(text(naive)).equals(keys(text(floor))), "the GSUB run drew other rows");
        double print = Stats.median(printMs);
        double reference = Stats.median(floorMs);
        System.out.printf(Locale.ROOT, "  checked: %,d pages, every row once, header row and page number on each%n",
                pages);
        System.out.printf(Locale.ROOT,
                "RESULT print_ms=%.0f floor_ms=%.0f ratio=%.2f gsub_once_ms=%.0f rows=%d pages=%d pages_per_s=%.0f kb=%d "
                        + "runs=%d%n",
                print, reference, print / reference, naiveMs, rows, pages, pages / (print / 1000), printed.length / 1024,
                runs);
        return 0;
    }

    private static List<List<String>> rows(int count) {
        Random random = new Random(20261201L);
        List<List<String>> rows = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String town = TOWNS[random.nextInt(TOWNS.length)];
            rows.add(List.of(String.format(Locale.ROOT, "B%06d", i),
                    SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN[random.nextInt(GIVEN.length)],
                    "埼玉県狭山市" + town + (1 + random.nextInt(4)) + "丁目" + (1 + random.nextInt(30)) + "番"
                            + (1 + random.nextInt(20)) + "号",
                    NEEDS[random.nextInt(NEEDS.length)],
                    random.nextInt(3) == 0 ? "民生委員 山田 一郎、近所の鈴木 二郎" : "民生委員 山田 一郎"));
        }
        return rows;
    }

    private static Sheet sheet(List<List<String>> data) {
        Block.Table.Builder table = Block.Table.builder().column("宛名番号", 1.1).column("氏名", 1.4).column("住所", 3)
                .column("支援が必要な理由", 3).column("避難支援者", 2);
        data.forEach(table::row);
        return Sheet.builder("避難行動要支援者名簿").cityName("狭山市").printedOn(LocalDate.of(2026, 12, 1)).landscape()
                .handleWithCare().headerLine("地区: 入間川 / 提供先: 民生委員 山田様").add(table.build()).build();
    }

    /**
     * PDFBox alone: the font embedded as a subset, each row's text as one line, 30 lines a page; glyph
     * substitution off as the printer has it, or on ({@code gsub}) as PDFBox has it by default.
     */
    private static byte[] floor(List<List<String>> data, byte[] font, boolean gsub) throws Exception {
        PDRectangle landscape = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
        try (PDDocument document = new PDDocument()) {
            TrueTypeFont parsed = new TTFParser().parse(new RandomAccessReadBuffer(font));
            parsed.setEnableGsub(gsub);
            PDType0Font type0 = PDType0Font.load(document, parsed, true);
            for (int from = 0; from < data.size(); from += 30) {
                PDPage page = new PDPage(landscape);
                document.addPage(page);
                try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                    float y = landscape.getHeight() - 40;
                    for (List<String> row : data.subList(from, Math.min(data.size(), from + 30))) {
                        out.beginText();
                        out.setFont(type0, 8);
                        out.newLineAtOffset(30, y);
                        out.showText(String.join(" ", row));
                        out.endText();
                        y -= 17;
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static int check(byte[] printed, byte[] floor, List<List<String>> data) throws Exception {
        List<String> keys = data.stream().map(row -> row.get(0)).toList();
        int pages;
        try (PDDocument document = Loader.loadPDF(printed)) {
            pages = document.getNumberOfPages();
            List<String> seen = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= pages; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String text = stripper.getText(document);
                BenchCheckFailed.check(text.contains("支援が必要な理由") && text.contains("取扱注意")
                        && text.contains(p + " / " + pages), "page " + p + " lacks its header row or number");
                seen.addAll(keys(text));
            }
            BenchCheckFailed.check(seen.equals(keys), "the printed list holds " + seen.size() + " keys, not the "
                    + keys.size() + " rows in order");
        }
        BenchCheckFailed.check(keys(text(floor)).equals(keys), "the floor's PDF does not hold every row once");
        BenchCheckFailed.check(pages > 1, "a list of " + keys.size() + " rows fit on one page");
        return pages;
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static List<String> keys(String text) {
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            keys.add(m.group());
        }
        return keys;
    }

    private static Path fontOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        BenchCheckFailed.check(!name.endsWith(".ttc") && !name.endsWith(".otc"),
                "the floor parses a single font file; this server prints with a collection: " + path);
        return path;
    }
}
