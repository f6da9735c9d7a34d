package jp.tsunagu.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.documents.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Files and messages as staff use them, in chromium: a 介護保険課 caseworker registers two photos and a doctor's
 * letter (PDF) to a person through the file chooser, sees the photos' thumbnails and the letter's first page on
 * the list and on the person's overview; a こども支援課 caseworker sees only that three files exist and whom to ask;
 * a message from 介護保険課 to こども支援課 shows in the header's badge there, is read and marked 対応済 with a note,
 * and the sender sees when. Screenshots go to docs/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tsunagu.database.data-dir=target/test-pg-browser-documents",
        "tsunagu.database.throwaway=true",
        "tsunagu.database.durable=false",
        "tsunagu.importing.sources-dir=target/browser-documents-sources",
        "tsunagu.importing.inbox-dir=target/browser-documents-inbox",
        "tsunagu.importing.inbox-poll-interval=0",
        "tsunagu.documents.files-dir=target/browser-documents-files",
        "tsunagu.documents.key-file=target/browser-documents.key",
        "server.shutdown=immediate"})
class DocumentsBrowserTests {

    static final String PASSWORD = "pw-browser-123";
    static final String KEY = "0097000001";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;

    static BrowserSession browser;

    @BeforeAll
    static void startBrowser() {
        browser = new BrowserSession();
        // an upload decodes, cleans and encrypts on the server: on a busy shared machine it can take seconds
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void aCaseworkerRegistersPhotosAndALetterAnotherDepartmentSeesOnlyThatTheyExistAndAnswersAMessage() {
        accounts.saveDepartment("kaigo", "介護保険課", "2345");
        accounts.saveDepartment("kodomo", "こども支援課", "2410");
        accounts.save("kaigo-b", "介護 花子", PASSWORD, Role.CASEWORKER, "kaigo");
        accounts.save("kodomo-b", "子供 三郎", PASSWORD, Role.CASEWORKER, "kodomo");
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, kana_key, kana_loose,
                                    name_key, birth_date, sex, address, grams, updated_run)
                VALUES (:k, 'jumin-kiroku', true, '住民', '狭山 ハナ', 'サヤマ ハナ', 'サヤマハナ', 'サヤマハナ',
                        '狭山ハナ', DATE '1938-05-12', '女', '狭山市入間川一丁目2番3号', '{}', 0)
                ON CONFLICT DO NOTHING""").param("k", KEY).update();
        String base = "http://localhost:" + port;

        Page kaigo = browser.newPage();
        BrowserSession.logIn(kaigo, base, "kaigo-b", PASSWORD);
        kaigo.navigate(base + "/persons/" + KEY + "/documents");
        kaigo.locator("#files").setInputFiles(new FilePayload[] {
                new FilePayload("玄関の段差.jpg", "image/jpeg", TestFiles.photoWithGps(640, 480, 1, 1)),
                new FilePayload("階段.jpg", "image/jpeg", TestFiles.photoWithGps(480, 640, 1, 2))});
        kaigo.locator("#doc-kind").selectOption("photo");
        kaigo.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登録する")).click();
        assertThat(kaigo.locator("#upload-status")).containsText("階段.jpg を登録しました");
        assertThat(kaigo.locator("#upload-status")).containsText("玄関の段差.jpg を登録しました");
        kaigo.navigate(base + "/persons/" + KEY + "/documents");
        kaigo.locator("#files").setInputFiles(new FilePayload("主治医意見書.pdf", "application/pdf",
                TestFiles.pdf("Doctor's opinion for the care level")));
        kaigo.locator("#doc-title").fill("主治医意見書");
        kaigo.locator("#doc-kind").selectOption("medical");
        kaigo.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登録する")).click();
        assertThat(kaigo.locator("#upload-status")).containsText("主治医意見書.pdf を登録しました");

        kaigo.navigate(base + "/persons/" + KEY + "/documents");
        Locator thumbnails = kaigo.locator(".document-list img[src^='data:image/jpeg;base64,']");
        assertThat(thumbnails).hasCount(3);
        assertThat(kaigo.locator(".document-list")).containsText("主治医意見書");
        assertThat(kaigo.locator(".document-list")).containsText("1ページ");
        kaigo.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/documents.png")).setFullPage(true));

        kaigo.getByText("主治医意見書").first().click();
        assertThat(kaigo.locator("figure.document-view img")).isVisible();
        assertThat(kaigo.locator("figcaption")).hasText("1ページ目");

        kaigo.navigate(base + "/persons/" + KEY);
        assertThat(kaigo.locator("#documents-panel img[src^='data:image/jpeg;base64,']")).hasCount(3);
        kaigo.locator("#documents-panel").screenshot(new Locator.ScreenshotOptions()
                .setPath(Path.of("docs/screenshots/documents-overview.png")));

        Page kodomo = browser.newPage();
        BrowserSession.logIn(kodomo, base, "kodomo-b", PASSWORD);
        kodomo.navigate(base + "/persons/" + KEY + "/documents");
        assertThat(kodomo.locator(".document-list li.exists-only")).hasCount(3);
        assertThat(kodomo.locator(".document-list").first()).containsText("ファイルあり — 担当: 介護保険課");
        assertThat(kodomo.locator(".document-list").first()).containsText("(内線 2345)");
        assertThat(kodomo.locator(".document-list").first()).not().containsText("主治医意見書");
        assertThat(kodomo.locator(".document-list img")).hasCount(0);
        kodomo.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/documents-other.png")));

        kaigo.navigate(base + "/persons/" + KEY + "/documents");
        kaigo.locator("#to-department").selectOption("kodomo");
        kaigo.locator("#message-body").fill("お孫さん (小学生) の見守りについて、こども支援課でも相談に乗ってください。");
        kaigo.getByLabel("至急").check();
        kaigo.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("伝言を送る")).click();
        assertThat(kaigo.locator("p.message-ok")).containsText("伝言を送りました");

        kodomo.navigate(base + "/");
        assertThat(kodomo.locator(".message-badge")).hasText("1");
        kodomo.navigate(base + "/messages");
        Locator row = kodomo.locator("table.results tbody tr").first();
        assertThat(row).containsText("見守りについて");
        assertThat(row).containsText("未読");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("既読にする")).click();
        row = kodomo.locator("table.results tbody tr").first();
        assertThat(row).containsText("既読");
        row.getByLabel("対応の記録").fill("担任と民生委員に連絡し、来週訪問する");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("対応済にする")).click();
        assertThat(kodomo.locator("table.results tbody tr").first()).containsText("対応済");
        kodomo.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/messages.png")).setFullPage(true));

        kaigo.navigate(base + "/messages");
        Locator sent = kaigo.locator("tr[id^=sent-]").first();
        assertThat(sent).containsText("対応済");
        assertThat(sent).containsText("担任と民生委員に連絡し、来週訪問する");
        assertThat(sent).containsText("kodomo-b");
        kaigo.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/messages-sent.png")).setFullPage(true));

        assertThat(jdbc.sql("SELECT count(*) FROM document WHERE person_key = :k").param("k", KEY)
                .query(Long.class).single()).isEqualTo(3);
        List<String> actions = jdbc.sql("SELECT action FROM audit_event WHERE actor = 'kodomo-b' ORDER BY seq")
                .query(String.class).list();
        assertThat(actions).contains("DOCUMENT_VIEW", "MESSAGE").doesNotContain("DOWNLOAD");
    }
}
