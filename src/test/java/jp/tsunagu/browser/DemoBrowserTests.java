package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo as a newcomer meets it: the application starts with the sample municipality (small size,
 * on its own embedded PostgreSQL), a demo caseworker logs in in a real browser, lands on the search
 * page, finds residents, and sees every sample source imported on the import screen.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tsunagu.database.data-dir=target/test-pg-browser",
        "tsunagu.database.throwaway=true",
        "tsunagu.database.durable=false",
        "tsunagu.importing.sources-dir=target/browser-sources",
        "tsunagu.importing.inbox-dir=target/browser-inbox",
        "tsunagu.importing.inbox-poll-interval=0",
        "tsunagu.demo.enabled=true",
        "tsunagu.demo.size=small",
        "tsunagu.demo.data-dir=target/browser-demo",
        "server.shutdown=immediate"})
class DemoBrowserTests {

    @LocalServerPort
    int port;

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
    void demoCaseworkerLogsInReachesTheSearchPageAndSeesEverySampleSourceImported() {
        Page page = browser.newPage();
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.url()).endsWith("/login");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/login.png")));

        BrowserSession.logIn(page, "http://localhost:" + port, "kaigo", "tsunagu-demo");
        page.waitForURL("**/search");
        assertThat(page.locator("h1").textContent()).isEqualTo("人の検索");

        page.getByLabel("氏名・カナ・生年月日・宛名番号・住所").fill("さとう");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("検索").setExact(true)).click();
        page.waitForURL("**/search?q=*");
        assertThat(page.locator("table.results tbody tr").count()).isPositive();
        assertThat(page.locator("table.results tbody tr").first().textContent()).contains("サトウ");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/search.png")));

        page.navigate("http://localhost:" + port + "/imports");
        assertThat(page.locator("h1").textContent()).isEqualTo("連携取込");
        assertThat(page.locator("body").textContent()).contains("住民記録", "要介護認定", "児童手当", "生活保護");
        assertThat(page.locator("text=反映済").count()).isGreaterThanOrEqualTo(20);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/imports.png"))
                .setFullPage(true));
    }

    @Test
    void wrongPasswordIsRefusedInJapanese() {
        Page page = browser.newPage();
        BrowserSession.logIn(page, "http://localhost:" + port, "kaigo", "wrong");
        page.waitForURL("**/login?error");
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT).textContent())
                .contains("ユーザーIDまたはパスワードが違います");
    }
}
