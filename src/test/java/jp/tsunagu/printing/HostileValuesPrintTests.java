package jp.tsunagu.printing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A sheet that prints values from a departmental export as they came — markup, a {@code javascript:} link, a
 * formula, a bidi override: the PDF's text (PDFBox) has the markup as text, and the override as a visible
 * {@code [U+202E]} rather than drawn invisibly (the name would read reversed).
 */
class HostileValuesPrintTests {

    private final PdfPrinter printer = new PdfPrinter(new JapaneseFont(null, FontLocations.usual()));

    @Test
    void markupFormulasAndBidiOverridesPrintAsVisibleText() throws IOException {
        String override = "山田\u202Efdp.exe";
        String isolate = "狭山\u2067花子\u2069\u200B";
        Sheet sheet = Sheet.builder("名簿 <script>alert(1)</script>").cityName("狭山市").printedOn(LocalDate.of(2026, 12, 1))
                .headerLine("提供先: \"><img src=x onerror=alert(2)>")
                .paragraph(override).paragraph(isolate).paragraph("javascript:alert(3)")
                .paragraph("=HYPERLINK(\"http://hostile.invalid/\",\"詳細\")").paragraph("入間川\u200E一丁目\u061C")
                .add(Block.Table.builder().column("氏名", 2).column("備考", 3).row(override, "@SUM(1+1)").build())
                .build();
        String text = PrintedPdf.read(printer.print(sheet)).text();

        assertThat(text).contains("<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "javascript:alert(3)",
                "=HYPERLINK(\"http://hostile.invalid/\",\"詳細\")", "@SUM(1+1)");
        assertThat(text).contains("山田[U+202E]fdp.exe", "狭山[U+2067]花子[U+2069][U+200B]", "入間川[U+200E]一丁目[U+061C]");
        assertThat(text).as("no invisible format character drawn").doesNotContain("\u202E", "\u2067", "\u2069", "\u200B",
                "\u200E", "\u061C");
    }
}
