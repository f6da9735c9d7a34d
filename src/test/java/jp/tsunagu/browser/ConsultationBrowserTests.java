package jp.tsunagu.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.consultation.FixedClock;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.ResidentIndex;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Friday, 17:15 (a fixed clock) on the demo city: a clerk of こども支援課 takes a school's call about a child and
 * refers it to 障害者福祉課; the on-call member of staff, in a second browser, sees it appear on the hand-over board
 * without reloading and prints the 週末引継ぎ票; 障害者福祉課 accepts the referral; 介護保険課 sees nothing of the
 * 児童虐待 record. Screenshots go to docs/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tsunagu.database.data-dir=target/test-pg-browser-consultation",
        "tsunagu.database.throwaway=true",
        "tsunagu.database.durable=false",
        "tsunagu.importing.sources-dir=target/browser-consultation-sources",
        "tsunagu.importing.inbox-dir=target/browser-consultation-inbox",
        "tsunagu.importing.inbox-poll-interval=0",
        "tsunagu.demo.enabled=true",
        "tsunagu.demo.size=small",
        "tsunagu.demo.data-dir=target/browser-consultation-demo",
        "server.shutdown=immediate"})
@Import(FixedClock.Config.class)
class ConsultationBrowserTests {

    static final String PASSWORD = "tsunagu-demo";
    static final String ACCOUNT = "担任から電話。本日の下校時、児童の腕に新しいあざ。週末は家に帰りたくないと話している";

    @LocalServerPort
    int port;
    @Autowired
    Programs programs;
    @Autowired
    ResidentIndex residents;

    static BrowserSession browser;

    @BeforeAll
    static void start() {
        browser = new BrowserSession();
    }

    @AfterAll
    static void stop() {
        browser.close();
    }

    @Test
    void aFridayEveningCallIsReferredSeenLiveOnTheBoardPrintedAndAcceptedAndHiddenFromAThirdDepartment()
            throws Exception {
        String base = "http://localhost:" + port;
        String child = programs.personsIn(List.of("kodomo-iryo"))[0];
        String name = residents.find(child).orElseThrow().name();

        Page oncall = browser.newPage();
        BrowserSession.logIn(oncall, base, "tochoku", PASSWORD);
        oncall.navigate(base + "/consultations/board");
        Locator board = oncall.locator("#board-items");
        assertThat(board).hasAttribute("data-live", "connected");
        oncall.evaluate("window.__sameDocument = 'yes'");

        Page clerk = browser.newPage();
        BrowserSession.logIn(clerk, base, "kodomo", PASSWORD);
        clerk.navigate(base + "/consultations/new?person=" + child);
        assertThat(clerk.locator("#receivedAt")).hasValue("2026-12-04T17:15");
        clerk.locator("#channel").selectOption("PHONE");
        clerk.locator("#caller").selectOption("SCHOOL");
        clerk.locator("#category").selectOption("child-abuse");
        clerk.locator("#urgency").selectOption("URGENT");
        clerk.locator("#account").fill(ACCOUNT);
        clerk.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/consultation-new.png"))
                .setFullPage(true));
        clerk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("記録する")).click();
        assertThat(clerk.locator("h1")).containsText("児童虐待");
        String id = clerk.url().replaceAll(".*/consultations/", "");
        assertThat(clerk.locator("#clock")).containsText("期限内・未確認");
        assertThat(clerk.locator("#clock")).containsText("令和8年12月6日 (2026) 17:15");
        clerk.locator("#referral-department").selectOption("shogai");
        clerk.locator("#referral-text").fill("発達の遅れについて障害児支援の相談もお願いします");
        clerk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("つなぐ (受理を求める)")).click();
        assertThat(clerk.locator("#referrals")).containsText("受理待ち");

        // the on-call board shows the new record without a reload
        LocatorAssertions.ContainsTextOptions wait = new LocatorAssertions.ContainsTextOptions().setTimeout(15_000);
        assertThat(board).containsText("記録 " + id + " 児童虐待", wait);
        assertThat(board).containsText(name, wait);
        Locator waiting = board.locator("li[data-record='" + id + "'][data-kind='REFERRAL']");
        assertThat(waiting).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(15_000));
        assertThat(board.locator("li[data-record='" + id + "'][data-kind='CLOCK']")).hasCount(1);
        assertThat(oncall.evaluate("window.__sameDocument")).isEqualTo("yes");
        oncall.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/consultation-board.png"))
                .setFullPage(true));

        APIResponse pdf = oncall.request().get(base + "/consultations/board.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().get("content-type")).isEqualTo("application/pdf");
        String sheet;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            sheet = new PDFTextStripper().getText(document).replaceAll("\\s+", "");
        }
        assertThat(sheet).contains("週末引継ぎ票").contains(name.replace(" ", "")).contains("記録" + id + "児童虐待")
                .contains("取扱注意");

        Page shogai = browser.newPage();
        BrowserSession.logIn(shogai, base, "shogai", PASSWORD);
        shogai.navigate(base + "/consultations/" + id);
        assertThat(shogai.locator("#entries")).containsText(ACCOUNT);
        shogai.locator("#referrals input[name=text]").fill("月曜朝に担当から学校へ連絡します");
        shogai.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("受理する")).click();
        assertThat(shogai.locator("#referrals")).containsText("受理済み");
        clerk.reload();
        assertThat(clerk.locator("#referrals")).containsText("受理済み");
        assertThat(clerk.locator("#referrals")).containsText("月曜朝に担当から学校へ連絡します");
        assertThat(waiting).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(15_000));
        clerk.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/consultation-record.png"))
                .setFullPage(true));

        Page kaigo = browser.newPage();
        BrowserSession.logIn(kaigo, base, "kaigo", PASSWORD);
        kaigo.navigate(base + "/consultations/" + id);
        assertThat(kaigo.locator("body")).containsText("見つからないか、閲覧できません");
        assertThat(kaigo.locator("body")).not().containsText(ACCOUNT);
        kaigo.navigate(base + "/consultations/board");
        assertThat(kaigo.locator("#board-items li[data-record='" + id + "']")).hasCount(0);
        assertThat(kaigo.locator("#board-items")).not().containsText(name);
        // the list of 児童虐待 records: the clerk's holds this record, 介護保険課's does not (the demo may have
        // referred other 児童虐待 records to 介護保険課, so its list need not be empty)
        Locator row = kaigo.locator("main table a[href='/consultations/" + id + "']");
        clerk.navigate(base + "/consultations?category=child-abuse");
        assertThat(clerk.locator("main table a[href='/consultations/" + id + "']")).hasCount(1);
        kaigo.navigate(base + "/consultations?category=child-abuse");
        assertThat(kaigo.locator("main [role=status]")).containsText(" 件");
        assertThat(row).hasCount(0);
        assertThat(kaigo.locator("main")).not().containsText(ACCOUNT);
        clerk.navigate(base + "/persons/" + child);
        assertThat(clerk.locator("#consultations a[href='/consultations/" + id + "']")).hasCount(1);
        kaigo.navigate(base + "/persons/" + child);
        assertThat(kaigo.locator("#consultations h2")).hasText("相談・通報");
        assertThat(kaigo.locator("#consultations a[href='/consultations/" + id + "']")).hasCount(0);
        assertThat(kaigo.locator("#consultations")).not().containsText("記録 " + id + " ");
    }
}
