package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 支援措置 as a こども支援課 caseworker meets it on the demo city: the protected mother's page and her
 * husband's show no address, no 方書 and no household link, and the 児童手当 card's own 住所 is withheld;
 * after 緊急閲覧 with a reason, she sees them; the auditor's screen shows the access flagged.
 */
@OnTheDemoCity
class ProtectionBrowserTests {

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
    void kodomoSeesNoAddressNorHouseholdOfAProtectedMotherAndHerHusbandUntilBreakGlassWhichTheAuditorSeesFlagged() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0
                && jdbc.sql("SELECT count(*) FROM person WHERE support_measure").query(Long.class).single() > 0);
        // a 支援措置 person who lives with a husband (or another adult of her household)
        Map<String, Object> mother = jdbc.sql("""
                SELECT v.person_key, v.name, v.address, v.address_detail, m.person_key AS member, m.name AS member_name
                  FROM person v JOIN person m ON m.household_key = v.household_key AND m.person_key <> v.person_key
                 WHERE v.support_measure AND v.registered AND m.registered
                 ORDER BY (m.relation IN ('世帯主', '夫')) DESC, m.birth_date LIMIT 1""").query().singleRow();
        String key = (String) mother.get("person_key");
        String husband = (String) mother.get("member");
        String address = (String) mother.get("address");

        Page page = browser.newPage();
        BrowserSession.logIn(page, base(), "kodomo", PASSWORD);
        page.waitForURL("**/search");

        page.navigate(base() + "/persons/" + key);
        assertThat(page.locator("h1").textContent()).contains((String) mother.get("name"));
        assertThat(page.locator("#protection-banner").textContent()).contains("支援措置対象者");
        String before = page.locator("#content").innerText();
        assertThat(before).doesNotContain(address).contains("支援措置のため非表示");
        if (mother.get("address_detail") != null) {
            assertThat(before).doesNotContain((String) mother.get("address_detail"));
        }
        assertThat(page.locator("section[aria-labelledby=household]").count()).as("no household").isZero();
        assertThat(page.locator("a[href$='/persons/" + husband + "']").count()).as("no link to the husband").isZero();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/protected.png"))
                .setFullPage(true));

        page.navigate(base() + "/persons/" + husband);
        assertThat(page.locator("h1").textContent()).contains((String) mother.get("member_name"));
        String his = page.locator("#content").innerText();
        assertThat(his).doesNotContain(address).contains("支援措置のため非表示");
        assertThat(page.locator("a[href$='/persons/" + key + "']").count()).as("his page does not link her").isZero();
        assertThat(his).doesNotContain((String) mother.get("name"));

        // 緊急閲覧 from her page: a reason typed, then her whereabouts for 30 minutes
        page.navigate(base() + "/persons/" + key);
        page.locator("a[href$='/persons/" + key + "/break-glass']").first().click();
        page.waitForURL("**/persons/" + key + "/break-glass");
        page.getByLabel("理由 (10文字以上)").fill("本人の安否確認のため、至急住所を確認する必要がある");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("理由を記録して表示する")).click();
        page.waitForURL("**/persons/" + key);
        String after = page.locator("#content").innerText();
        assertThat(after).contains(address).contains("緊急閲覧中");
        assertThat(page.locator("section[aria-labelledby=household] a[href$='/persons/" + husband + "']").count())
                .as("the household, after break-glass").isEqualTo(1);
        page.context().clearCookies();

        // the auditor sees the access flagged
        Page audit = browser.newPage();
        BrowserSession.logIn(audit, base(), "kansa", PASSWORD);
        audit.navigate(base() + "/audit");
        String flagged = audit.locator("section[aria-labelledby=flagged-title]").innerText();
        assertThat(flagged).contains("kodomo").contains(key).contains("本人の安否確認のため");
        assertThat(audit.locator("section[aria-labelledby=flagged-title] .flag").count()).isPositive();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
