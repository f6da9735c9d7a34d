package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo as a newcomer meets it: the application starts with the sample municipality (small size,
 * on its own embedded PostgreSQL), a demo caseworker logs in in a real browser, lands on the search
 * page, finds residents, and sees every sample source imported on the import screen.
 */
@OnTheDemoCity
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

    @org.springframework.beans.factory.annotation.Autowired
    jp.tsunagu.importing.SourceCatalog catalog;
    @org.springframework.beans.factory.annotation.Autowired
    jp.tsunagu.importing.SnapshotImport imports;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void variantKanjiAndHalfWidthKanaFindThePersonWhoseOverviewOpens(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        catalog.register("browser-jutogai", """
                name: 住登外 (ブラウザ試験)
                program: 住登外者管理
                department: {id: shimin, name: 市民課, contact: 内線 1210}
                role: non-resident
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: name, column: 氏名, label: 氏名}
                  - {name: kana, column: カナ氏名, label: カナ氏名}
                  - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
                  - {name: address, column: 住所, label: 住所}
                master: {name: name, kana: kana, birthDate: birth_date, address: address}
                """);
        java.nio.file.Path file = dir.resolve("jutogai.csv");
        java.nio.file.Files.writeString(file, """
                宛名番号,氏名,カナ氏名,生年月日,住所
                9000000011,山﨑　花子,ヤマザキ　ハナコ,19320105,東京都千代田区霞が関一丁目1番
                9000000029,髙橋　一郎,タカハシ　イチロウ,19550612,東京都港区芝公園四丁目2番
                """);
        assertThat(imports.importFile("browser-jutogai", file, "test", "test").errorCount()).isZero();
        org.awaitility.Awaitility.await("both persons indexed").pollInterval(jp.tsunagu.SampleCity.POLL)
                .atMost(java.time.Duration.ofMinutes(1))
                .until(() -> jdbc.sql("SELECT count(*) FROM person WHERE person_key IN ('9000000011', '9000000029')")
                        .query(Long.class).single(), n -> n == 2);

        Page page = browser.newPage();
        BrowserSession.logIn(page, "http://localhost:" + port, "kaigo", "tsunagu-demo");
        page.waitForURL("**/search");
        page.locator("h1").click();
        page.keyboard().press("/");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("q");
        searchFor(page, "山崎");
        assertThat(page.locator("table.results").textContent()).contains("山﨑　花子");
        searchFor(page, "ﾀｶﾊｼ");
        assertThat(page.locator("table.results").textContent()).contains("髙橋　一郎");

        searchFor(page, "ﾀｶﾊｼ ｲﾁﾛｳ");
        assertThat(page.locator("table.results tbody tr").count()).isEqualTo(1);
        page.locator("h1").click();
        page.keyboard().press("ArrowDown");
        assertThat(page.locator("table.results tr.selected").textContent()).contains("髙橋　一郎");
        page.keyboard().press("Enter");
        page.waitForURL("**/persons/9000000029");
        assertThat(page.locator("h1").textContent()).contains("髙橋　一郎").contains("タカハシ");
        assertThat(page.locator("dl.facts").textContent()).contains("昭和30年6月12日 (1955)");

        String someone = jdbc.sql("""
                SELECT r.person_key FROM source_record r JOIN person p USING (person_key)
                 WHERE r.source_id = 'kaigo-nintei' AND NOT p.support_measure
                 GROUP BY r.person_key ORDER BY count(DISTINCT r.source_id) DESC, r.person_key LIMIT 1""")
                .query(String.class).single();
        page.navigate("http://localhost:" + port + "/persons/" + someone);
        assertThat(page.locator("article.card").count()).isPositive();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/person.png")).setFullPage(true));
    }

    private static void searchFor(Page page, String q) {
        page.getByLabel("氏名・カナ・生年月日・宛名番号・住所").fill(q);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("検索").setExact(true)).click();
        page.waitForSelector("p[role=status]");
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
