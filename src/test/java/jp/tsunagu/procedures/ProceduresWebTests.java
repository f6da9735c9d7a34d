package jp.tsunagu.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.AuditRows;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The procedures' screens, files and API on the sample city: a department's worklist holds its own open
 * items only, in the page, the CSV and the Excel file, each look audited; a 町丁目 never finds a 支援措置
 * person; a clerk moves an item on through the form; the feed and a person's procedures answer typed
 * values to a department that may see them, and nothing of a program's details to one that may not.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-procedures-web")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProceduresWebTests {

    static final Viewer KODOMO = new Viewer("w-kodomo", Role.CASEWORKER, "kodomo");

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ManualEvents manual;
    @TempDir
    static Path dir;

    private final JsonMapper json = JsonMapper.builder().build();
    String child;
    String protectedChild;

    @BeforeAll
    void sampleCity() {
        SampleCity.started(catalog, imports, jdbc, accounts, dir)
                .staff("w-kodomo", "子供 担当", Role.CASEWORKER, "kodomo", "こども支援課", "内線 2410")
                .staff("w-kaigo", "介護 担当", Role.CASEWORKER, "kaigo", "介護保険課", "内線 2345")
                .staff("w-shimin", "市民 担当", Role.CASEWORKER, "shimin", "市民課", "内線 1210");
        child = jdbc.sql("""
                SELECT person_key FROM person WHERE status = '住民' AND birth_date > '2022-01-01'
                   AND NOT address_protected AND NOT support_measure AND address IS NOT NULL
                 ORDER BY person_key LIMIT 1""").query(String.class).single();
        protectedChild = jdbc.sql("""
                SELECT person_key FROM person WHERE status = '住民' AND address_protected AND address IS NOT NULL
                   AND birth_date > '2010-01-01' ORDER BY person_key LIMIT 1""").query(String.class).single();
        manual.record(child, "birth", LocalDate.of(2026, 3, 20), null, KODOMO);
        manual.record(protectedChild, "move-in", LocalDate.of(2026, 3, 21), null, KODOMO);
    }

    @Test
    void aDepartmentsWorklistHoldsItsOwnOpenItemsInThePageAndBothFiles() throws Exception {
        String name = name(child);
        long mark = AuditRows.mark(jdbc);
        String page = text(body(get("/procedures"), "w-kodomo"));
        assertThat(page).contains("手続きの一覧").contains("こども支援課").contains(name).contains("児童手当 — 認定請求")
                .doesNotContain("出生届の受理");
        String kaigo = text(body(get("/procedures"), "w-kaigo"));
        assertThat(kaigo).doesNotContain(name).doesNotContain("児童手当");
        long open = jdbc.sql("SELECT count(*) FROM procedure_item WHERE department_id = 'kodomo' AND status IN ('OPEN', 'GUIDED')")
                .query(Long.class).single();
        assertThat(AuditRows.since(jdbc, mark, "w-kodomo")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("SEARCH");
            assertThat(r.detail()).containsEntry("list", "手続きの一覧").containsEntry("total", Long.toString(open));
        });

        String csv = new String(mvc.perform(get("/procedures/export.csv").with(user("w-kodomo")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFF期限,状況,出来事");
        assertThat(lines).hasSize((int) open + 1);
        assertThat(lines).anyMatch(l -> l.contains(child) && l.contains(name) && l.contains("認定請求"));
        assertThat(lines).noneMatch(l -> l.contains("出生届の受理"));

        byte[] xlsx = mvc.perform(get("/procedures/export.xlsx").with(user("w-kodomo"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var sheet = book.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo((int) open);
            Row row = null;
            for (Row r : sheet) {
                if (r.getRowNum() > 0 && child.equals(r.getCell(4).getStringCellValue())
                        && r.getCell(9).getStringCellValue().startsWith("認定請求")) {
                    row = r;
                }
            }
            assertThat(row).isNotNull();
            assertThat(row.getCell(0).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2026, 4, 4));
            assertThat(row.getCell(5).getStringCellValue()).isEqualTo(name);
        }
        assertThat(AuditRows.since(jdbc, mark, "w-kodomo")).extracting(AuditRows.Row::action)
                .containsExactly("SEARCH", "EXPORT", "EXPORT");
    }

    @Test
    void aTownNeverFindsAProtectedPersonAndTheirTownIsWithheld() throws Exception {
        String town = jdbc.sql("SELECT town FROM life_event WHERE person_key = :k").param("k", protectedChild)
                .query(String.class).single();
        assertThat(town).isNotBlank();
        String all = text(body(get("/procedures"), "w-kodomo"));
        assertThat(all).contains(name(protectedChild)).contains("（支援措置のため非表示）");
        String byTown = text(body(get("/procedures").param("town", town), "w-kodomo"));
        assertThat(byTown).doesNotContain(name(protectedChild));
        String csv = new String(mvc.perform(get("/procedures/export.csv").with(user("w-kodomo")))
                .andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(csv.lines().filter(l -> l.contains(protectedChild))).isNotEmpty()
                .allMatch(l -> l.contains("（支援措置のため非表示）") && !l.contains("," + town + ","));
    }

    @Test
    void aClerkMovesAnItemOnThroughTheFormAndAnotherDepartmentCannot() throws Exception {
        String key = jdbc.sql("""
                SELECT person_key FROM person WHERE status = '住民' AND birth_date > '2021-01-01'
                   AND NOT address_protected ORDER BY person_key OFFSET 2 LIMIT 1""").query(String.class).single();
        mvc.perform(post("/procedures/persons/{k}/events", key).param("kind", "birth").param("day", "令和8年3月22日")
                .with(csrf()).with(user("w-kodomo"))).andExpect(status().is3xxRedirection());
        long item = jdbc.sql("SELECT item_id FROM procedure_item WHERE person_key = :k AND procedure_id = 'jido-teate'")
                .param("k", key).query(Long.class).single();
        String refused = mvc.perform(post("/procedures/items/{i}", item).param("action", "guided").param("version", "1")
                .with(csrf()).with(user("w-kaigo"))).andExpect(status().isBadRequest()).andReturn().getResponse()
                .getContentAsString();
        assertThat(text(refused)).contains("担当課の担当者だけが更新できます").doesNotContain("Exception");
        mvc.perform(post("/procedures/items/{i}", item).param("action", "guided").param("version", "1")
                .with(csrf()).with(user("w-kodomo"))).andExpect(status().is3xxRedirection());
        String page = text(body(get("/procedures/persons/{k}", key), "w-kodomo"));
        assertThat(page).contains("案内済").contains("ライフイベント").contains("出生");
        assertThat(jdbc.sql("SELECT status FROM procedure_item WHERE item_id = :i").param("i", item).query(String.class)
                .single()).isEqualTo("GUIDED");
    }

    @Test
    void theFeedAndAPersonsProceduresAnswerTypedValuesAsTheGrantsAllow() throws Exception {
        JsonNode feed = json.readTree(body(get("/api/v1/life-events").param("since", "0"), "w-shimin"));
        JsonNode birth = null;
        for (JsonNode e : feed.path("events")) {
            if (e.path("personKey").asString().equals(child)) {
                birth = e;
            }
        }
        assertThat(birth).as("市民課 (the registry's department) receives the events").isNotNull();
        assertThat(birth.path("kind").path("value").path("code").asString()).isEqualTo("birth");
        assertThat(birth.path("kind").path("value").path("label").asString()).isEqualTo("出生");
        assertThat(birth.path("occurredOn").path("value").asString()).isEqualTo("2026-03-20");
        assertThat(birth.path("occurredOn").path("display").asString()).isEqualTo("令和8年3月20日 (2026)");
        assertThat(Long.parseLong(feed.path("next").asString())).isGreaterThanOrEqualTo(Long.parseLong(birth.path("cursor").asString()));
        JsonNode none = json.readTree(body(get("/api/v1/life-events"), "w-kaigo"));
        assertThat(none.path("events").size()).as("介護保険課 may not see the registry in detail").isZero();
        assertThat(mvc.perform(get("/api/v1/life-events").param("since", "abc").with(user("w-shimin")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString()).contains("since");

        JsonNode own = json.readTree(body(get("/api/v1/persons/{k}/procedures", child), "w-kodomo"));
        JsonNode allowance = null;
        for (JsonNode i : own.path("items")) {
            if (i.path("program").asString().equals("児童手当")) {
                allowance = i;
            }
        }
        assertThat(allowance.path("detail").asBoolean()).isTrue();
        assertThat(allowance.path("status").path("value").path("code").asString()).isEqualTo("OPEN");
        assertThat(allowance.path("dueOn").path("value").asString()).isEqualTo("2026-04-04");
        assertThat(allowance.path("department").path("value").path("label").asString()).isEqualTo("こども支援課");
        String other = body(get("/api/v1/persons/{k}/procedures", child), "w-kaigo");
        JsonNode summary = null;
        for (JsonNode i : json.readTree(other).path("items")) {
            if (i.path("program").asString().equals("児童手当")) {
                summary = i;
            }
        }
        assertThat(summary.path("detail").asBoolean()).isFalse();
        assertThat(summary.path("status").isNull()).isTrue();
        assertThat(other).doesNotContain("認定請求").doesNotContain("預金通帳");

        JsonNode docs = json.readTree(body(get("/v3/api-docs"), "w-kodomo"));
        assertThat(docs.path("paths").has("/api/v1/life-events")).isTrue();
        assertThat(docs.path("paths").has("/api/v1/persons/{personKey}/procedures")).isTrue();
    }

    /** The text a browser shows: tags as spaces, the usual entities decoded. */
    private static String text(String html) {
        return html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("<[^>]+>", " ").replace("&amp;", "&")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replaceAll("\\s+", " ");
    }

    private String name(String key) {
        return jdbc.sql("SELECT name FROM person WHERE person_key = :k").param("k", key).query(String.class).single();
    }

    private String body(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user)
            throws Exception {
        return mvc.perform(request.with(user(user))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
