package jp.tsunagu.printing;

import java.io.IOException;
import java.util.List;
import jp.tsunagu.japanese.JapaneseDates;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;

/**
 * Every page's header and footer (ヘッダー・フッター), drawn over the finished pages once their number is known:
 * the title (and 「取扱注意」 in a box at the right) and the header line at the top; the city's name and the date
 * printed at the bottom left, 「1 / 3」 in the middle. Title and header line take at most two lines each, the
 * same on every page, so the body's height is known before the body is laid out.
 */
final class PageFrame {

    static final float MARGIN = 12 * PageFlow.MM;
    static final String HANDLE_WITH_CARE = "取扱注意";
    private static final float TITLE = 12f;
    private static final float TITLE_LINE = TITLE * 1.35f;
    private static final float LINE_SIZE = 9f;
    private static final float LINE_LINE = LINE_SIZE * 1.45f;
    private static final float CARE = 11f;
    private static final float FOOT = 8.5f;
    private static final float GAP = 8f;

    private final Sheet sheet;
    private final PrintFont font;
    private final float pageWidth;
    private final List<String> title;
    private final List<String> headerLine;
    private final String care;
    private final float careWidth;

    PageFrame(Sheet sheet, PrintFont font, float pageWidth) {
        this.sheet = sheet;
        this.font = font;
        this.pageWidth = pageWidth;
        this.care = font.printable(HANDLE_WITH_CARE);
        this.careWidth = sheet.handleWithCare() ? font.width(care, CARE) + 12 : 0;
        float width = pageWidth - 2 * MARGIN;
        this.title = firstTwo(LineBreaker.lines(font.printable(sheet.title()), font, TITLE, width - careWidth - 8),
                font, TITLE, width - careWidth - 8);
        this.headerLine = sheet.headerLine() == null ? List.of()
                : firstTwo(LineBreaker.lines(font.printable(sheet.headerLine()), font, LINE_SIZE, width), font,
                        LINE_SIZE, width);
    }

    /** The height the header takes below the top margin, the rule and the gap under it included. */
    float headerHeight() {
        return title.size() * TITLE_LINE + headerLine.size() * LINE_LINE + 4 + GAP;
    }

    /** The height the footer takes above the bottom margin. */
    float footerHeight() {
        return FOOT * 1.5f + 4 + GAP;
    }

    void draw(PDDocument document, List<PDPage> pages) throws IOException {
        String printed = font.printable(sheet.cityName() + "　印刷日 " + JapaneseDates.warekiWithYear(sheet.printedOn()));
        for (int i = 0; i < pages.size(); i++) {
            PDPage page = pages.get(i);
            float height = page.getMediaBox().getHeight();
            try (PDPageContentStream out = new PDPageContentStream(document, page, AppendMode.APPEND, true, true)) {
                header(out, height);
                footer(out, printed, font.printable((i + 1) + " / " + pages.size()));
            }
        }
    }

    private void header(PDPageContentStream out, float pageHeight) throws IOException {
        float top = pageHeight - MARGIN;
        for (int i = 0; i < title.size(); i++) {
            text(out, title.get(i), MARGIN, Grid.baseline(top - i * TITLE_LINE, TITLE_LINE, TITLE), TITLE);
        }
        if (sheet.handleWithCare()) {
            float x = pageWidth - MARGIN - careWidth;
            out.setLineWidth(1.2f);
            out.addRect(x, top - CARE * 1.6f, careWidth, CARE * 1.6f);
            out.stroke();
            text(out, care, x + 6, Grid.baseline(top, CARE * 1.6f, CARE), CARE);
        }
        float lineTop = top - title.size() * TITLE_LINE;
        for (int i = 0; i < headerLine.size(); i++) {
            text(out, headerLine.get(i), MARGIN, Grid.baseline(lineTop - i * LINE_LINE, LINE_LINE, LINE_SIZE),
                    LINE_SIZE);
        }
        float rule = lineTop - headerLine.size() * LINE_LINE - 2;
        out.setLineWidth(0.8f);
        out.moveTo(MARGIN, rule);
        out.lineTo(pageWidth - MARGIN, rule);
        out.stroke();
    }

    private void footer(PDPageContentStream out, String printed, String number) throws IOException {
        float rule = MARGIN + FOOT * 1.5f + 2;
        out.setLineWidth(0.5f);
        out.moveTo(MARGIN, rule);
        out.lineTo(pageWidth - MARGIN, rule);
        out.stroke();
        float baseline = MARGIN + FOOT * 0.3f;
        text(out, printed, MARGIN, baseline, FOOT);
        text(out, number, (pageWidth - font.width(number, FOOT)) / 2, baseline, FOOT);
    }

    private void text(PDPageContentStream out, String printable, float x, float baseline, float size)
            throws IOException {
        out.beginText();
        out.setFont(font.pdfFont(), size);
        out.newLineAtOffset(x, baseline);
        out.showText(printable);
        out.endText();
    }

    /** At most two lines; when there were more, the second ends in …. */
    private static List<String> firstTwo(List<String> lines, PrintFont font, float size, float width) {
        if (lines.size() <= 2) {
            return lines;
        }
        String second = lines.get(1);
        String ellipsis = font.printable("…");
        while (!second.isEmpty() && font.width(second + ellipsis, size) > width) {
            second = second.substring(0, second.offsetByCodePoints(second.length(), -1));
        }
        return List.of(lines.get(0), second + ellipsis);
    }
}
