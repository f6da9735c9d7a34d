package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

/**
 * F5: a rejected file's values are personal data when its columns are shifted. The run page shows
 * every staff member where and why, administrators the value masked, and the whole value only on
 * request, recorded in the audit trail.
 */
@TsunaguTest
@AutoConfigureMockMvc
class RejectedValueScreenTests {

    /** A 生活保護-like source whose 保護開始日 is a date. */
    static final String SEIKATSU = """
            name: テスト生活保護
            program: 生活保護
            department: {id: seikatsu, name: 生活福祉課, contact: 内線 2345}
            encoding: UTF-8
            delimiter: ","
            header: true
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: started_on, column: 保護開始日, label: 保護開始日, type: date, formats: [wareki, yyyyMMdd, iso]}
              - {name: note, column: 備考, label: 備考, type: text}
            holdShare: 0.1
            """;

    /** A name and an address where line 3's 保護開始日 (column 2) should be. */
    static final String NAME_AND_ADDRESS = "栗田由加里 広瀬台二丁目8番16号";

    static final String SHIFTED = """
            宛名番号,保護開始日,備考
            0000100002,20240401,a
            0000100010,%s,b
            """.formatted(NAME_AND_ADDRESS);

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    ImportRuns runs;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @Test
    void aCaseworkerSeesWhereAndWhyButNothingOfTheRejectedValue() throws Exception {
        ImportReport report = importShifted();

        String html = page("/imports/runs/" + report.runId(), user("kaigo-" + uuid()).roles("CASEWORKER"));
        String text = text(html);
        assertThat(text).contains("却下", "shifted.csv", "エラー 1 件・警告 0 件", "保護開始日", "日付として読めません",
                "却下された値は、個人情報を含むことがあるため管理者だけが確認できます。");
        assertThat(problemRow(html)).contains("<td class=\"num\">3</td>", "<td class=\"num\">2</td>");
        for (String part : new String[] {NAME_AND_ADDRESS, "栗田", "由加里", "広瀬台", "8番16号", "全17文字"}) {
            assertThat(text).doesNotContain(part);
            assertThat(html).doesNotContain(part);
        }
        assertThat(html).doesNotContain("/problems/0/value");
    }

    @Test
    void anAdministratorSeesTheValueMaskedAndWholeOnlyAfterAskingWhichIsAudited() throws Exception {
        ImportReport report = importShifted();
        String admin = "kanri-" + uuid();

        String html = page("/imports/runs/" + report.runId(), user(admin).roles("ADMIN"));
        String text = text(html);
        assertThat(text).contains("日付として読めません", "栗田…（全17文字）", "値を表示");
        assertThat(text).doesNotContain(NAME_AND_ADDRESS).doesNotContain("由加里").doesNotContain("広瀬台");
        assertThat(html).doesNotContain(NAME_AND_ADDRESS).doesNotContain("広瀬台")
                .contains("action=\"/admin/imports/runs/" + report.runId() + "/problems/0/value\"");
        assertThat(revealsBy(admin, report.runId())).isZero();

        String revealed = mvc.perform(post("/admin/imports/runs/{r}/problems/0/value", report.runId())
                        .with(user(admin).roles("ADMIN")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(text(revealed)).contains(NAME_AND_ADDRESS, "行 3・列 2", "保護開始日", "日付として読めません",
                "この表示はアクセス記録に残りました。");

        assertThat(revealsBy(admin, report.runId())).isEqualTo(1);
        String detail = jdbc.sql("""
                SELECT detail FROM audit_event WHERE actor = :a AND action = 'IMPORT_VALUE' ORDER BY seq DESC LIMIT 1
                """).param("a", admin).query(String.class).single();
        assertThat(detail).contains("\"run\":\"" + report.runId() + "\"", "\"line\":\"3\"", "\"column\":\"2\"",
                "\"columnName\":\"保護開始日\"", "\"source\":\"" + report.sourceId() + "\"")
                .as("the trail records the look, not the value").doesNotContain("栗田").doesNotContain("広瀬台");
    }

    @Test
    void htmxGetsOnlyTheValueForTheCell() throws Exception {
        ImportReport report = importShifted();
        String admin = "kanri-" + uuid();

        String fragment = mvc.perform(post("/admin/imports/runs/{r}/problems/0/value", report.runId())
                        .header("HX-Request", "true").with(user(admin).roles("ADMIN")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(fragment.strip()).startsWith("<span").doesNotContain("<html").doesNotContain("<h1");
        assertThat(text(fragment)).contains(NAME_AND_ADDRESS);
        assertThat(revealsBy(admin, report.runId())).isEqualTo(1);
    }

    @Test
    void onlyAdministratorsCanAskForTheValueAndOnlyWithACsrfToken() throws Exception {
        ImportReport report = importShifted();
        String caseworker = "kaigo-" + uuid();
        String admin = "kanri-" + uuid();

        for (RequestPostProcessor who : new RequestPostProcessor[] {user(caseworker).roles("CASEWORKER"),
                user(caseworker).roles("VIEWER"), user(caseworker).roles("AUDITOR")}) {
            String body = mvc.perform(post("/admin/imports/runs/{r}/problems/0/value", report.runId()).with(who)
                            .with(csrf()))
                    .andExpect(status().isForbidden()).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(body).doesNotContain(NAME_AND_ADDRESS);
        }
        mvc.perform(post("/admin/imports/runs/{r}/problems/0/value", report.runId()).with(user(admin).roles("ADMIN")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/imports/runs/{r}/problems/0/value", report.runId()).with(user(admin).roles("ADMIN")))
                .andExpect(status().isMethodNotAllowed());
        mvc.perform(post("/admin/imports/runs/{r}/problems/7/value", report.runId()).with(user(admin).roles("ADMIN"))
                .with(csrf())).andExpect(status().isNotFound());

        assertThat(revealsBy(caseworker, report.runId())).isZero();
        assertThat(revealsBy(admin, report.runId())).isZero();
    }

    @Test
    void whenTheLookCannotBeRecordedTheValueIsNotShown() throws Exception {
        ImportReport report = importShifted();
        String admin = "kanri-" + uuid();

        jdbc.sql("ALTER TABLE audit_head RENAME TO audit_head_away").update();
        String body;
        try {
            body = mvc.perform(post("/admin/imports/runs/{r}/problems/0/value", report.runId())
                            .with(user(admin).roles("ADMIN")).with(csrf()))
                    .andExpect(status().isServiceUnavailable()).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
        } finally {
            jdbc.sql("ALTER TABLE audit_head_away RENAME TO audit_head").update();
        }
        assertThat(text(body)).contains("アクセス記録を書けないため、表示と出力を中止しました。")
                .doesNotContain(NAME_AND_ADDRESS).doesNotContain("広瀬台");
        assertThat(revealsBy(admin, report.runId())).isZero();
    }

    @Test
    void theOperatorsReportStillCarriesTheValue() {
        ImportReport report = importShifted();

        assertThat(report.problems()).containsExactly(
                "shifted.csv:3:2: [保護開始日] 日付として読めません: " + NAME_AND_ADDRESS);
        assertThat(jdbc.sql("SELECT message || '|' || rejected_value FROM import_error WHERE run_id = :r")
                .param("r", report.runId()).query(String.class).single())
                .isEqualTo("日付として読めません|" + NAME_AND_ADDRESS);
    }

    /** Reports written before the value had a column of its own are split by the migration. */
    @Test
    void theMigrationMovesTheValueOutOfOlderMessages() throws IOException {
        ImportReport report = importShifted();
        String[] before = {"日付として読めません: " + NAME_AND_ADDRESS,
                "この項目では使えない日付の形式です（使える形式: 和暦, yyyyMMdd）: R6.4.1",
                "宛名番号の桁数が多すぎます（10桁まで）: 123456789012",
                "レコードキーが重複しています (2 行目と同じ): 0000100002",
                "コード表にない値です: 改行を\n含む値",
                "列の数が 3 です (4 列のはずです)"};
        for (int i = 0; i < before.length; i++) {
            jdbc.sql("""
                    INSERT INTO import_error (run_id, seq, severity, line, col, message)
                    VALUES (:r, :s, 'ERROR', 9, 1, :m)
                    """).param("r", report.runId()).param("s", 100 + i).param("m", before[i]).update();
        }

        jdbc.sql(migrationUpdate()).update();

        assertThat(jdbc.sql("""
                SELECT message || '|' || coalesce(rejected_value, '-') FROM import_error
                 WHERE run_id = :r AND seq >= 100 ORDER BY seq
                """).param("r", report.runId()).query(String.class).list()).containsExactly(
                "日付として読めません|" + NAME_AND_ADDRESS,
                "この項目では使えない日付の形式です（使える形式: 和暦, yyyyMMdd）|R6.4.1",
                "宛名番号の桁数が多すぎます（10桁まで）|123456789012",
                "レコードキーが重複しています (2 行目と同じ)|0000100002",
                "コード表にない値です|改行を\n含む値",
                "列の数が 3 です (4 列のはずです)|-");
        assertThat(runs.problems(report.runId()).get(0).value()).isEqualTo(NAME_AND_ADDRESS);
    }

    private ImportReport importShifted() {
        SourceDefinition source = catalog.register(TestSources.uniqueId("seikatsu"), SEIKATSU);
        ImportReport report = imports.importFile(source.id(),
                TestSources.write(dir, "shifted.csv", SHIFTED, StandardCharsets.UTF_8), "test", "tester");
        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.REJECTED);
        return report;
    }

    private long revealsBy(String actor, long runId) {
        return jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE actor = :a AND action = 'IMPORT_VALUE' AND detail LIKE :run
                """).param("a", actor).param("run", "%\"run\":\"" + runId + "\"%").query(Long.class).single();
    }

    private String page(String url, RequestPostProcessor who) throws Exception {
        return mvc.perform(get(url).with(who).header("Accept-Language", "ja")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The statement of the migration that splits older messages (the one after the new column). */
    private static String migrationUpdate() throws IOException {
        try (InputStream in = RejectedValueScreenTests.class
                .getResourceAsStream("/db/migration/importing/V3_1_0__import_error_value.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = sql.indexOf("UPDATE import_error");
            assertThat(start).isPositive();
            return sql.substring(start, sql.lastIndexOf(';'));
        }
    }

    /** The page as a reader sees it: tags dropped, character references decoded, spaces folded. */
    static String text(String html) {
        return HtmlUtils.htmlUnescape(html.replaceAll("(?s)<[^>]*>", " ")).replaceAll("\\s+", " ");
    }

    private static String problemRow(String html) {
        int start = html.indexOf("<tbody>", html.indexOf("class=\"problems\""));
        return html.substring(start, html.indexOf("</tbody>", start));
    }

    private static String uuid() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
