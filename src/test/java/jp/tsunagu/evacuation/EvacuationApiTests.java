package jp.tsunagu.evacuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.ApiTokenAdministration;
import jp.tsunagu.access.ApiTokenIssued;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/evacuation}: typed values beside the Japanese display, behind API tokens — a token of a
 * department that holds the list gets it, with the reasons of the sources its token names (and no others), a
 * token of another department gets 403 — and described in the OpenAPI document with examples.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-evacuation-api")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvacuationApiTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    ApiTokenAdministration tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ListRecompute recompute;
    @TempDir
    static Path dir;

    private final JsonMapper json = JsonMapper.builder().build();
    String careListed;
    String district;

    @BeforeAll
    void city() {
        SampleCity.started(catalog, imports, jdbc, accounts, dir)
                .staff("a-admin", "管理 者", Role.ADMIN, "johosys", "情報システム課", "内線 1000")
                .staff("a-fukushi", "福祉 係", Role.CASEWORKER, "fukushi", "福祉課", "内線 2100")
                .staff("a-kodomo", "子供 係", Role.CASEWORKER, "kodomo-a", "こども課", "内線 2400");
        recompute.recompute("試験");
        careListed = jdbc.sql("""
                SELECT l.person_key FROM evac_listing l JOIN evac_person e USING (person_key)
                 WHERE l.criterion_id = 'care-level-3' AND l.until IS NULL AND e.district_id IS NOT NULL
                 ORDER BY l.person_key LIMIT 1""").query(String.class).single();
        district = jdbc.sql("SELECT district_id FROM evac_person WHERE person_key = :k").param("k", careListed)
                .query(String.class).single();
    }

    @Test
    void aPersonIsGivenWithTypedValuesBesideTheJapaneseDisplay() throws Exception {
        JsonNode person = json.readTree(mvc.perform(get("/api/v1/evacuation/persons/" + careListed).with(user("a-fukushi")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        JsonNode born = item(person.get("items"), "birthDate");
        String birth = jdbc.sql("SELECT birth_date::text FROM person WHERE person_key = :k").param("k", careListed)
                .query(String.class).single();
        assertThat(born.get("value").asString()).isEqualTo(birth);
        assertThat(born.get("display").asString()).matches("(昭和|平成|令和|大正).*年.*月.*日 \\(\\d{4}\\)");
        JsonNode district = item(person.get("items"), "district");
        assertThat(district.get("value").get("code").asString()).isEqualTo(this.district);
        assertThat(district.get("value").get("label").asString()).endsWith("地区");
        assertThat(person.get("reasons").findValues("code").stream().map(JsonNode::asString).toList())
                .contains("care-level-3");
        JsonNode minsei = item(person.get("consents"), "MINSEI");
        assertThat(minsei.get("value").isNull()).isTrue();
        assertThat(minsei.get("display").asString()).isEqualTo("未回答");
    }

    @Test
    void aTokenOfAHolderGetsTheListWithOnlyTheReasonsOfTheSourcesItNames() throws Exception {
        ApiTokenIssued all = tokens.create("a-admin", "防災システム " + UUID.randomUUID().toString().substring(0, 6),
                "fukushi", List.of("/api/v1/evacuation/**"), List.of("*"), null);
        ApiTokenIssued none = tokens.create("a-admin", "防災システム " + UUID.randomUUID().toString().substring(0, 6),
                "fukushi", List.of("/api/v1/evacuation/**"), List.of(), null);

        JsonNode withAll = json.readTree(call(all, "/api/v1/evacuation/persons?district=" + district, 200));
        JsonNode withNone = json.readTree(call(none, "/api/v1/evacuation/persons?district=" + district, 200));

        assertThat(withAll.get("total").asInt()).isPositive().isEqualTo(withNone.get("total").asInt());
        assertThat(String.join("/", reasonsOf(withAll, careListed))).contains("要介護3以上");
        assertThat(String.join("/", reasonsOf(withNone, careListed))).doesNotContain("要介護3以上")
                .contains(VisibleReasons.WITHHELD);
        assertThat(withNone.toString()).doesNotContain("要介護3以上");
    }

    @Test
    void aTokenOfADepartmentThatDoesNotHoldTheListIsRefused() throws Exception {
        ApiTokenIssued other = tokens.create("a-admin", "子育てシステム " + UUID.randomUUID().toString().substring(0, 6),
                "kodomo-a", List.of("/api/v1/**"), List.of("*"), null);
        String body = call(other, "/api/v1/evacuation/persons?district=" + district, 403);
        assertThat(body).contains("名簿を扱う課の職員と管理者だけ");
        String name = jdbc.sql("SELECT name FROM person WHERE person_key = :k").param("k", careListed)
                .query(String.class).single();
        assertThat(body).doesNotContain(name, careListed);
        String posted = mvc.perform(post("/api/v1/evacuation/safety").contentType(MediaType.APPLICATION_JSON).content("[]")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + other.secret())).andReturn().getResponse()
                .getContentAsString();
        assertThat(posted).contains("安否確認は、災害モードの間");
    }

    @Test
    void theOpenApiDocumentDescribesTheRoutesWithExamples() throws Exception {
        JsonNode doc = json.readTree(mvc.perform(get("/v3/api-docs").with(user("a-fukushi"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/v1/evacuation/persons")).isTrue();
        assertThat(paths.has("/api/v1/evacuation/persons/{personKey}")).isTrue();
        assertThat(paths.has("/api/v1/evacuation/persons/{personKey}/consents")).isTrue();
        assertThat(paths.has("/api/v1/evacuation/handovers")).isTrue();
        assertThat(paths.has("/api/v1/evacuation/safety")).isTrue();
        JsonNode schemas = doc.get("components").get("schemas");
        assertThat(schemas.get("SafetyEntry").get("properties").get("id").get("example").asString()).isNotBlank();
        assertThat(schemas.get("EvacuationPerson").toString()).contains("#/components/schemas/TypedValue");
        assertThat(paths.get("/api/v1/evacuation/safety").get("post").get("summary").asString()).isEqualTo("安否確認を記録する");
    }

    private String call(ApiTokenIssued token, String path, int expected) throws Exception {
        return mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token.secret()))
                .andExpect(status().is(expected)).andReturn().getResponse().getContentAsString();
    }

    private static List<String> reasonsOf(JsonNode list, String key) {
        for (JsonNode p : list.get("persons")) {
            if (p.get("personKey").asString().equals(key)) {
                return p.get("reasons").findValues("display").stream().map(JsonNode::asString).toList();
            }
        }
        throw new AssertionError(key + " is not in the list");
    }

    private static JsonNode item(JsonNode items, String name) {
        for (JsonNode i : items) {
            if (i.get("name").asString().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no item " + name);
    }
}
