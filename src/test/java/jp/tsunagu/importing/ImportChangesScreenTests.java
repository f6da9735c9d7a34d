package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

/**
 * Who an applied run added, changed and ended: an administrator's page that records each look; the import
 * report every staff member sees gives the counts and, for administrators, the way there.
 */
@TsunaguTest
@AutoConfigureMockMvc
class ImportChangesScreenTests {

    static final String DAY1 = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            0000100010,R01.05.01,1,b
            0000100029,3640107,2,
            0000100037,2019/5/1,1,ok
            """;

    /** 100010: 状態 changes; 100029: 認定日 and 備考 change; 100037 ends; 100045 is added; 100002 stays. */
    static final String DAY2 = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            0000100010,R01.05.01,2,b
            0000100029,令和元年5月2日,2,new
            0000100045,令和2年1月6日,1,
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }

    @Test
    void administratorSeesWhoWasAddedChangedAndEndedAndWhichFieldsChanged() throws Exception {
        SourceDefinition source = TestSources.basic(catalog, "UTF-8", ",", 0.5);
        importText(source, "day1.csv", DAY1);
        ImportReport day2 = importText(source, "day2.csv", DAY2);
        assertThat(day2.status()).isEqualTo(ImportStatus.APPLIED);
        // the added person is in the person index; the others are not
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, updated_run)
                VALUES ('0000100045', 'test', true, '住民', '取込 太郎', 0)
                ON CONFLICT (person_key) DO UPDATE SET name = EXCLUDED.name""")
                .update();

        long mark = AuditRows.mark(jdbc);
        String page = page("/admin/imports/runs/" + day2.runId() + "/changes", admin());

        assertThat(rows(page, "added")).as("the key, who it is (a link to the overview), the record")
                .containsExactly("0000100045 取込 太郎 0000100045");
        assertThat(page).contains("href=\"/persons/0000100045\"");
        assertThat(text(section(page, "added"))).startsWith("追加 1 件");
        assertThat(rows(page, "changed")).containsExactly(
                "0000100010 (宛名にありません) 0000100010 受給状態",
                "0000100029 (宛名にありません) 0000100029 認定日・備考");
        assertThat(rows(page, "ended")).containsExactly("0000100037 (宛名にありません) 0000100037");
        String all = text(page.substring(page.indexOf("id=\"changes-title\"")));
        assertThat(all).doesNotContain("0000100002").doesNotContain("ほか");
        assertThat(AuditRows.since(jdbc, mark, "admin")).singleElement().satisfies(row -> {
            assertThat(row.action()).isEqualTo("SEARCH");
            assertThat(row.detail()).containsEntry("screen", "imports.changes")
                    .containsEntry("run", Long.toString(day2.runId())).containsEntry("source", source.id())
                    .containsEntry("shown", "4");
        });
    }

    @Test
    void aFirstLoadListsItsRecordsAsAddedAndCountsWhatIsNotShown() throws Exception {
        SourceDefinition source = TestSources.basic(catalog);
        String csv = "宛名番号,認定日,状態,備考\n" + IntStream.rangeClosed(1, RunChanges.CHANGES_SHOWN + 3)
                .mapToObj(i -> String.format("%010d,令和元年5月1日,1,", 200000 + i)).collect(Collectors.joining("\n"))
                + "\n";
        ImportReport first = importText(source, "first.csv", csv);

        String page = page("/admin/imports/runs/" + first.runId() + "/changes", admin());

        assertThat(text(section(page, "added"))).startsWith("追加 103 件").contains("ほか 3 件");
        List<String> rows = rows(page, "added");
        assertThat(rows).hasSize(RunChanges.CHANGES_SHOWN);
        assertThat(rows.get(0)).isEqualTo("0000200001 (宛名にありません) 0000200001");
        assertThat(rows.get(RunChanges.CHANGES_SHOWN - 1)).isEqualTo("0000200100 (宛名にありません) 0000200100");
        assertThat(page).doesNotContain("0000200101").doesNotContain("id=\"changes-changed\"")
                .doesNotContain("id=\"changes-ended\"");
    }

    @Test
    void staffWhoAreNotAdministratorsSeeTheCountsButNotWhoChanged() throws Exception {
        SourceDefinition source = TestSources.basic(catalog, "UTF-8", ",", 0.5);
        importText(source, "day1.csv", DAY1);
        ImportReport day2 = importText(source, "day2.csv", DAY2);

        String page = page("/imports/runs/" + day2.runId(), user("viewer").roles("VIEWER"));

        assertThat(text(page)).contains("だれの記録が変わったかは、個人情報のため管理者だけが確認できます")
                .contains("追加 1").contains("変更 2").contains("終了 1")
                .doesNotContain("0000100045").doesNotContain("0000100037").doesNotContain("0000100010");
        assertThat(page).doesNotContain("id=\"changes-added\"").doesNotContain("id=\"changes-changed\"")
                .doesNotContain("id=\"changes-ended\"").doesNotContain("/changes");
        mvc.perform(get("/admin/imports/runs/" + day2.runId() + "/changes").with(user("viewer").roles("VIEWER")))
                .andExpect(status().isForbidden());
    }

    @Test
    void theReportLinksAnAdministratorToTheListWithoutShowingAnyKeyItself() throws Exception {
        SourceDefinition source = TestSources.basic(catalog, "UTF-8", ",", 0.5);
        importText(source, "day1.csv", DAY1);
        ImportReport day2 = importText(source, "day2.csv", DAY2);
        long mark = AuditRows.mark(jdbc);

        String report = page("/imports/runs/" + day2.runId(), admin());

        assertThat(report).contains("/admin/imports/runs/" + day2.runId() + "/changes")
                .doesNotContain("0000100045").doesNotContain("0000100037").doesNotContain("0000100010");
        assertThat(text(report)).contains("だれの記録が変わったかを見る (アクセス記録に残ります)");
        assertThat(AuditRows.since(jdbc, mark, "admin")).isEmpty();
    }

    /** The section of one kind of change, from its opening tag to its end. */
    private static String section(String page, String part) {
        int start = page.indexOf("id=\"changes-" + part + "\"");
        assertThat(start).as("section %s", part).isPositive();
        return page.substring(page.indexOf('>', start) + 1, page.indexOf("</section>", start));
    }

    /** Each body row of a section's table as its cells' text joined by spaces. */
    private static List<String> rows(String page, String part) {
        String section = section(page, part);
        String body = section.substring(section.indexOf("<tbody>") + 7, section.indexOf("</tbody>"));
        return Arrays.stream(body.split("</tr>")).map(ImportChangesScreenTests::text).filter(t -> !t.isEmpty()).toList();
    }

    static String text(String html) {
        return HtmlUtils.htmlUnescape(html.replaceAll("(?s)<[^>]*>", " ")).replaceAll("\\s+", " ").strip();
    }

    private String page(String url, RequestPostProcessor user) throws Exception {
        return mvc.perform(get(url).with(user).header("Accept-Language", "ja")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private ImportReport importText(SourceDefinition source, String name, String text) {
        return imports.importFile(source.id(), TestSources.write(dir, name, text, StandardCharsets.UTF_8), "test",
                "tester");
    }
}
