package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who sees what, through the screens and the API (HTML text and JSON decoded): the recording department and
 * those it refers to see a record whole; a third department sees a 児童虐待 record nowhere — not its page, the
 * list, the search, the board, the JSON, nor 「相談記録あり」 on the person's overview — while for a 子育て record it
 * sees only that one exists and whom to ask; a granted on-call department and a 緊急閲覧 see it; a 支援措置
 * person's places are withheld; each read is audited.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-consultation-access")
@Import(FixedClock.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsultationAccessTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    ConsultationProperties properties;
    @Autowired
    ConsultationLog log;
    @Autowired
    FixedClock clock;

    ConsultationFixture city;

    @BeforeAll
    void city(@TempDir Path dir) {
        city = ConsultationFixture.create("acc", catalog, imports, jdbc, accounts, access, properties, dir);
    }

    @BeforeEach
    void friday() {
        clock.set(FixedClock.FRIDAY_1715);
    }

    @Test
    void aChildAbuseReportIsHiddenEntirelyFromAThirdDepartmentAndSeenByThoseInvolved() throws Exception {
        String account = "小学校から通告。児童の首に指の形のあざ、帰宅を怖がる";
        long id = log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.SCHOOL, "child-abuse",
                Urgency.URGENT, account, List.of(city.child), null));
        long referral = log.refer(city.kodomo, id, city.shogai.departmentId(), "発達の相談も");
        String name = "入間 陽向";

        for (Viewer v : List.of(city.kodomo, city.shogai, city.oncall)) {
            assertThat(text(get("/consultations/" + id), v)).as(v.username()).contains(account).contains(name);
            assertThat(json(get("/api/v1/consultations/" + id), v).path("category").path("value").path("code").asString())
                    .isEqualTo("child-abuse");
            assertThat(text(get("/consultations").param("q", "あざ"), v)).contains(account);
            assertThat(text(get("/consultations/board"), v)).contains(name).contains("記録 " + id);
            assertThat(ids(json(get("/api/v1/consultations").param("q", "あざ"), v).path("items"))).contains(id);
        }
        assertThat(text(get("/persons/" + city.child), city.kodomo)).contains("記録 " + id + " 児童虐待");

        Viewer third = city.kaigo;
        MockHttpServletResponse page = mvc.perform(get("/consultations/" + id).with(user(third.username())))
                .andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(404);
        assertThat(Html.text(page.getContentAsString(StandardCharsets.UTF_8))).doesNotContain(account)
                .doesNotContain(name).contains("見つからないか、閲覧できません");
        MockHttpServletResponse api = mvc.perform(get("/api/v1/consultations/" + id).with(user(third.username())))
                .andReturn().getResponse();
        assertThat(api.getStatus()).isEqualTo(404);
        assertThat(api.getContentAsString(StandardCharsets.UTF_8)).doesNotContain(account).doesNotContain(name);
        assertThat(text(get("/consultations").param("q", "あざ"), third)).doesNotContain(account).doesNotContain(name);
        assertThat(ids(json(get("/api/v1/consultations").param("q", "あざ"), third).path("items"))).doesNotContain(id);
        assertThat(ids(json(get("/api/v1/consultations").param("category", "child-abuse"), third).path("items")))
                .isEmpty();
        assertThat(text(get("/consultations/board"), third)).doesNotContain(name).doesNotContain("記録 " + id);
        JsonNode board = json(get("/api/v1/consultations/board"), third);
        assertThat(board.toString()).doesNotContain(name);
        assertThat(board.findValues("consultationId").stream().map(JsonNode::asLong).toList()).doesNotContain(id);
        assertThat(json(get("/api/v1/consultations/board"), city.oncall).findValues("consultationId").stream()
                .map(JsonNode::asLong).toList()).contains(id);
        String packed = name.replace(" ", "");
        assertThat(pdf(city.oncall)).contains("週末引継ぎ票").contains(packed).contains("記録" + id + "児童虐待");
        assertThat(pdf(third)).contains("週末引継ぎ票").doesNotContain(packed).doesNotContain("記録" + id + "児童虐待");
        String overview = text(get("/persons/" + city.child), third);
        assertThat(overview).contains(name).doesNotContain("相談記録あり").doesNotContain("児童虐待")
                .contains("表示できる相談記録はありません");
        // nor may the third department answer the referral or append to the record
        assertThat(mvc.perform(post("/consultations/" + id + "/entries").param("kind", "accept")
                .param("entry", Long.toString(referral)).with(user(third.username())).with(csrf())).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void anotherCategoryShowsAThirdDepartmentOnlyThatARecordExistsAndWhomToAsk() throws Exception {
        String account = "母親から、保育園の送迎が難しくなったと相談。祖母の介護も重なっている";
        long id = log.open(city.kodomo, new NewConsultation(null, Channel.OFFICE, Caller.SELF, "childcare",
                Urgency.NORMAL, account, List.of(city.parent), null));
        long mark = AuditRows.mark(jdbc);
        String overview = text(get("/persons/" + city.parent), city.kaigo);
        assertThat(overview).contains("相談記録あり — 担当: こども支援課 (内線 2410)").doesNotContain(account)
                .doesNotContain("子育て");
        List<AuditRows.Row> rows = AuditRows.since(jdbc, mark, city.kaigo.username());
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("VIEW_PERSON");
            assertThat(r.detail().get("consultations")).isEqualTo(id + ":summary");
        });
        assertThat(mvc.perform(get("/consultations/" + id).with(user(city.kaigo.username()))).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(text(get("/persons/" + city.parent), city.kodomo)).contains("記録 " + id + " 子育て");
    }

    @Test
    void breakGlassOpensTheRecordOfThatPersonAndIsFlagged() throws Exception {
        // the elder, whom no other test of this class asks 介護保険課 about: the break-glass stays open 30 minutes
        long id = log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.POLICE, "elder-abuse",
                Urgency.URGENT, "警察から通報。同居の孫が祖母に暴力", List.of(city.elder), null));
        assertThat(mvc.perform(get("/consultations/" + id).with(user(city.kaigo.username()))).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        access.openBreakGlass(city.kaigo, city.elder, "夜間の緊急対応で当直から依頼があったため");
        long mark = AuditRows.mark(jdbc);
        assertThat(text(get("/consultations/" + id), city.kaigo)).contains("警察から通報。同居の孫が祖母に暴力");
        assertThat(AuditRows.since(jdbc, mark, city.kaigo.username())).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("VIEW_PERSON");
            assertThat(r.personKey()).isEqualTo(city.elder);
            assertThat(r.flagged()).isTrue();
            assertThat(r.detail()).containsEntry("consultation", Long.toString(id));
        });
    }

    @Test
    void aProtectedPersonsPlacesAreWithheldFromADepartmentWithoutThePermission() throws Exception {
        long id = log.open(city.kodomo, new NewConsultation(null, Channel.OFFICE, Caller.SELF, "dv", Urgency.URGENT,
                "夫からの暴力で避難したいと来庁", List.of(city.victim), null));
        log.confirm(city.kodomo, id, "婦人相談員", clock.instant(), "一時保護先の施設", null);
        String shown = text(get("/consultations/" + id), city.oncall);
        assertThat(shown).contains("夫からの暴力で避難したいと来庁").contains(Withheld.WHEREABOUTS)
                .doesNotContain("一時保護先の施設");
        JsonNode doc = json(get("/api/v1/consultations/" + id), city.oncall);
        assertThat(doc.toString()).doesNotContain("一時保護先の施設").contains(Withheld.WHEREABOUTS);
        access.allowProtectedAddresses("test", city.oncall.departmentId(), true);
        try {
            assertThat(text(get("/consultations/" + id), city.oncall)).contains("一時保護先の施設");
        } finally {
            access.allowProtectedAddresses("test", city.oncall.departmentId(), false);
        }
    }

    @Test
    void theFormsRecordAndRefuseBadInputInJapaneseWithoutWriting() throws Exception {
        MockHttpServletResponse made = mvc.perform(post("/consultations").with(user(city.kodomo.username())).with(csrf())
                .param("receivedAt", "2026-12-04T17:10").param("channel", "PHONE").param("caller", "NEIGHBOUR")
                .param("category", "child-abuse").param("urgency", "URGENT").param("persons", city.child)
                .param("account", "近所から、ベランダに子どもが長時間出されていると通報")).andReturn().getResponse();
        assertThat(made.getStatus()).isEqualTo(302);
        String location = made.getRedirectedUrl();
        assertThat(location).matches("/consultations/\\d+");
        assertThat(text(get(location), city.kodomo)).contains("ベランダに子どもが長時間").contains("近隣住民")
                .contains("期限内・未確認");

        long before = jdbc.sql("SELECT count(*) FROM consultation_entry").query(Long.class).single();
        MockHttpServletResponse bad = mvc.perform(post("/consultations").with(user(city.kodomo.username())).with(csrf())
                .param("channel", "PHONE").param("caller", "NEIGHBOUR").param("category", "child-abuse")
                .param("urgency", "URGENT").param("persons", city.child).param("account", "")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(Html.text(bad.getContentAsString(StandardCharsets.UTF_8)))
                .contains("「相談・通報の内容」を入れてください").doesNotContain("Exception");
        MockHttpServletResponse badApi = mvc.perform(post("/api/v1/consultations").with(user(city.kodomo.username()))
                .with(csrf()).contentType("application/json").content("""
                        {"channel": "FAX", "caller": "SELF", "category": "care", "urgency": "NORMAL",
                         "account": "x", "personKeys": ["%s"]}""".formatted(city.parent))).andReturn().getResponse();
        assertThat(badApi.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(badApi.getContentAsString(StandardCharsets.UTF_8)).path("error").asString())
                .contains("channel");
        assertThat(jdbc.sql("SELECT count(*) FROM consultation_entry").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void theApiIsInTheOpenApiDocumentWithTypedValuesAndExamples() throws Exception {
        JsonNode doc = json(get("/v3/api-docs"), city.kodomo);
        JsonNode paths = doc.path("paths");
        for (String path : List.of("/api/v1/consultations", "/api/v1/consultations/{consultationId}",
                "/api/v1/consultations/{consultationId}/entries", "/api/v1/consultations/board")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.path("/api/v1/consultations").has("post")).isTrue();
        JsonNode consultation = doc.path("components").path("schemas").path("Consultation");
        assertThat(consultation.path("properties").path("receivedAt").path("$ref").asString())
                .isEqualTo("#/components/schemas/TypedValue");
        assertThat(consultation.path("properties").path("category").path("$ref").asString())
                .isEqualTo("#/components/schemas/TypedValue");
        assertThat(doc.toString()).contains("担任から、腕にあざがあると電話").contains("child-abuse")
                .doesNotContain(city.child);
    }

    private String text(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, Viewer v)
            throws Exception {
        MockHttpServletResponse r = mvc.perform(request.with(user(v.username()))).andReturn().getResponse();
        assertThat(r.getStatus()).as(v.username() + " " + r.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return Html.text(r.getContentAsString(StandardCharsets.UTF_8));
    }

    private JsonNode json(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, Viewer v)
            throws Exception {
        MockHttpServletResponse r = mvc.perform(request.with(user(v.username()))).andReturn().getResponse();
        assertThat(r.getStatus()).as(v.username()).isEqualTo(200);
        return JSON.readTree(r.getContentAsString(StandardCharsets.UTF_8));
    }

    /** The 週末引継ぎ票 as the viewer prints it, read back with PDFBox. */
    private String pdf(Viewer v) throws Exception {
        MockHttpServletResponse r = mvc.perform(get("/consultations/board.pdf").with(user(v.username()))).andReturn()
                .getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentType()).isEqualTo("application/pdf");
        try (var document = org.apache.pdfbox.Loader.loadPDF(r.getContentAsByteArray())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", "");
        }
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new java.util.ArrayList<>();
        items.forEach(i -> ids.add(i.path("id").asLong()));
        return ids;
    }
}
