package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.SampleCity;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Life events and procedures as the departments use them, on the demo city (small) after day 2's 住民記録:
 * the こども支援課 caseworker sees the count in the header, opens the worklist and a 出生 item, marks it
 * 案内済 and then 完了; 介護保険課 sees only its own items; 市民課 prints the おくやみ sheet of a deceased
 * resident, read back with PDFBox for the procedures and the embedded Japanese font. Screenshots go to
 * docs/screenshots/.
 */
@OnTheDemoCity
class ProceduresBrowserTests {

    static final String PASSWORD = "tsunagu-demo";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SnapshotImport imports;

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
    void departmentsWorkThroughTheirChecklistsAndTheCounterPrintsTheBereavementSheet(@TempDir Path dir)
            throws Exception {
        dayTwo(dir);
        String child = jdbc.sql("""
                SELECT i.person_key FROM procedure_item i JOIN life_event e ON e.seq = i.event_seq
                 WHERE e.kind = 'birth' AND i.procedure_id = 'jido-teate' ORDER BY i.item_id LIMIT 1""")
                .query(String.class).single();
        long open = count("SELECT count(*) FROM procedure_item WHERE department_id = 'kodomo' AND status = 'OPEN'");
        assertThat(open).as("day 2 gave こども支援課 open items").isPositive();

        // こども支援課: the badge, the worklist, a 出生 item
        Page page = browser.newPage();
        BrowserSession.logIn(page, base(), "kodomo", PASSWORD);
        page.waitForURL("**/search");
        assertThat(page.locator("a[href$='/procedures'] .badge").textContent().strip())
                .isEqualTo(String.format("%,d", open));
        page.locator("a[href$='/procedures']").first().click();
        page.waitForURL("**/procedures");
        assertThat(page.locator("h1").textContent()).contains("手続きの一覧").contains("こども支援課");
        assertThat(page.locator("table.worklist").textContent()).contains("児童手当 — 認定請求").contains("出生")
                .doesNotContain("介護保険");
        page.selectOption("#kind", "birth");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("表示")).click();
        page.waitForURL("**kind=birth**");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/procedures-worklist.png")));
        page.locator("table.worklist a[href*='/procedures/persons/" + child + "#item-']")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("児童手当")).first().click();
        page.waitForURL("**/procedures/persons/" + child + "**");
        long item = jdbc.sql("SELECT item_id FROM procedure_item WHERE person_key = :k AND procedure_id = 'jido-teate'")
                .param("k", child).query(Long.class).single();
        var card = page.locator("#item-" + item);
        assertThat(card.textContent()).contains("要対応").contains("こども支援課").contains("請求者名義の預金通帳");
        card.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("案内済にする"))
                .click();
        PlaywrightAssertions.assertThat(page.locator("p.notice")).containsText("「案内済」にしました");
        assertThat(page.locator("#item-" + item).textContent()).contains("案内済");
        page.locator("#item-" + item).getByRole(AriaRole.BUTTON,
                new com.microsoft.playwright.Locator.GetByRoleOptions().setName("完了にする")).click();
        PlaywrightAssertions.assertThat(page.locator("p.notice")).containsText("「完了」にしました");
        assertThat(page.locator("#closed-h").count()).isEqualTo(1);
        page.locator("#item-" + item + " details summary").click();
        assertThat(page.locator("#item-" + item + " ol.history").textContent()).contains("要対応").contains("案内済")
                .contains("完了").contains("kodomo");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/procedures-checklist.png"))
                .setFullPage(true));
        assertThat(jdbc.sql("SELECT status FROM procedure_item_history WHERE item_id = :i ORDER BY version")
                .param("i", item).query(String.class).list()).containsExactly("OPEN", "GUIDED", "DONE");
        page.close();

        // 介護保険課 sees only its own items
        Page kaigo = browser.newPage();
        BrowserSession.logIn(kaigo, base(), "kaigo", PASSWORD);
        kaigo.waitForURL("**/search");
        kaigo.navigate(base() + "/procedures");
        String kaigoList = kaigo.locator("#content").textContent();
        assertThat(kaigoList).contains("介護保険課").doesNotContain("児童手当").doesNotContain("新生児訪問");
        long kaigoOpen = count("SELECT count(*) FROM procedure_item WHERE department_id = 'kaigo' AND status IN ('OPEN', 'GUIDED')");
        if (kaigoOpen > 0) {
            assertThat(kaigoList).contains("介護保険");
        }
        kaigo.close();

        // 市民課 prints the おくやみ sheet of a resident who died on day 2
        String deceased = jdbc.sql("SELECT person_key FROM life_event WHERE kind = 'death' ORDER BY seq LIMIT 1")
                .query(String.class).single();
        List<String> detailed = jdbc.sql("""
                SELECT program || ' — ' || name FROM procedure_item
                 WHERE person_key = :k AND (department_id = 'shimin')""").param("k", deceased).query(String.class).list();
        List<String> programs = jdbc.sql("SELECT DISTINCT program FROM procedure_item WHERE person_key = :k")
                .param("k", deceased).query(String.class).list();
        Page counter = browser.newPage();
        BrowserSession.logIn(counter, base(), "madoguchi", PASSWORD);
        counter.waitForURL("**/search");
        counter.navigate(base() + "/procedures/persons/" + deceased);
        String sheetHref = counter.locator("a:has-text('おくやみ手続きの用紙')").first().getAttribute("href");
        APIResponse pdf = counter.request().get(base() + sheetHref);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().get("content-type")).contains("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", "");
            assertThat(text).contains("おくやみ手続きのご案内").contains("狭山市").contains("取扱注意");
            detailed.forEach(d -> assertThat(text).contains(d.replaceAll("\\s+", "")));
            programs.forEach(p -> assertThat(text).contains(p.replaceAll("\\s+", "")));
            String address = jdbc.sql("SELECT address FROM person WHERE person_key = :k").param("k", deceased)
                    .query(String.class).single();
            assertThat(text).doesNotContain(address.replaceAll("\\s+", ""));
            List<String> fonts = new ArrayList<>();
            for (PDPage p : document.getPages()) {
                for (COSName name : p.getResources().getFontNames()) {
                    fonts.add(p.getResources().getFont(name).getName());
                }
            }
            assertThat(fonts).as("an embedded Japanese font").anyMatch(f -> f.contains("IPA") || f.contains("Gothic")
                    || f.contains("Noto") || f.contains("Mincho"));
        }
        counter.close();
        assertThat(count("SELECT count(*) FROM audit_event WHERE actor = 'madoguchi' AND action = 'EXPORT' AND person_key = '"
                + deceased + "'")).isEqualTo(1);
    }

    /** Day 2 of the demo city's 住民記録, imported and its life events detected. */
    private void dayTwo(Path dir) {
        await("the demo city is imported").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(5))
                .until(() -> count("SELECT count(*) FROM person WHERE status = '住民'") > 1_000);
        SampleCity.awaitListeners(jdbc);
        GenerationResult day2 = SampleMunicipality.generate(SampleSize.SMALL, 2, 20260401L, dir);
        Path registry = day2.sources().stream().filter(f -> f.id().equals("jumin-kiroku")).findFirst().orElseThrow()
                .file();
        assertThat(imports.importFile("jumin-kiroku", registry, "test", "test").status()).isEqualTo(ImportStatus.APPLIED);
        SampleCity.awaitListeners(jdbc);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
