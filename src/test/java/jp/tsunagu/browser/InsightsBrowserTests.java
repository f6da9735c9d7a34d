package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statistics dashboard as a 福祉部 planning officer opens it on the demo city: the coverage the sample is
 * built for (35–45 %), the overlap heatmap, the combinations and the town map drawn by ECharts (served by the
 * app, no internet) and the A4 report's text. Screenshots go to docs/screenshots/.
 */
@OnTheDemoCity
class InsightsBrowserTests {

    static final String PASSWORD = "tsunagu-demo";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    static BrowserSession browser;

    @BeforeAll
    static void startBrowser() {
        browser = new BrowserSession();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void theDashboardShowsTheCoverageTheOverlapsAndTheTownMapAndTheReportReadsBack() throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0
                && jdbc.sql("SELECT count(*) FROM person WHERE status = '住民'").query(Long.class).single() > 1_000
                && jdbc.sql("""
                        SELECT count(*) FROM insights_period
                         WHERE residents = (SELECT count(*) FROM person WHERE status = '住民')""").query(Long.class).single() > 0);
        Page page = browser.newPage();
        page.setViewportSize(1280, 900);
        BrowserSession.logIn(page, base(), "kanri", PASSWORD);
        page.waitForURL("**/search");
        page.navigate(base() + "/insights");
        page.locator("#chart-pairs[data-ready=true]").waitFor();
        String rate = page.locator("#insights-rate").textContent().strip();
        double percent = Double.parseDouble(rate.replace("%", ""));
        assertThat(percent).as("the demo city is built for 35–45 %").isBetween(35.0, 45.0);
        assertThat(page.locator("#content").innerText()).contains("福祉の制度に関わる住民", "年齢階級別", "制度の重なり",
                "町丁目別の地図", "10人未満は「10未満」と秘匿しています");
        for (String chart : new String[] {"coverage", "household", "pairs", "combinations", "trends", "map"}) {
            assertThat(page.locator("#chart-" + chart + "[data-ready=true] canvas").count()).as(chart).isPositive();
        }
        page.locator("#chart-map").scrollIntoViewIfNeeded();
        page.locator("#chart-pairs").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                .setPath(Path.of("docs/screenshots/insights-overlaps.png")));
        page.locator("#chart-map").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                .setPath(Path.of("docs/screenshots/insights-map.png")));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/insights.png")));

        byte[] pdf = page.request().get(base() + "/insights/report.pdf").body();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("[ \\u3000]", "");
            assertThat(text).contains("福祉の関わりの状況", rate, "年齢階級別", "世帯類型別", "町丁目別", "制度の組合せ",
                    "月ごとの推移", "10未満");
            String someone = jdbc.sql("SELECT name FROM person WHERE status = '住民' ORDER BY person_key LIMIT 1")
                    .query(String.class).single().replaceAll("[ \\u3000]", "");
            assertThat(text).doesNotContain(someone);
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
