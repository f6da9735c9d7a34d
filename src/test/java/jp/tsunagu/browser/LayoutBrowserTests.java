package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every screen on a phone (390×844) and on an office PC (1280×800), on the demo municipality: the
 * page never scrolls sideways (wide tables scroll inside their own box), names and 状態 never break
 * inside a word, and the overview's cards read cleanly (title once, nothing repeated from the header,
 * dates on one line, "関わりあり" not dressed as a link). Screenshots go to docs/screenshots/ as
 * {@code 390-*.png} and {@code 1280-*.png}.
 */
@OnTheDemoCity
class LayoutBrowserTests {

    static final String PASSWORD = "tsunagu-demo";
    static final List<int[]> SIZES = List.of(new int[] {390, 844}, new int[] {1280, 800});

    /** Elements sticking out on the right of the viewport, widest first: what to fix when the page overflows. */
    static final String OVERFLOWING = """
            () => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .filter(e => !(e.parentElement && e.parentElement.closest('.table-scroll, .table-wrap, .menu-strip')))
                .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' → '
                    + Math.round(e.getBoundingClientRect().right) + 'px')""";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SourceCatalog catalog;
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
    void searchResultsFitThePageAtBothSizesWithNamesAndStatusOnOneLine() {
        for (int[] size : SIZES) {
            Page page = loggedIn("kaigo", size);
            page.navigate(base() + "/search?q=" + java.net.URLEncoder.encode("佐藤", java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.locator("table.results tbody tr").count()).isPositive();
            assertNoPageOverflow(page, "search", size);
            assertOneLine(page.locator("table.results .person-name"), "names", size);
            assertOneLine(page.locator("table.results td.status"), "状態", size);
            assertThat(page.locator(".table-scroll table.results").count()).as("the results scroll in their box").isEqualTo(1);
            screenshot(page, "search", size);
            page.close();
        }
    }

    @Test
    void departmentListFitsThePageAtBothSizesWithNamesOnOneLine() {
        for (int[] size : SIZES) {
            Page page = loggedIn("kaigo", size);
            page.navigate(base() + "/department");
            assertThat(page.locator("table.results tbody tr").count()).isPositive();
            assertNoPageOverflow(page, "department", size);
            assertOneLine(page.locator("table.results tbody td:first-child a"), "names", size);
            assertOneLine(page.locator("table.results tbody td:nth-child(4)"), "状態", size);
            assertStickyFirstColumn(page, "table.results");
            screenshot(page, "department", size);
            page.close();
        }
    }

    @Test
    void importsFitThePageAtBothSizes() {
        for (int[] size : SIZES) {
            Page page = loggedIn("kaigo", size);
            page.navigate(base() + "/imports");
            assertThat(page.locator("h1").textContent()).isEqualTo("連携取込");
            assertNoPageOverflow(page, "imports", size);
            screenshot(page, "imports", size);
            page.close();
        }
    }

    @Test
    void grantsFitThePageAtBothSizesAndTheirDepartmentColumnStaysInView() {
        for (int[] size : SIZES) {
            Page page = loggedIn("kanri", size);
            page.navigate(base() + "/admin/grants");
            assertThat(page.locator("table.grants tbody tr").count()).isPositive();
            assertNoPageOverflow(page, "grants", size);
            assertStickyFirstColumn(page, "table.grants");
            assertThat(((Number) page.evaluate("document.querySelector('header.site-header nav').getBoundingClientRect().height"))
                    .doubleValue()).as("the admin menu on one line at %dpx", size[0]).isLessThan(60);
            screenshot(page, "grants", size);
            page.close();
        }
    }

    @Test
    void auditFitsThePageAtBothSizes() {
        for (int[] size : SIZES) {
            Page page = loggedIn("kansa", size);
            page.navigate(base() + "/audit/events");
            assertThat(page.locator("h1").count()).isEqualTo(1);
            assertNoPageOverflow(page, "audit", size);
            screenshot(page, "audit", size);
            page.close();
        }
    }

    @Test
    void overviewFitsThePageAtBothSizesAndItsCardsReadCleanly() {
        String key = personInKaigoShikaku(false);
        Map<String, Object> header = jdbc.sql("SELECT name, kana FROM person WHERE person_key = :k").param("k", key)
                .query().singleRow();
        for (int[] size : SIZES) {
            Page page = loggedIn("kaigo", size);
            page.navigate(base() + "/persons/" + key);
            assertThat(page.locator("article.card").count()).isGreaterThanOrEqualTo(2);
            assertNoPageOverflow(page, "overview", size);
            assertOneLine(page.locator(".person-name"), "names", size);
            assertOneLine(page.locator("article.card dl.fields dd.date"), "dates in cards", size);
            assertThat(page.locator("article.card dl.fields dd.date").count()).as("dates are marked").isPositive();

            for (String title : page.locator("article.card h3").allTextContents()) {
                List<String> words = List.of(title.strip().split("\\s+"));
                assertThat(words).as("a card's title says each name once: " + title).doesNotHaveDuplicates();
            }
            Locator own = page.locator("#card-kaigo-shikaku");
            String birth = page.locator("dl.facts dd.birth-date span").first().textContent().strip();
            assertThat(own.locator("dl.fields dt").allTextContents()).as("the header's 氏名・カナ・生年月日 are not repeated")
                    .doesNotContain("氏名", "カナ氏名", "生年月日").contains("被保険者番号");
            assertThat(own.textContent()).doesNotContain((String) header.get("name"), (String) header.get("kana"), birth);
            screenshot(page, "overview", size);
            page.close();
        }
    }

    @Test
    void aCardKeepsAndFlagsANameThatDiffersFromTheHeader(@TempDir Path dir) throws Exception {
        String key = personInKaigoShikaku(false);
        catalog.register("layout-other-name", """
                name: 配食サービス (表示試験)
                program: 配食サービス
                department: {id: kaigo, name: 介護保険課, contact: 内線 2345}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: name, column: 氏名, label: 氏名}
                  - {name: meals, column: 食数, label: 食数}
                """);
        Path file = dir.resolve("other-name.csv");
        Files.writeString(file, "宛名番号,氏名,食数\n" + key + ",旧姓　表示子,5\n");
        assertThat(imports.importFile("layout-other-name", file, "test", "test").status()).isEqualTo(ImportStatus.APPLIED);
        Awaitility.await("the card's involvement").pollInterval(jp.tsunagu.SampleCity.POLL).atMost(Duration.ofMinutes(1))
                .until(() -> jdbc.sql("SELECT count(*) FROM involvement WHERE source_id = 'layout-other-name'")
                        .query(Long.class).single(), n -> n == 1);

        Page page = loggedIn("kaigo", SIZES.get(1));
        page.navigate(base() + "/persons/" + key);
        Locator card = page.locator("#card-layout-other-name");
        assertThat(card.locator("h3").textContent().strip()).as("the program's name is in the source's").isEqualTo("配食サービス (表示試験)");
        assertThat(card.locator("dl.fields dd.differs").textContent()).contains("旧姓　表示子", "住民記録と異なる");
        assertThat(card.locator("dl.fields").textContent()).contains("食数", "5");
        page.close();
    }

    @Test
    void aSummaryCardSaysWhomToAskInPlainTextAndAWithheldCardOffersBreakGlass() {
        String key = personInKaigoShikaku(false);
        Page page = loggedIn("kodomo", SIZES.get(0));
        page.navigate(base() + "/persons/" + key);
        Locator involved = page.locator("#card-kaigo-shikaku .involved");
        assertThat(involved.textContent()).contains("関わりあり", "詳しくは", "介護保険課", "内線 2345", "へお問い合わせください");
        assertThat(involved.locator("a").count()).isZero();
        Map<?, ?> style = (Map<?, ?>) involved.evaluate("""
                e => { const s = getComputedStyle(e), a = getComputedStyle(document.querySelector('main a'));
                       return {colour: s.color, link: a.color, line: s.textDecorationLine, cursor: s.cursor}; }""");
        assertThat(style.get("colour")).as("not in the links' colour").isNotEqualTo(style.get("link"));
        assertThat(style.get("line")).isEqualTo("none");
        assertThat(style.get("cursor")).isNotEqualTo("pointer");
        assertNoPageOverflow(page, "overview (summary)", SIZES.get(0));
        page.close();

        Map<String, Object> withheld = jdbc.sql("""
                SELECT r.source_id, r.person_key FROM source_record r JOIN person p USING (person_key)
                 WHERE p.support_measure AND p.registered AND r.source_id IN ('jido-teate', 'kaigo-shikaku')
                 ORDER BY r.source_id DESC, r.person_key LIMIT 1""").query().singleRow();
        String protectedKey = (String) withheld.get("person_key");
        String source = (String) withheld.get("source_id");
        Page owner = loggedIn(source.equals("jido-teate") ? "kodomo" : "kaigo", SIZES.get(0));
        owner.navigate(base() + "/persons/" + protectedKey);
        Locator card = owner.locator("#card-" + source);
        assertThat(card.textContent()).contains("（支援措置のため非表示）");
        assertThat(card.locator("a.button[href$='/persons/" + protectedKey + "/break-glass']").textContent())
                .contains("緊急閲覧");
        assertNoPageOverflow(owner, "overview (支援措置)", SIZES.get(0));
        owner.close();
    }

    private Page loggedIn(String user, int[] size) {
        Page page = browser.newPage(size[0], size[1]);
        BrowserSession.logIn(page, base(), user, PASSWORD);
        page.waitForURL(url -> !url.contains("/login"));
        return page;
    }

    private static void assertNoPageOverflow(Page page, String screen, int[] size) {
        Number document = (Number) page.evaluate("document.documentElement.scrollWidth");
        Number viewport = (Number) page.evaluate("window.innerWidth");
        assertThat(viewport.intValue()).isEqualTo(size[0]);
        assertThat(document.intValue()).as("%s at %dpx is %dpx wide; sticking out: %s", screen, size[0],
                document.intValue(), page.evaluate(OVERFLOWING)).isLessThanOrEqualTo(viewport.intValue());
    }

    /** Each element is laid out on one line: an inline box broken over lines has one client rect per line. */
    private static void assertOneLine(Locator elements, String what, int[] size) {
        assertThat(elements.count()).as(what).isPositive();
        @SuppressWarnings("unchecked")
        List<String> broken = (List<String>) elements.evaluateAll("""
                es => es.filter(e => {
                    const lh = parseFloat(getComputedStyle(e).lineHeight) || 1.7 * parseFloat(getComputedStyle(e).fontSize);
                    const inner = document.createRange(); inner.selectNodeContents(e);
                    return inner.getClientRects().length > 1 && inner.getBoundingClientRect().height > lh * 1.5;
                }).map(e => e.textContent.trim())""");
        assertThat(broken).as("%s broken over lines at %dpx", what, size[0]).isEmpty();
    }

    /** The first column stays where it is when the table's box is scrolled sideways. */
    private static void assertStickyFirstColumn(Page page, String table) {
        Object moved = page.evaluate("""
                t => { const table = document.querySelector(t), box = table.parentElement;
                       const cell = table.querySelector('tbody tr > :first-child');
                       const before = cell.getBoundingClientRect().left;
                       box.scrollLeft = box.scrollWidth;
                       const after = cell.getBoundingClientRect().left;
                       box.scrollLeft = 0;
                       return {scrolls: box.scrollWidth > box.clientWidth, moved: Math.abs(after - before)}; }""", table);
        Map<?, ?> result = (Map<?, ?>) moved;
        if (Boolean.TRUE.equals(result.get("scrolls"))) {
            assertThat(((Number) result.get("moved")).doubleValue()).as("first column of %s stays in view", table)
                    .isLessThan(1);
        }
    }

    private static void screenshot(Page page, String screen, int[] size) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/" + size[0] + "-" + screen + ".png"))
                .setFullPage(true));
    }

    /** A registered person in 介護保険資格 (whose card shows 氏名・カナ・生年月日 and 電話番号), under 支援措置 or not. */
    private String personInKaigoShikaku(boolean supportMeasure) {
        indexComplete();
        return jdbc.sql("""
                SELECT p.person_key FROM person p
                 WHERE p.registered AND p.support_measure = :s
                   AND p.person_key IN (SELECT person_key FROM source_record WHERE source_id = 'kaigo-shikaku')
                 ORDER BY p.person_key LIMIT 1""").param("s", supportMeasure).query(String.class).single();
    }

    /** The demo's persons are indexed after its imports commit, through the event registry. */
    private void indexComplete() {
        Awaitility.await("the person index").atMost(Duration.ofMinutes(2)).pollInterval(jp.tsunagu.SampleCity.POLL)
                .until(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                        .query(Long.class).single() == 0
                        && jdbc.sql("SELECT count(*) FROM person WHERE support_measure").query(Long.class).single() > 0);
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
