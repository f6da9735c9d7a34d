package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.ApiTokenAdministration;
import jp.tsunagu.access.ApiTokenIssued;
import jp.tsunagu.access.StaffAccounts;
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
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * API tokens limited to sources, against consultation categories (APIトークンの範囲と相談の分類): a token of
 * こども支援課 — the department that recorded both records, so that its staff see both — receives a category only
 * when its source list names the category's grant ID ({@code consultation-child-abuse}). In the list, the search,
 * the category filter, one record and the board (JSON decoded) it sees only its categories' records, and 404 for
 * a record of another, as for a number that does not exist; a token for no source sees none, a token for
 * {@code *} both. What a token was refused is not in its audit rows either.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-consultation-tokens")
@Import(FixedClock.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsultationTokenScopeTests {

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
    ApiTokenAdministration tokens;
    @Autowired
    FixedClock clock;

    ConsultationFixture city;

    /** Two urgent records of こども支援課 (on the board) sharing a word: a 児童虐待 report and a 子育て consultation. */
    record Pair(long abuse, String abuseText, long care, String careText, String word) {
    }

    @BeforeAll
    void city(@TempDir Path dir) {
        city = ConsultationFixture.create("tok", catalog, imports, jdbc, accounts, access, properties, dir);
    }

    @BeforeEach
    void friday() {
        clock.set(FixedClock.FRIDAY_1715);
    }

    @Test
    void aTokenForTheAbuseCategorySeesOnlyAbuseRecordsOnEveryConsultationRoute() throws Exception {
        Pair pair = pair("見守り");
        ApiTokenIssued token = issue(List.of("consultation-child-abuse"));
        assertSees(token, pair, true, false);
    }

    @Test
    void aTokenForTheChildcareCategorySeesOnlyChildcareRecordsOnEveryConsultationRoute() throws Exception {
        Pair pair = pair("送迎");
        ApiTokenIssued token = issue(List.of("consultation-childcare", "kaigo-nintei"));
        assertSees(token, pair, false, true);
    }

    @Test
    void aTokenForNoSourceSeesNoConsultationRecord() throws Exception {
        Pair pair = pair("夜泣き");
        ApiTokenIssued token = issue(List.of());
        assertSees(token, pair, false, false);
    }

    @Test
    void aTokenForEveryGrantSeesWhatItsDepartmentSees() throws Exception {
        Pair pair = pair("通院");
        ApiTokenIssued token = issue(List.of("*"));
        assertSees(token, pair, true, true);
    }

    /** Every consultation GET route under /api/, with the token: what it must and must not receive. */
    private void assertSees(ApiTokenIssued token, Pair pair, boolean abuse, boolean care) throws Exception {
        String actor = token.token().serviceAccount();
        long mark = AuditRows.mark(jdbc);

        List<Long> listed = ids(json(token, get("/api/v1/consultations").param("person", city.child)).path("items"));
        List<Long> found = ids(json(token, get("/api/v1/consultations").param("q", pair.word())).path("items"));
        for (List<Long> ids : List.of(listed, found)) {
            assertThat(ids.contains(pair.abuse())).as("児童虐待 record listed").isEqualTo(abuse);
            assertThat(ids.contains(pair.care())).as("子育て record listed").isEqualTo(care);
        }
        assertThat(ids(json(token, get("/api/v1/consultations").param("category", "childcare")
                .param("q", pair.word())).path("items")).contains(pair.care())).isEqualTo(care);
        assertThat(ids(json(token, get("/api/v1/consultations").param("category", "child-abuse")
                .param("q", pair.word())).path("items")).contains(pair.abuse())).isEqualTo(abuse);

        assertOne(token, pair.abuse(), pair.abuseText(), abuse);
        assertOne(token, pair.care(), pair.careText(), care);

        JsonNode board = json(token, get("/api/v1/consultations/board"));
        List<Long> onBoard = board.findValues("consultationId").stream().map(JsonNode::asLong).toList();
        assertThat(onBoard.contains(pair.abuse())).as("児童虐待 record on the board").isEqualTo(abuse);
        assertThat(onBoard.contains(pair.care())).as("子育て record on the board").isEqualTo(care);

        // what the token was refused is in none of its audit rows; what it received is
        String audited = AuditRows.since(jdbc, mark, actor).stream().map(r -> String.join(",",
                r.detail().getOrDefault("hits", ""), r.detail().getOrDefault("records", ""),
                r.detail().getOrDefault("consultation", ""))).reduce("", (a, b) -> a + ";" + b);
        assertThat(List.of(audited.split("[,;]")).contains(Long.toString(pair.abuse()))).isEqualTo(abuse);
        assertThat(List.of(audited.split("[,;]")).contains(Long.toString(pair.care()))).isEqualTo(care);
    }

    private void assertOne(ApiTokenIssued token, long id, String text, boolean seen) throws Exception {
        MockHttpServletResponse r = call(token, get("/api/v1/consultations/" + id));
        String body = r.getContentAsString(StandardCharsets.UTF_8);
        if (seen) {
            assertThat(r.getStatus()).as("record " + id).isEqualTo(200);
            assertThat(JSON.readTree(body).path("id").asLong()).isEqualTo(id);
            assertThat(body).contains(text);
        } else {
            assertThat(r.getStatus()).as("record " + id).isEqualTo(404);
            assertThat(body).doesNotContain(text).contains("見つからないか、閲覧できません");
        }
    }

    private Pair pair(String word) {
        String abuseText = "学校から通告。" + word + "が必要、腕にあざ";
        String careText = "母親から相談。" + word + "の手配が難しい";
        long abuse = log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.SCHOOL, "child-abuse",
                Urgency.URGENT, abuseText, List.of(city.child), null));
        long care = log.open(city.kodomo, new NewConsultation(null, Channel.OFFICE, Caller.SELF, "childcare",
                Urgency.URGENT, careText, List.of(city.child), null));
        return new Pair(abuse, abuseText, care, careText, word);
    }

    private ApiTokenIssued issue(List<String> sources) {
        return tokens.create("test", "相談連携 " + UUID.randomUUID().toString().substring(0, 8),
                city.kodomo.departmentId(), List.of("/api/v1/**"), sources, null);
    }

    private MockHttpServletResponse call(ApiTokenIssued token, MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token.secret())).andReturn()
                .getResponse();
    }

    private JsonNode json(ApiTokenIssued token, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse r = call(token, request);
        assertThat(r.getStatus()).as(r.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.getContentAsString(StandardCharsets.UTF_8));
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("id").asLong()));
        return ids;
    }
}
