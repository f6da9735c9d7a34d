package jp.tsunagu.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Printing as a module's controller uses it (画面からの印刷): a sheet started by {@link Sheets} carries the
 * configured city's name and today in Tokyo, {@link PdfAnswer} answers it with a Japanese file name and no
 * caching, and a print without a font answers the Japanese message as an error page, not a stack trace. The
 * routes are the test's own; printing itself has none.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-printing", "tsunagu.city.name=つなぐ市"})
class PrintingWebTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    TokyoTime time;

    @Test
    void aPrintedSheetIsAnsweredAsAnInlinePdfWithItsJapaneseNameAndTheCitysName() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/printing-test/welcome").with(user("printing-clerk")))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        String disposition = response.getHeader("Content-Disposition");
        assertThat(disposition).startsWith("inline; ").contains("filename=\"print.pdf\"");
        String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
        assertThat(UriUtils.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("転入のご案内.pdf");

        PrintedPdf pdf = PrintedPdf.read(response.getContentAsByteArray());
        assertThat(pdf.text()).contains("転入のご案内", "つなぐ市", "印刷日 " + JapaneseDates.warekiWithYear(time.today()),
                "□", "国民健康保険の加入", "保険年金課", "1 / 1").doesNotContain("狭山市", "〓");
    }

    @Test
    void withoutAFontTheRequestGetsTheJapaneseMessageAndNoStackTrace() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/printing-test/no-font").with(user("printing-clerk")))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("text/html");
        String page = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("日本語フォントが見つかりません。fonts-ipaexfont-gothic をインストールするか、"
                + "tsunagu.print.font にフォントファイルを指定してください。")
                .doesNotContain("PrintingUnavailable", "Exception", "at jp.tsunagu", "%PDF");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        SheetRoutes printingTestRoutes(Sheets sheets, PdfPrinter printer) {
            return new SheetRoutes(sheets, printer);
        }
    }

    @RestController
    static class SheetRoutes {

        private final Sheets sheets;
        private final PdfPrinter printer;
        private final PdfPrinter withoutFont = new PdfPrinter(
                new JapaneseFont(Path.of("target/no-such-font.ttf"), List.of()));

        SheetRoutes(Sheets sheets, PdfPrinter printer) {
            this.sheets = sheets;
            this.printer = printer;
        }

        @GetMapping("/printing-test/welcome")
        ResponseEntity<byte[]> welcome() {
            Sheet sheet = sheets.sheet("転入のご案内").heading("お手続き")
                    .checklist(List.of("国民健康保険の加入 (保険年金課)", "児童手当の申請 (こども支援課)")).build();
            return PdfAnswer.inline(printer.print(sheet), "転入のご案内.pdf");
        }

        @GetMapping("/printing-test/no-font")
        ResponseEntity<byte[]> noFont() {
            return PdfAnswer.inline(withoutFont.print(sheets.sheet("印刷できない帳票").build()), "none.pdf");
        }
    }
}
