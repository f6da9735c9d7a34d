package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Media;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The overview and the department view as staff use them, on the demo municipality (small size, on
 * its own embedded PostgreSQL): a 介護保険課 caseworker finds a person with five or more programs
 * through the search box, opens a household member, looks at the person as of a past day (after a
 * second 要介護認定 snapshot that ended the person's record), prints, lists and exports the
 * department's persons; a こども支援課 caseworker sees only "関わりあり" and whom to call on the
 * 介護保険 cards.
 */
@OnTheDemoCity
class OverviewBrowserTests {

    static final String PASSWORD = "tsunagu-demo";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

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
    void aCaseworkerFindsAPersonFollowsTheHouseholdLooksBackInTimePrintsAndExports(@TempDir Path dir)
            throws Exception {
        String key = personWithFivePrograms();
        Page page = browser.newPage();
        BrowserSession.logIn(page, base(), "kaigo", PASSWORD);
        page.waitForURL("**/search");

        // search by 宛名番号 and open the person from the results
        page.getByLabel("氏名・カナ・生年月日・宛名番号・住所").fill(key);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("検索").setExact(true)).click();
        page.waitForSelector("table.results");
        page.locator("table.results a[href$='/persons/" + key + "']").first().click();
        page.waitForURL("**/persons/" + key);
        assertThat(page.locator("h1").textContent()).contains(name(key));
        assertThat(page.locator("article.card").count()).isGreaterThanOrEqualTo(5);
        assertThat(page.locator("#card-kaigo-shikaku dl.fields").count()).as("介護保険課 sees its own detail").isPositive();
        assertThat(page.locator("#card-kaigo-nintei").count()).isEqualTo(1);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/overview.png")).setFullPage(true));

        // printed: no navigation, search, buttons or forms; every card; who printed it and when
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
        assertThat(page.locator("header.site-header").isVisible()).isFalse();
        assertThat(page.locator("form.as-of-form").isVisible()).isFalse();
        assertThat(page.locator("button:visible, input:visible").count()).isZero();
        assertThat(page.locator("article.card:visible").count()).isEqualTo(page.locator("article.card").count());
        assertThat(page.locator("p.print-meta").first().isVisible()).isTrue();
        assertThat(page.locator("p.print-meta").first().textContent()).contains("閲覧者: 介護 花子 (kaigo・介護保険課)",
                "表示日時: 令和");
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));

        // a household member's overview
        String member = jdbc.sql("""
                SELECT person_key FROM person WHERE registered AND person_key <> :k
                   AND household_key = (SELECT household_key FROM person WHERE person_key = :k)
                 ORDER BY relation NULLS LAST, birth_date LIMIT 1""").param("k", key).query(String.class).single();
        page.locator("ul.household a[href$='/persons/" + member + "']").click();
        page.waitForURL("**/persons/" + member);
        assertThat(page.locator("h1").textContent()).contains(name(member));

        // the demo was imported ten days ago; today 要介護認定 ends this person's record
        jdbc.sql("UPDATE import_run SET finished_at = finished_at - interval '10 days'").update();
        endTheRecord("kaigo-nintei", key, dir);
        page.navigate(base() + "/persons/" + key);
        assertThat(page.locator("#card-kaigo-nintei").count()).as("ended today").isZero();
        assertThat(page.locator("#as-of-banner").count()).isZero();

        LocalDate day = LocalDate.now(TOKYO).minusDays(5);
        page.getByLabel("過去の時点で表示").fill("R" + (day.getYear() - 2018) + "." + day.getMonthValue() + "." + day.getDayOfMonth());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("表示").setExact(true)).click();
        page.waitForURL("**/persons/" + key + "?asOf=*");
        String label = day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日（令和"
                + (day.getYear() - 2018) + "年）時点の表示";
        assertThat(page.locator("#as-of-banner").textContent()).contains(label, "過去の表示です");
        assertThat(page.locator("#card-kaigo-nintei").count()).as("the record as it was then").isEqualTo(1);
        assertThat(page.locator("#card-kaigo-nintei dl.fields").count()).isPositive();
        assertThat(page.locator("article.card").count()).isGreaterThanOrEqualTo(5);

        page.getByLabel("過去の時点で表示").fill("R7.2.30");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("表示").setExact(true)).click();
        page.waitForSelector("p.error[role=alert]");
        assertThat(page.locator("p.error").textContent()).contains("表示する日付を読めません: R7.2.30");
        page.getByText("現在の表示に戻る").click();
        page.waitForURL("**/persons/" + key);
        assertThat(page.locator("#card-kaigo-nintei").count()).isZero();

        // the department view: filter, export CSV and Excel, both audited
        page.navigate(base() + "/department");
        assertThat(page.locator("h1").textContent()).isEqualTo("課の一覧");
        page.getByLabel("年齢 (下限)").fill("80");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("表示").setExact(true)).click();
        page.waitForURL("**/department?*minAge=80*");
        List<String> ages = page.locator("table.results tbody tr td:nth-child(2)").allTextContents();
        Matcher count = Pattern.compile("([\\d,]+) ?人").matcher(page.locator("p[role=status]").textContent());
        assertThat(count.find()).isTrue();
        int listed = Integer.parseInt(count.group(1).replace(",", ""));
        assertThat(ages).isNotEmpty().allSatisfy(cell -> assertThat(age(cell)).isGreaterThanOrEqualTo(80));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/screenshots/department.png")));

        long exports = exportsBy("kaigo");
        Download csv = page.waitForDownload(() -> page.getByText("CSVで出力").click());
        String text = new String(Files.readAllBytes(csv.path()), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF\"宛名番号\",\"氏名\",\"カナ氏名\",\"生年月日\",\"年齢\"");
        assertThat(text.split("\r\n")).as("header and every listed person").hasSize(listed + 1);
        Download xlsx = page.waitForDownload(() -> page.getByText("Excelで出力").click());
        byte[] workbook = Files.readAllBytes(xlsx.path());
        assertThat(new String(workbook, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("宛名番号");
            assertThat(sheet.getLastRowNum()).isEqualTo(listed);
        }
        assertThat(exportsBy("kaigo")).isEqualTo(exports + 2);
        assertThat(jdbc.sql("""
                SELECT detail FROM audit_event WHERE actor = 'kaigo' AND action = 'EXPORT' ORDER BY seq DESC LIMIT 1""")
                .query(String.class).single()).contains("\"screen\":\"department\"");
    }

    @Test
    void aDepartmentWithoutTheDetailGrantSeesInvolvementAndWhomToCallButNoValues() {
        String key = personWithFivePrograms();
        Map<String, Object> record = jdbc.sql("""
                SELECT data->>'insured_number' AS insured, data->>'qualified_on' AS qualified
                  FROM source_record WHERE source_id = 'kaigo-shikaku' AND person_key = :k LIMIT 1""")
                .param("k", key).query().singleRow();
        Page page = browser.newPage();
        BrowserSession.logIn(page, base(), "kodomo", PASSWORD);
        page.waitForURL("**/search");
        page.navigate(base() + "/persons/" + key);
        Locator card = page.locator("#card-kaigo-shikaku");
        assertThat(card.textContent()).contains("関わりあり", "担当: 介護保険課", "内線 2345");
        assertThat(card.locator("dl.fields").count()).isZero();
        assertThat(page.content()).doesNotContain((String) record.get("insured"));
        assertThat(record.get("qualified")).isNotNull();
        assertThat(card.textContent()).doesNotContain(jp.tsunagu.japanese.JapaneseDates
                .wareki(LocalDate.parse((String) record.get("qualified"))));
    }

    /** A person, not under 支援措置, in 介護保険 (資格 and 認定) and in five or more programs, with a household. */
    private String personWithFivePrograms() {
        return jdbc.sql("""
                SELECT r.person_key FROM source_record r JOIN person p USING (person_key)
                 WHERE r.source_id IN (SELECT source_id FROM source WHERE role = 'PROGRAM')
                   AND NOT p.support_measure AND p.registered
                   AND p.person_key IN (SELECT person_key FROM source_record WHERE source_id = 'kaigo-nintei')
                   AND p.person_key IN (SELECT person_key FROM source_record WHERE source_id = 'kaigo-shikaku')
                   AND (SELECT count(*) FROM person m WHERE m.household_key = p.household_key AND m.registered) >= 2
                 GROUP BY r.person_key HAVING count(DISTINCT r.source_id) >= 5
                 ORDER BY count(DISTINCT r.source_id) DESC, r.person_key LIMIT 1""").query(String.class).single();
    }

    /** Imports the source's demo export again without this person's rows: a second snapshot that ends them. */
    private void endTheRecord(String source, String key, Path dir) throws Exception {
        Path original;
        try (Stream<Path> files = Files.walk(Path.of("target/browser-demo"))) {
            original = files.filter(f -> f.getFileName().toString().startsWith(source + "_")).findFirst().orElseThrow();
        }
        List<String> numbers = jdbc.sql("SELECT data->>'insured_number' FROM source_record WHERE source_id = :s AND person_key = :k")
                .param("s", source).param("k", key).query(String.class).list();
        Charset charset = Charset.forName("windows-31j");
        List<String> lines = Files.readAllLines(original, charset);
        List<String> kept = lines.stream().filter(line -> Arrays.stream(line.split(",", -1))
                .map(field -> field.replace("\"", "").strip()).noneMatch(numbers::contains)).toList();
        assertThat(lines.size() - kept.size()).as("the person's rows").isEqualTo(numbers.size());
        Path changed = dir.resolve(original.getFileName().toString().replace(".csv", "_2.csv"));
        Files.write(changed, (String.join("\r\n", kept) + "\r\n").getBytes(charset));
        ImportReport report = imports.importFile(source, changed, "test", "test");
        assertThat(report.status()).as(report.message()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.ended()).isEqualTo(numbers.size());
    }

    private String name(String key) {
        return jdbc.sql("SELECT name FROM person WHERE person_key = :k").param("k", key).query(String.class).single();
    }

    private long exportsBy(String user) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = :u AND action = 'EXPORT'").param("u", user)
                .query(Long.class).single();
    }

    private static int age(String cell) {
        Matcher m = Pattern.compile("\\((\\d+)歳\\)").matcher(cell);
        assertThat(m.find()).as(cell).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
