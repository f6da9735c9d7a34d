package jp.tsunagu.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.AuditRows;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.TokyoTime;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What leaves the department and who sees what: the CSV and xlsx carry 「10未満」 for every small figure and
 * nothing from which a hidden one can be worked out, name no one, and are audited; the JSON API gives typed
 * values, exact only to a department that may see every welfare program in detail; the multi-need households
 * list only to such a department, audited with the persons it named; the A4 report's text; bad input.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-insights-web")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightsWebTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    InsightsRefresh refresh;
    @Autowired
    Figures figures;
    @TempDir
    static Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void city() {
        SampleCity.started(catalog, imports, jdbc, accounts, dir)
                .staff("i-kaigo", "介護 係", Role.CASEWORKER, "kaigo-i", "介護保険課", "内線 2345")
                .staff("i-planner", "企画 係", Role.CASEWORKER, "kikaku-i", "福祉総務課", "内線 2000");
        await("the figures are counted").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(2))
                .until(() -> refresh.settled() && figures.period(null).isPresent());
        for (Figures.Source s : figures.sources()) {
            access.grant("admin", "kikaku-i", s.id(), GrantLevel.DETAIL, false);
        }
    }

    @Test
    void theCsvHidesEverySmallFigureSoThatNoneFollowsFromTheTotalsNamesNoOneAndIsAudited() throws Exception {
        long mark = AuditRows.mark(jdbc);
        String csv = mvc.perform(get("/insights/export").param("table", "coverage").param("by", "town")
                .param("age", "8").param("format", "csv").with(user("i-kaigo")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<List<String>> lines = csvLines(csv);
        assertThat(lines.get(1)).containsExactly("町丁目", "住民", "関わりあり", "関わりなし", "割合");
        List<List<String>> rows = lines.subList(2, lines.size() - 1);
        assertThat(rows.get(rows.size() - 1).get(0)).isEqualTo("合計");
        assertThat(csv).contains("10未満");
        for (List<String> row : rows) {
            for (String cell : row.subList(1, 4)) {
                if (!cell.equals("10未満")) {
                    long n = Long.parseLong(cell.replace(",", ""));
                    assertThat(n).as("a shown figure of %s", row).satisfiesAnyOf(v -> assertThat(v).isZero(),
                            v -> assertThat(v).isGreaterThanOrEqualTo(10));
                }
            }
        }
        // the attempt: the grid of covered, not covered and residents (the row total), the total row last
        Long[][] published = new Long[rows.size()][3];
        for (int r = 0; r < rows.size(); r++) {
            published[r][0] = value(rows.get(r).get(2));
            published[r][1] = value(rows.get(r).get(3));
            published[r][2] = value(rows.get(r).get(1));
        }
        assertThat(Recovery.recovered(published)).as("a hidden figure worked out from the totals").isEmpty();
        List<String> names = jdbc.sql("""
                SELECT name FROM person WHERE status = '住民' AND birth_date BETWEEN :from AND :to""")
                .param("from", LocalDate.now(TokyoTime.ZONE).minusYears(90).plusDays(1))
                .param("to", LocalDate.now(TokyoTime.ZONE).minusYears(80)).query(String.class).list();
        assertThat(names).isNotEmpty();
        for (String name : names) {
            assertThat(csv).doesNotContain(name);
        }
        assertThat(csv).doesNotContainPattern("\\d{10}");
        List<AuditRows.Row> audit = AuditRows.since(jdbc, mark, "i-kaigo");
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("EXPORT");
            assertThat(a.detail()).containsEntry("screen", "insights.export").containsEntry("table", "coverage")
                    .containsEntry("by", "town").containsEntry("age", "8").containsEntry("format", "csv");
        });
    }

    @Test
    void theXlsxHasNoSmallNumberCellEvenForADepartmentThatSeesEveryProgram() throws Exception {
        byte[] xlsx = mvc.perform(get("/insights/export").param("table", "pairs").param("format", "xlsx")
                .with(user("i-planner"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        int hidden = 0;
        int numbers = 0;
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row row : book.getSheetAt(0)) {
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.NUMERIC) {
                        numbers++;
                        assertThat(cell.getNumericCellValue()).satisfiesAnyOf(v -> assertThat(v).isZero(),
                                v -> assertThat(v).isGreaterThanOrEqualTo(10));
                    } else if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().equals("10未満")) {
                        hidden++;
                    }
                }
            }
        }
        assertThat(numbers).isPositive();
        assertThat(hidden).as("the small sample city has small pairs").isPositive();
    }

    @Test
    void theApiIsExactOnlyForADepartmentThatSeesEveryWelfareProgramAndTyped() throws Exception {
        JsonNode suppressed = api("/api/v1/insights/coverage?by=household", "i-kaigo");
        JsonNode exact = api("/api/v1/insights/coverage?by=household", "i-planner");
        assertThat(suppressed.get("suppressed").asBoolean()).isTrue();
        assertThat(exact.get("suppressed").asBoolean()).isFalse();
        LocalDate month = LocalDate.now(TokyoTime.ZONE).withDayOfMonth(1);
        assertThat(exact.get("month").get("value").asString()).isEqualTo(month.toString());
        List<Figures.Slice> truth = figures.coverage(Filter.none().inMonth(month), Dimension.HOUSEHOLD);
        assertThat(exact.get("rows")).hasSize(truth.size());
        boolean anyHidden = false;
        for (int i = 0; i < truth.size(); i++) {
            JsonNode e = exact.get("rows").get(i);
            JsonNode s = suppressed.get("rows").get(i);
            assertThat(e.get("key").get("value").get("code").asString()).isEqualTo(truth.get(i).key());
            assertThat(e.get("residents").get("value").asLong()).isEqualTo(truth.get(i).residents());
            assertThat(e.get("covered").get("value").isNumber()).isTrue();
            assertThat(e.get("covered").get("value").asLong()).isEqualTo(truth.get(i).covered());
            if (s.get("covered").get("value").isNull()) {
                anyHidden = true;
                assertThat(s.get("covered").get("display").asString()).isEqualTo("10未満");
            } else {
                assertThat(s.get("covered").get("value").asLong()).isEqualTo(truth.get(i).covered());
            }
        }
        assertThat(exact.toString()).doesNotContain("10未満");
        assertThat(anyHidden || truth.stream().allMatch(t -> t.covered() >= 10)).isTrue();
        assertThat(exact.get("rows").get(0).get("rate").get("value").isNumber()).isTrue();
    }

    @Test
    void multiNeedHouseholdsAreListedOnlyToADepartmentWithEveryGrantAndAuditedWithThePersons() throws Exception {
        long mark = AuditRows.mark(jdbc);
        JsonNode planner = api("/api/v1/insights/households", "i-planner");
        JsonNode kaigo = api("/api/v1/insights/households", "i-kaigo");
        long all = jdbc.sql("SELECT count(*) FROM insights_household").query(Long.class).single();
        assertThat(all).as("the sample city has multi-need households").isPositive();
        assertThat(planner.get("all").asLong()).isEqualTo(all);
        assertThat(planner.get("households")).isNotEmpty();
        JsonNode first = planner.get("households").get(0);
        assertThat(first.get("departments").asInt()).isGreaterThanOrEqualTo(3);
        String key = first.get("members").get(0).get("personKey").asString();
        String name = jdbc.sql("SELECT name FROM person WHERE person_key = :k").param("k", key).query(String.class).single();
        assertThat(first.get("members").get(0).get("items").get(0).get("value").asString()).isEqualTo(name);
        assertThat(kaigo.get("households")).as("介護保険課 does not see every program in detail").isEmpty();
        assertThat(kaigo.toString()).doesNotContain(name).doesNotContain(key);
        assertThat(AuditRows.since(jdbc, mark, "i-planner")).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("SEARCH");
            assertThat(a.detail().get("persons")).contains(key);
        });
        assertThat(AuditRows.since(jdbc, mark, "i-kaigo")).singleElement()
                .satisfies(a -> assertThat(a.detail().get("persons")).isEmpty());
    }

    @Test
    void theA4ReportIsReadBackWithItsFiguresAndAudited() throws Exception {
        long mark = AuditRows.mark(jdbc);
        MockHttpServletResponse answer = mvc.perform(get("/insights/report.pdf").with(user("i-kaigo")))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(answer.getContentType()).startsWith("application/pdf");
        String text;
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(answer.getContentAsByteArray())) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replace(" ", "").replace("\u3000", "");
        }
        Figures.Period now = figures.period(null).orElseThrow();
        String rate = String.format(java.util.Locale.ROOT, "%.1f%%", Math.round(now.covered() * 1000.0 / now.residents()) / 10.0);
        assertThat(text).contains("福祉の関わりの状況", "年齢階級別", "世帯類型別", "町丁目別", "制度ごとの人数", "月ごとの推移", rate,
                String.format("%,d", now.residents()), "10未満", "国民健康保険");
        assertThat(AuditRows.since(jdbc, mark, "i-kaigo")).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("EXPORT");
            assertThat(a.detail()).containsEntry("screen", "insights.report");
        });
    }

    @Test
    void aBadFilterIsAClearJapaneseErrorAndWritesNothing() throws Exception {
        long mark = AuditRows.mark(jdbc);
        String body = mvc.perform(get("/insights/export").param("table", "coverage").param("month", "2026-13")
                .with(user("i-kaigo"))).andExpect(status().isBadRequest()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("月 (month) は 2026-11 の形で指定してください").doesNotContain("Exception");
        String api = mvc.perform(get("/api/v1/insights/coverage").param("by", "planet").with(user("i-kaigo")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(api).contains("集計の切り口 (by) は age, sex, town, household のどれかです").doesNotContain("at jp.");
        assertThat(AuditRows.since(jdbc, mark, "i-kaigo")).isEmpty();
    }

    @Test
    void theDashboardShowsTheCoverageAndItsChartDataCarryNoSmallFigure() throws Exception {
        String html = mvc.perform(get("/insights").with(user("i-planner"))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        Figures.Period now = figures.period(null).orElseThrow();
        String rate = String.format(java.util.Locale.ROOT, "%.1f%%", Math.round(now.covered() * 1000.0 / now.residents()) / 10.0);
        assertThat(html).contains("福祉の制度に関わる住民", rate, "/webjars/echarts/", "/dist/echarts.min.js", "制度の重なり");
        String data = html.substring(html.indexOf("id=\"insights-data\">") + 19);
        data = data.substring(0, data.indexOf("</script>"));
        JsonNode chart = json.readTree(data);
        for (JsonNode pair : chart.get("pairs")) {
            if (pair.get(2).isNumber()) {
                assertThat(pair.get(2).asLong()).satisfiesAnyOf(v -> assertThat(v).isZero(),
                        v -> assertThat(v).isGreaterThanOrEqualTo(10));
            } else {
                assertThat(pair.get(3).asString()).isEqualTo("10未満");
            }
        }
        String docs = mvc.perform(get("/v3/api-docs").with(user("i-kaigo"))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(docs).contains("/api/v1/insights/coverage", "/api/v1/insights/overlaps", "/api/v1/insights/trends",
                "/api/v1/insights/freshness", "/api/v1/insights/households", "\"example\":\"2026-11\"");
    }

    @Test
    void savingAChartIsRecordedBeforeThePictureIsSaved() throws Exception {
        long mark = AuditRows.mark(jdbc);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/insights/charts/saved")
                .param("chart", "map").param("format", "svg").param("town", "入間川一丁目")
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .with(user("i-kaigo"))).andExpect(status().isNoContent());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/insights/charts/saved")
                .param("chart", "nothing").with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .with(user("i-kaigo"))).andExpect(status().isBadRequest());
        assertThat(AuditRows.since(jdbc, mark, "i-kaigo")).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("EXPORT");
            assertThat(a.detail()).containsEntry("screen", "insights.chart").containsEntry("chart", "map")
                    .containsEntry("format", "svg").containsEntry("town", "入間川一丁目");
        });
    }

    private JsonNode api(String path, String username) throws Exception {
        return json.readTree(mvc.perform(get(path).with(user(username))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static Long value(String cell) {
        return cell.equals("10未満") ? null : Long.parseLong(cell.replace(",", ""));
    }

    private static List<List<String>> csvLines(String csv) {
        List<List<String>> lines = new ArrayList<>();
        for (String line : csv.replace("\uFEFF", "").split("\r\n")) {
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.length() - 1).split("\",\"", -1)) {
                cells.add(cell.replace("\"\"", "\""));
            }
            lines.add(cells);
        }
        return lines;
    }
}
