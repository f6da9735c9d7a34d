package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.RequestDispatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@TsunaguTest
@AutoConfigureMockMvc
class ImportScreenTests {

    static final String DAY1 = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            0000100010,R01.05.01,1,b
            0000100029,3640107,2,
            0000100037,2019/5/1,1,ok
            """;

    /** Ends three of four records: more than the 10% a source may end without being held. */
    static final String DAY2_ENDS_MOST = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            """;

    /** Line 3 has a day that never existed (令和元年2月30日) in column 2. */
    static final String BROKEN = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            0000100010,令和元年2月30日,1,b
            """;

    /** What a browser set to Japanese sends; see the report on the default locale. */
    static final String JAPANESE_BROWSER = "ja,en;q=0.5";

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    ImportRuns runs;
    @Autowired
    ImportingProperties properties;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    static RequestPostProcessor viewer() {
        return user("viewer").roles("VIEWER");
    }

    static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }

    @Test
    void viewerSeesASourceAsNeverImportedThenWithItsLastImportStatusAndCounts() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);

        String before = page("/imports", viewer());
        assertThat(row(before, source.id())).contains("テスト児童手当").contains("児童手当").contains("こども課")
                .contains("未取込");

        ImportReport report = importText(source, "day1.csv", DAY1);
        String after = page("/imports", viewer());
        assertThat(row(after, source.id())).doesNotContain("未取込").contains("day1.csv")
                .contains(ImportStatus.APPLIED.label()).contains("受信済")
                .contains("<dt>読込</dt><dd>4</dd>").contains("<dt>追加</dt><dd>4</dd>")
                .contains("<dt>却下</dt><dd>0</dd>")
                .contains("/imports/runs/" + report.runId());
    }

    @Test
    void sourceWhoseLastFileIsOlderThanItsStaleAfterDaysIsFlagged() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        ImportReport report = importText(source, "day1.csv", DAY1);
        jdbc.sql("UPDATE import_run SET started_at = now() - interval '5 days 1 hour' WHERE run_id = :r")
                .param("r", report.runId()).update();

        assertThat(row(page("/imports", viewer()), source.id())).contains("5日間ファイルなし");
    }

    @Test
    void onlyAdministratorsSeeTheUploadFormAndTheDecisionButtons() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        importText(source, "day1.csv", DAY1);
        ImportReport held = importText(source, "day2.csv", DAY2_ENDS_MOST);

        String asViewer = page("/imports", viewer());
        assertThat(asViewer).doesNotContain("/imports/upload").contains("保留 (確認待ち)")
                .doesNotContain("/imports/" + held.runId() + "/confirm");
        String asAdmin = page("/imports", admin());
        assertThat(asAdmin).contains("/imports/upload").contains("enctype=\"multipart/form-data\"")
                .contains("name=\"_csrf\"").contains("/imports/" + held.runId() + "/confirm")
                .contains("/imports/" + held.runId() + "/discard");
    }

    @Test
    void viewerCannotUploadAndAnonymousIsSentToLogin() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        MockMultipartFile file = csv("day1.csv", DAY1);

        mvc.perform(multipart("/imports/upload").file(file).param("sourceId", source.id()).with(csrf())
                .with(viewer())).andExpect(status().isForbidden());
        mvc.perform(get("/imports")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(multipart("/imports/upload").file(file).param("sourceId", source.id()).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        assertThat(runsOf(source.id())).isZero();
    }

    @Test
    void adminUploadIsImportedInTheBackgroundAndLeavesNoTemporaryFile() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);

        mvc.perform(multipart("/imports/upload").file(csv("day1.csv", DAY1)).param("sourceId", source.id())
                        .with(csrf()).with(admin()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/imports/sources/" + source.id()));

        long runId = awaitFinishedRun(source.id());
        ImportReport report = runs.report(runId);
        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.added()).isEqualTo(4);
        assertThat(report.fileName()).isEqualTo("day1.csv");
        assertThat(jdbc.sql("SELECT origin || '/' || requested_by FROM import_run WHERE run_id = :r")
                .param("r", runId).query(String.class).single()).isEqualTo("upload/admin");
        await().atMost(Duration.ofSeconds(10)).until(() -> uploadsLeft().isEmpty());

        String sourcePage = page("/imports/sources/" + source.id(), admin());
        assertThat(sourcePage).contains("day1.csv").contains("アップロード").contains(ImportStatus.APPLIED.label());
    }

    @Test
    void runReportListsEachErrorWithItsLineAndColumn() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        ImportReport report = importText(source, "broken.csv", BROKEN);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        ImportProblem problem = runs.problems(report.runId()).get(0);
        assertThat(problem.line()).isEqualTo(3);

        String body = page("/imports/runs/" + report.runId(), viewer());
        assertThat(body).contains("却下").contains("broken.csv").contains(report.sha256())
                .contains("エラー 1 件・警告 0 件")
                .contains("<td class=\"num\">3</td>")
                .contains("<td class=\"num\">" + problem.column() + "</td>")
                .contains(problem.reason()).doesNotContain("令和元年2月30日");
        assertThat(problem.column()).isEqualTo(2);
    }

    @Test
    void heldRunIsConfirmedThroughTheWebAfterOneConfirmationPage() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        importText(source, "day1.csv", DAY1);
        ImportReport held = importText(source, "day2.csv", DAY2_ENDS_MOST);
        assertThat(held.status()).isEqualTo(ImportStatus.HELD);

        String ask = page("/imports/" + held.runId() + "/confirm", admin());
        assertThat(ask).contains("現在の 4 件のうち 3 件が終了になります").contains("反映しますか？")
                .contains("name=\"_csrf\"").contains("action=\"/imports/" + held.runId() + "/confirm\"");
        assertThat(runs.report(held.runId()).status()).as("the page only asks").isEqualTo(ImportStatus.HELD);

        mvc.perform(post("/imports/" + held.runId() + "/confirm").with(viewer()).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/imports/" + held.runId() + "/confirm").with(admin()))
                .andExpect(status().isForbidden());
        assertThat(runs.report(held.runId()).status()).isEqualTo(ImportStatus.HELD);

        mvc.perform(post("/imports/" + held.runId() + "/confirm").with(admin()).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/imports/runs/" + held.runId()));
        assertThat(runs.report(held.runId()).status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void heldRunIsDiscardedThroughTheWebAndNothingChanges() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        importText(source, "day1.csv", DAY1);
        ImportReport held = importText(source, "day2.csv", DAY2_ENDS_MOST);

        assertThat(page("/imports/" + held.runId() + "/discard", admin())).contains("破棄しますか？")
                .contains("現在の 4 件はそのままです");
        mvc.perform(post("/imports/" + held.runId() + "/discard").with(admin()).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/imports/runs/" + held.runId()));

        assertThat(runs.report(held.runId()).status()).isEqualTo(ImportStatus.DISCARDED);
        assertThat(jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single()).isEqualTo(4);
        assertThat(page("/imports/runs/" + held.runId(), admin())).contains("破棄");
    }

    @Test
    void confirmingARunThatIsNotHeldSaysSoAndChangesNothing() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        ImportReport applied = importText(source, "day1.csv", DAY1);

        assertThat(page("/imports/" + applied.runId() + "/confirm", admin())).contains("保留中ではありません");
        mvc.perform(post("/imports/" + applied.runId() + "/confirm").with(admin()).with(csrf()))
                .andExpect(status().isFound());
        assertThat(runs.report(applied.runId()).status()).isEqualTo(ImportStatus.APPLIED);
    }

    @Test
    void runningImportShowsAProgressBarThatHtmxPolls() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        long runId = jdbc.sql("""
                INSERT INTO import_run (source_id, file_name, file_size, sha256, origin, status, phase, bytes_read,
                                        rows_read)
                VALUES (:s, 'big.csv', 1000, '', 'upload', 'RUNNING', '解析中', 450, 12345) RETURNING run_id
                """).param("s", source.id()).query(Long.class).single();

        String screen = page("/imports", viewer());
        assertThat(row(screen, source.id())).contains("<progress id=\"bar-" + runId + "\" max=\"1000\" value=\"450\"")
                .contains("<label for=\"bar-" + runId + "\">解析中 45%</label>")
                .contains("hx-get=\"/imports/runs/" + runId + "/progress\"").contains("hx-trigger=\"every 1s\"")
                .contains("12,345 行を読みました");

        String fragment = page("/imports/runs/" + runId + "/progress", viewer());
        assertThat(fragment.strip()).startsWith("<div").contains("value=\"450\"").doesNotContain("<html");

        jdbc.sql("UPDATE import_run SET status = 'FAILED', finished_at = now() WHERE run_id = :r")
                .param("r", runId).update();
        mvc.perform(get("/imports/runs/" + runId + "/progress").header("HX-Request", "true").with(viewer()))
                .andExpect(status().isOk()).andExpect(header().string("HX-Refresh", "true"));
        assertThat(page("/imports/runs/" + runId + "/progress", viewer())).doesNotContain("hx-get")
                .contains("失敗");
    }

    @Test
    void sourcePageShowsTheDefinitionAndPagesTheHistoryByTwenty() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        for (int i = 1; i <= 25; i++) {
            jdbc.sql("""
                    INSERT INTO import_run (source_id, file_name, sha256, origin, status, finished_at)
                    VALUES (:s, :f, 'x', 'inbox', 'DUPLICATE', now())
                    """).param("s", source.id()).param("f", "file-" + i + ".csv").update();
        }

        String first = page("/imports/sources/" + source.id(), viewer());
        assertThat(first).contains("取込履歴 (全 25 件)").contains("file-25.csv").contains("file-6.csv")
                .doesNotContain("file-5.csv").contains("1 / 2 ページ").contains("page=2")
                .contains("認定日").contains("受給状態").contains("日付").contains("コード")
                .contains("UTF-8").contains("カンマ").contains("10桁にゼロ埋め").contains("内線 1234");
        String second = page("/imports/sources/" + source.id() + "?page=2", viewer());
        assertThat(second).contains("file-5.csv").contains("file-1.csv").doesNotContain("file-6.csv")
                .contains("2 / 2 ページ");
    }

    @Test
    void unknownSourceAndRunAreNotFound() throws Exception {
        mvc.perform(get("/imports/sources/no-such-source").with(viewer())).andExpect(status().isNotFound());
        mvc.perform(get("/imports/runs/999999999").with(viewer())).andExpect(status().isNotFound());
    }

    @Test
    void errorPageIsJapaneseAndNeverShowsAStackTrace() throws Exception {
        mvc.perform(get("/no-such-page").with(viewer())).andExpect(status().isNotFound());
        // MockMvc does not forward to the error page as the servlet container does: render it as the container would
        String notFound = mvc.perform(get("/error").with(viewer()).accept(MediaType.TEXT_HTML)
                        .header("Accept-Language", JAPANESE_BROWSER)
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/no-such-page"))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(notFound).contains("ページが見つかりません。").contains("404").contains("lang=\"ja\"");

        String forbidden = errorPage(403, null);
        assertThat(forbidden).contains("この操作の権限がありません。");

        String failed = errorPage(500, new IllegalStateException("秘密の内部情報"));
        assertThat(failed).contains("エラーが発生しました。時間をおいて再度お試しください。").contains("500");
        for (String body : List.of(notFound, forbidden, failed)) {
            assertThat(body).doesNotContain("at jp.").doesNotContain("Exception").doesNotContain("秘密の内部情報")
                    .doesNotContain("trace");
        }
    }

    @Test
    void layoutHasASkipLinkAndTheImportsLink() throws Exception {
        String body = page("/imports", viewer());
        assertThat(body).contains("<a class=\"skip-link\" href=\"#main\">本文へ移動</a>")
                .contains("<main id=\"main\"").contains("href=\"/imports\">連携取込</a>");
    }

    private String errorPage(int status, Throwable exception) throws Exception {
        var request = get("/error").with(viewer()).accept(MediaType.TEXT_HTML)
                        .header("Accept-Language", JAPANESE_BROWSER).requestAttr(RequestDispatcher.ERROR_STATUS_CODE, status)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/imports");
        if (exception != null) {
            request.requestAttr(RequestDispatcher.ERROR_EXCEPTION, exception);
        }
        return mvc.perform(request).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String page(String url, RequestPostProcessor user) throws Exception {
        return mvc.perform(get(url).with(user).header("Accept-Language", JAPANESE_BROWSER)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** The rows of one source in the import screen's table. */
    private static String row(String page, String sourceId) {
        int start = page.indexOf("id=\"source-" + sourceId + "\"");
        assertThat(start).as("row of %s", sourceId).isPositive();
        int end = page.indexOf("</tbody>", start);
        return page.substring(start, end);
    }

    private ImportReport importText(SourceDefinition source, String name, String text) {
        return imports.importFile(source.id(), TestSources.write(dir, name, text, StandardCharsets.UTF_8), "test",
                "tester");
    }

    private static MockMultipartFile csv(String name, String text) {
        return new MockMultipartFile("file", name, "text/csv", text.getBytes(StandardCharsets.UTF_8));
    }

    private long runsOf(String sourceId) {
        return jdbc.sql("SELECT count(*) FROM import_run WHERE source_id = :s").param("s", sourceId)
                .query(Long.class).single();
    }

    private long awaitFinishedRun(String sourceId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT run_id FROM import_run WHERE source_id = :s AND status <> 'RUNNING'
                        ORDER BY run_id DESC LIMIT 1
                        """).param("s", sourceId).query(Long.class).optional().orElse(null),
                runId -> runId != null);
    }

    private List<Path> uploadsLeft() throws Exception {
        Path uploads = properties.inboxDir().resolve(".uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.toList();
        }
    }
}
