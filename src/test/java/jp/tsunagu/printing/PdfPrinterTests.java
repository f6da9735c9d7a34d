package jp.tsunagu.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sheets printed with the machine's Japanese font (IPAex Gothic, as {@code .ci/run} installs it) and read back with
 * PDFBox's text extraction: what was written comes back, on the pages it should, once.
 */
class PdfPrinterTests {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private static final Pattern KEY = Pattern.compile("K\\d{4}");
    private static final Pattern PAGE_NUMBER = Pattern.compile("(\\d+) / (\\d+)");

    private final PdfPrinter printer = new PdfPrinter(new JapaneseFont(null, FontLocations.usual()));

    private static Sheet.Builder sheet(String title) {
        return Sheet.builder(title).cityName("狭山市").printedOn(DAY);
    }

    @Test
    void japaneseTextComesBackAsWrittenInTheEmbeddedJapaneseFont() throws IOException {
        List<String> written = List.of("入間川一丁目の山田 太郎様", "ひらがな カタカナ ﾊﾝｶｸｶﾅ", "〒350-1305 ①②③",
                "髙橋 﨑 ＡＢＣ abc 123");
        Sheet.Builder sheet = sheet("出生・転入のご案内").heading("見出しです");
        written.forEach(sheet::paragraph);
        PrintedPdf pdf = PrintedPdf.read(printer.print(sheet.build()));

        assertThat(pdf.pageCount()).isEqualTo(1);
        assertThat(pdf.lines(0)).containsAll(written);
        assertThat(pdf.text()).contains("出生・転入のご案内", "見出しです", "狭山市", "令和8年12月1日 (2026)", "1 / 1")
                .doesNotContain("〓", "\uFFFD", "取扱注意");
        List<PDFont> fonts = pdf.fonts().get(0);
        assertThat(fonts).isNotEmpty().allSatisfy(font -> {
            assertThat(font).isInstanceOf(PDType0Font.class);
            assertThat(font.getName()).as("a subset (ABCDEF+) of IPAex Gothic").matches("[A-Z]{6}\\+IPAexGothic.*");
            assertThat(font.isEmbedded()).isTrue();
            assertThat(((PDType0Font) font).getDescendantFont().getFontDescriptor().getFontFile2()).isNotNull();
        });
    }

    @Test
    void aLongTableRunsOverPagesWithItsHeaderRowOnEveryPageAndEveryRowOnce() throws IOException {
        List<String> keys = new ArrayList<>();
        Block.Table.Builder table = Block.Table.builder().column("宛名番号", 1.2).column("氏名", 2).column("住所", 4)
                .column("避難支援者", 2);
        for (int i = 1; i <= 300; i++) {
            String key = String.format("K%04d", i);
            keys.add(key);
            table.row(key, "狭山 花子" + i, "埼玉県狭山市入間川一丁目" + i + "番" + (i % 7 + 1) + "号",
                    i % 3 == 0 ? "民生委員 山田 一郎、近所の鈴木 二郎 (長い支援者欄は折り返して二行になります)" : "");
        }
        byte[] pdf = printer.print(sheet("避難行動要支援者名簿").landscape()
                .headerLine("地区: 入間川一丁目 / 提供先: 民生委員 山田様").handleWithCare().add(table.build()).build());

        PrintedPdf printed = PrintedPdf.read(pdf);
        int pages = printed.pageCount();
        assertThat(pages).isGreaterThan(3);
        List<String> seen = new ArrayList<>();
        for (int p = 0; p < pages; p++) {
            String page = printed.pages().get(p);
            assertThat(page).as("page %d", p + 1)
                    .contains("宛名番号", "氏名", "住所", "避難支援者", "取扱注意", "避難行動要支援者名簿",
                            "地区: 入間川一丁目 / 提供先: 民生委員 山田様", "令和8年12月1日 (2026)");
            Matcher number = PAGE_NUMBER.matcher(page);
            assertThat(number.find()).as("page %d has its number", p + 1).isTrue();
            assertThat(number.group(1) + " / " + number.group(2)).isEqualTo((p + 1) + " / " + pages);
            Matcher key = KEY.matcher(page);
            int onPage = 0;
            while (key.find()) {
                seen.add(key.group());
                onPage++;
            }
            assertThat(onPage).as("rows on page %d", p + 1).isPositive();
        }
        assertThat(seen).as("every row once, in order").isEqualTo(keys);
    }

    @Test
    void handleWithCareIsOnEveryPageOnlyWhenAsked() throws IOException {
        Block.Table.Builder table = Block.Table.builder().column("宛名番号", 1).column("氏名", 3);
        for (int i = 1; i <= 120; i++) {
            table.row(String.format("K%04d", i), "氏名" + i);
        }
        Block.Table rows = table.build();

        PrintedPdf careful = PrintedPdf.read(printer.print(sheet("名簿").handleWithCare().add(rows).build()));
        PrintedPdf plain = PrintedPdf.read(printer.print(sheet("名簿").add(rows).build()));

        assertThat(careful.pageCount()).isGreaterThan(1);
        assertThat(careful.pages()).allSatisfy(page -> assertThat(page).contains("取扱注意"));
        assertThat(plain.pageCount()).isEqualTo(careful.pageCount());
        assertThat(plain.pages()).allSatisfy(page -> assertThat(page).doesNotContain("取扱注意").contains("宛名番号"));
    }

    @Test
    void landscapeSheetsHaveLandscapePagesAndPortraitSheetsPortraitPages() throws IOException {
        PrintedPdf landscape = PrintedPdf.read(printer.print(sheet("横").landscape().paragraph("横向き").build()));
        PrintedPdf portrait = PrintedPdf.read(printer.print(sheet("縦").paragraph("縦向き").build()));

        PDRectangle wide = landscape.boxes().get(0);
        PDRectangle tall = portrait.boxes().get(0);
        assertThat(wide.getWidth()).isGreaterThan(wide.getHeight());
        assertThat(Math.round(wide.getWidth() / PageFlow.MM)).isEqualTo(297);
        assertThat(tall.getHeight()).isGreaterThan(tall.getWidth());
        assertThat(Math.round(tall.getWidth() / PageFlow.MM)).isEqualTo(210);
        assertThat(landscape.text()).contains("横向き").doesNotContain("縦向き");
    }

    @Test
    void twentyFiveLabelsOnTwoBySixMakeThreePagesWithEachAddressOnce() throws IOException {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            labels.add("〒350-13" + String.format("%02d", i) + "\n埼玉県狭山市入間川" + i + "丁目" + i + "番地\n狭山 太郎" + i + " 様");
        }
        PrintedPdf printed = PrintedPdf.read(printer.print(sheet("宛名ラベル").labels(labels, 2, 6).build()));

        assertThat(printed.pageCount()).isEqualTo(3);
        String all = printed.text();
        for (int i = 1; i <= 25; i++) {
            String postcode = "〒350-13" + String.format("%02d", i);
            assertThat(count(all, postcode)).as(postcode).isEqualTo(1);
            assertThat(count(all, "埼玉県狭山市入間川" + i + "丁目" + i + "番地")).as("address %d", i).isEqualTo(1);
            assertThat(count(all, "狭山 太郎" + i + " 様")).as("name %d", i).isEqualTo(1);
        }
        assertThat(count(printed.pages().get(0), "〒")).isEqualTo(12);
        assertThat(count(printed.pages().get(1), "〒")).isEqualTo(12);
        assertThat(count(printed.pages().get(2), "〒")).isEqualTo(1);
    }

    @Test
    void withoutAFontPrintingIsUnavailableWithAJapaneseMessage(@TempDir Path folder) throws IOException {
        Path notAFont = Files.writeString(folder.resolve("ipaexg.ttf"), "これはフォントではありません");
        PdfPrinter nowhere = new PdfPrinter(new JapaneseFont(folder.resolve("missing.ttf"), List.of()));
        PdfPrinter broken = new PdfPrinter(new JapaneseFont(folder.resolve("missing.ttf"), List.of(notAFont)));
        Sheet sheet = sheet("帳票").paragraph("本文").build();

        assertThatThrownBy(() -> nowhere.print(sheet)).isInstanceOf(PrintingUnavailable.class)
                .hasMessage("日本語フォントが見つかりません。fonts-ipaexfont-gothic をインストールするか、"
                        + "tsunagu.print.font にフォントファイルを指定してください。");
        assertThatThrownBy(() -> broken.print(sheet)).isInstanceOf(PrintingUnavailable.class)
                .hasMessageContaining("日本語フォントが見つかりません");
    }

    @Test
    void theConfiguredFontIsTakenBeforeTheSearchList(@TempDir Path folder) throws IOException {
        Path copy = Files.copy(Path.of("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
                folder.resolve("city-font.ttf"));
        JapaneseFont font = new JapaneseFont(copy, List.of(folder.resolve("absent.ttf")));

        assertThat(font.file().path()).isEqualTo(copy);
        PrintedPdf printed = PrintedPdf.read(new PdfPrinter(font).print(sheet("帳票").paragraph("設定したフォント").build()));
        assertThat(printed.text()).contains("設定したフォント");
    }

    @Test
    void aCharacterTheFontLacksIsDrawnAsGetaAndTheRestOfTheLineStays() throws IOException {
        PrintedPdf printed = PrintedPdf.read(printer.print(sheet("外字").paragraph("前の文字😀後ろの文字").build()));

        assertThat(printed.text()).contains("前の文字〓後ろの文字").doesNotContain("😀", "\uFFFD");
    }

    @Test
    void noLineStartsWithAClosingMarkAndNoCharacterIsLostInWrapping() throws IOException {
        String text = "あいうえお、かきくけこ。「さしすせそ」たちつてと、".repeat(40);
        PrintedPdf printed = PrintedPdf.read(printer.print(sheet("禁則").paragraph(text).build()));

        List<String> body = printed.allLines().stream().filter(l -> l.matches("^[「あ-んー、。」]+$")).toList();
        assertThat(body).hasSizeGreaterThan(10);
        assertThat(String.join("", body)).isEqualTo(text);
        assertThat(body).noneMatch(line -> line.startsWith("、") || line.startsWith("。") || line.startsWith("」"));
        assertThat(body).noneMatch(line -> line.endsWith("「"));
    }

    @Test
    void aGroupContinuedOnTheNextPageShowsItsLabelAgainWithContinued() throws IOException {
        Block.Table.Builder table = Block.Table.builder().column("記録", 1).column("日時", 1.5).column("内容", 5);
        List<String> keys = new ArrayList<>();
        for (int person = 1; person <= 12; person++) {
            table.group("相談者 狭山 次郎" + person + " (宛名番号 " + (1000 + person) + ")");
            for (int row = 1; row <= 7; row++) {
                String key = String.format("P%02d-R%02d", person, row);
                keys.add(key);
                table.row(key, "12月" + row + "日 10:00", "週末の見守り。" + "訪問して様子を確かめる。".repeat(row % 3 + 1));
            }
        }
        PrintedPdf printed = PrintedPdf.read(printer.print(sheet("週末引継ぎ票").add(table.build()).build()));

        assertThat(printed.pageCount()).isGreaterThan(1);
        Pattern rowKey = Pattern.compile("P(\\d{2})-R(\\d{2})");
        List<String> seen = new ArrayList<>();
        int continued = 0;
        for (int p = 0; p < printed.pageCount(); p++) {
            String page = printed.pages().get(p);
            assertThat(page).contains("記録", "日時", "内容");
            Matcher m = rowKey.matcher(page);
            assertThat(m.find()).isTrue();
            int person = Integer.parseInt(m.group(1));
            String band = "相談者 狭山 次郎" + person + " (宛名番号 " + (1000 + person) + ")（続き）";
            if (!m.group(2).equals("01")) {
                assertThat(page).as("page %d starts inside a group", p + 1).contains(band);
                continued++;
            } else {
                assertThat(page).as("page %d starts with a group", p + 1).doesNotContain(band);
            }
            m.reset();
            while (m.find()) {
                seen.add(m.group());
            }
        }
        assertThat(count(printed.text(), "（続き）")).isEqualTo(continued);
        assertThat(seen).isEqualTo(keys);
        for (int person = 1; person <= 12; person++) {
            assertThat(printed.text()).contains("相談者 狭山 次郎" + person + " (宛名番号 " + (1000 + person) + ")");
        }
    }

    @Test
    void aRowTallerThanAPageContinuesOnTheNextPagesWithNoLineLost() throws IOException {
        StringBuilder note = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            note.append("経過").append(String.format("%03d", i)).append('\n');
        }
        Block.Table table = Block.Table.builder().column("宛名番号", 1).column("経過記録", 4)
                .row("K0001", "短い行").row("K0002", note.toString().strip()).row("K0003", "次の行").build();
        PrintedPdf printed = PrintedPdf.read(printer.print(sheet("経過").add(table).build()));

        assertThat(printed.pageCount()).isGreaterThan(1);
        assertThat(printed.pages()).allSatisfy(page -> assertThat(page).contains("経過記録"));
        Matcher line = Pattern.compile("経過(\\d{3})").matcher(printed.text());
        List<Integer> lines = new ArrayList<>();
        while (line.find()) {
            lines.add(Integer.parseInt(line.group(1)));
        }
        assertThat(lines).hasSize(150).isSorted().doesNotHaveDuplicates();
        assertThat(count(printed.text(), "K0001") + count(printed.text(), "K0003")).isEqualTo(2);
    }

    @Test
    void manyThreadsPrintAtOnceEachItsOwnSheet() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Callable<byte[]>> prints = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String mine = "帳票番号" + i + "番の本文";
                String title = "同時" + i;
                prints.add(() -> printer.print(sheet(title).paragraph(mine).build()));
            }
            List<java.util.concurrent.Future<byte[]>> done = pool.invokeAll(prints);
            for (int i = 0; i < 8; i++) {
                String text = PrintedPdf.read(done.get(i).get()).text();
                assertThat(text).contains("帳票番号" + i + "番の本文", "同時" + i);
                for (int other = 0; other < 8; other++) {
                    if (other != i) {
                        assertThat(text).doesNotContain("帳票番号" + other + "番");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keyValuesChecklistsAndPageBreaksPrintWhatTheySay() throws IOException {
        PrintedPdf printed = PrintedPdf.read(printer.print(sheet("個別避難計画").keyValues("氏名", "狭山 一子", "住所",
                "埼玉県狭山市入間川一丁目1番1号", "避難先", "入間川小学校").pageBreak().pageBreak()
                .checklist(List.of("死亡届の提出 (市民課、本庁舎1階)", "年金の停止 (保険年金課)")).build()));

        assertThat(printed.pageCount()).as("two page breaks in a row make one new page").isEqualTo(2);
        assertThat(printed.pages().get(0)).contains("氏名", "狭山 一子", "避難先", "入間川小学校")
                .doesNotContain("死亡届");
        assertThat(printed.lines(1)).contains("□ 死亡届の提出 (市民課、本庁舎1階)", "□ 年金の停止 (保険年金課)");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
