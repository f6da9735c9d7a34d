package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The evacuation-support list as the 福祉課 and the 危機管理課 meet it on the demo city: an administrator opens
 * the list, records a consent, gives a district's list as PDF and xlsx (each recorded as a handover), looks at
 * the district on the map (persons and shelters, no base map), declares a disaster; a caseworker on a phone
 * (390×844) records 安否確認 with the network cut and restored, and once more with the answer lost on the way
 * back; the dashboard counts them. Screenshots go to docs/screenshots/.
 */
@OnTheDemoCity
class EvacuationBrowserTests {

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
    void aDistrictsListIsHandedOverMappedAndItsPersonsConfirmedSafeFromAPhoneThatLosesItsConnection() throws Exception {
        await().atMost(Duration.ofMinutes(3)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0
                && jdbc.sql("SELECT count(*) FROM evac_person").query(Long.class).single() > 0);
        String district = jdbc.sql("""
                SELECT district_id FROM evac_person WHERE district_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""")
                .query(String.class).single();
        List<Map<String, Object>> persons = jdbc.sql("""
                SELECT e.person_key, p.name FROM evac_person e JOIN person p USING (person_key)
                 WHERE e.district_id = :d AND NOT p.support_measure AND NOT p.address_protected
                   AND (SELECT count(*) FROM person o WHERE o.name = p.name) = 1
                 ORDER BY p.kana_key COLLATE "C", p.person_key LIMIT 3""").param("d", district).query().listOfRows();
        String consenting = (String) persons.get(0).get("person_key");
        String consentingName = (String) persons.get(0).get("name");
        String otherName = (String) persons.get(1).get("name");

        Page page = browser.newPage();
        BrowserSession.logIn(page, base(), "kanri", PASSWORD);
        page.waitForURL("**/search");
        page.navigate(base() + "/evacuation");
        assertThat(page.locator("h1").textContent()).contains("避難行動要支援者名簿");
        page.locator("a[href$='/evacuation/districts/" + district + "']").click();
        assertThat(page.locator("#content").innerText()).contains(consentingName, otherName, "避難支援等を必要とする事由");
        shot(page, "evacuation-list");

        page.navigate(base() + "/evacuation/persons/" + consenting);
        page.locator("select[name=purpose]").selectOption("MINSEI");
        page.locator("select[name=answer]").selectOption("AGREED");
        page.locator("select[name=method]").selectOption("VISIT");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("回答を記録する")).click();
        assertThat(page.locator("[role=status]").textContent()).contains("記録しました");

        page.navigate(base() + "/evacuation/handovers?district=" + district + "&purpose=MINSEI&recipient="
                + java.net.URLEncoder.encode("民生委員 狭山 一郎", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.locator("#handover-selection").innerText()).contains("提供する人数: 1 人", "初めての提供");
        byte[] xlsx = download(page, "Excel で提供を記録して出力する");
        List<String> cells = new ArrayList<>();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row r : book.getSheetAt(0)) {
                r.forEach(c -> cells.add(c.toString()));
            }
        }
        assertThat(cells).contains(consentingName, "避難支援等を必要とする事由").doesNotContain(otherName, consenting);
        page.navigate(base() + "/evacuation/handovers?district=" + district + "&purpose=MINSEI&recipient="
                + java.net.URLEncoder.encode("民生委員 狭山 一郎", java.nio.charset.StandardCharsets.UTF_8));
        byte[] pdf = download(page, "PDF で提供を記録して出力する");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("[ \\u3000]", "");
            assertThat(text).contains(consentingName.replaceAll("[ \\u3000]", ""), "取扱注意", "民生委員狭山一郎")
                    .doesNotContain(otherName.replaceAll("[ \\u3000]", ""), consenting);
        }
        page.navigate(base() + "/evacuation/handovers");
        assertThat(page.locator("#outstanding").innerText()).contains("民生委員 狭山 一郎");
        assertThat(page.locator("#outstanding tbody tr").count()).isEqualTo(2);
        shot(page, "evacuation-handovers");

        page.navigate(base() + "/evacuation/map?district=" + district);
        page.locator("#evac-map[data-ready=true]").waitFor();
        long onMap = jdbc.sql("""
                SELECT count(*) FROM evac_person e JOIN person p USING (person_key)
                 WHERE e.district_id = :d AND NOT p.support_measure AND NOT p.address_protected AND e.town IS NOT NULL""")
                .param("d", district).query(Long.class).single();
        assertThat(page.locator("path.evac-person").count()).isEqualTo((int) onMap).isPositive();
        assertThat(page.locator(".evac-town").count()).isPositive();
        assertThat(page.locator("img.leaflet-tile").count()).as("no base map without a tile URL").isZero();
        shot(page, "evacuation-map");

        page.navigate(base() + "/evacuation/disaster");
        page.locator("input[name=kind]").fill("大雨 (入間川の増水)");
        page.locator("#declare input[value=" + district + "]").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("災害モードを宣言する")).click();
        assertThat(page.locator(".disaster-banner").innerText()).contains("災害モード", "大雨 (入間川の増水)");
        page.navigate(base() + "/search");
        assertThat(page.locator(".disaster-banner").innerText()).as("on every page").contains("大雨 (入間川の増水)");

        BrowserContext phone = browser.newContext(390, 844);
        Page mobile = phone.newPage();
        BrowserSession.logIn(mobile, base(), "kaigo", PASSWORD);
        mobile.waitForURL("**/search");
        mobile.navigate(base() + "/evacuation/safety?district=" + district);
        phone.setOffline(true);
        mobile.locator("li[data-person='" + consenting + "'] button[data-status=SAFE]").click();
        String second = (String) persons.get(1).get("person_key");
        mobile.locator("li[data-person='" + second + "'] input.shelter").fill("入間川小学校");
        mobile.locator("li[data-person='" + second + "'] button[data-status=SHELTER]").click();
        await().atMost(Duration.ofSeconds(30)).until(() -> mobile.locator("#safety-state").textContent().contains("未送信 2 件"));
        assertThat(mobile.locator("#safety-state").textContent()).contains("オフライン", "未送信 2 件");
        assertThat(stored()).as("nothing reaches the hub while offline").isZero();
        phoneShot(mobile, "evacuation-safety-offline");

        phone.setOffline(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> mobile.locator("#safety-state").textContent().equals("オンライン"));

        // the next entry reaches the hub, but its answer is lost: the phone keeps it and sends it again
        AtomicBoolean lost = new AtomicBoolean();
        mobile.route("**/evacuation/safety/entries", route -> {
            if (lost.compareAndSet(false, true)) {
                route.fetch();
                route.abort();
            } else {
                route.resume();
            }
        });
        String third = (String) persons.get(2).get("person_key");
        mobile.locator("li[data-person='" + third + "'] button[data-status=NEEDS_HELP]").click();
        await().atMost(Duration.ofSeconds(30)).until(() -> lost.get()
                && mobile.locator("#safety-state").getAttribute("data-waiting").equals("0"));
        assertThat(stored()).as("the entry sent twice is stored once").isEqualTo(3);
        phoneShot(mobile, "evacuation-safety-phone");

        page.navigate(base() + "/evacuation/disaster");
        await().atMost(Duration.ofSeconds(20)).until(() -> page.locator("tr[data-district=" + district + "] td.confirmed")
                .textContent().strip().equals("3"));
        assertThat(page.locator("tr[data-district=" + district + "] td[data-status=SHELTER]").textContent().strip())
                .isEqualTo("1");
        shot(page, "evacuation-dashboard");
        phone.close();
    }

    private long stored() {
        return jdbc.sql("SELECT count(*) FROM evac_safety").query(Long.class).single();
    }

    private static byte[] download(Page page, String button) throws Exception {
        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName(button)).click());
        return Files.readAllBytes(download.path());
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/" + name + ".png")).setFullPage(true));
    }

    /** The phone's screen as its user sees it (the whole list would be a very long picture). */
    private static void phoneShot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/" + name + ".png")));
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
