package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token's source list holds on every API route (APIトークンの連携元の範囲): on the small sample city,
 * a 介護保険課 service account's tokens for one source, for none and for all call every GET route
 * under {@code /api/} (taken from the application's handler mappings: a new API route must be added
 * here) for a person in three programs; each token's answers carry the values of the sources it names
 * and none of the others', whatever the department itself may see.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-token-scope")
class ApiTokenScopeTests {

    static final String DEPARTMENT = "kaigo";
    static final List<String> SOURCES = List.of("kaigo-shikaku", "kaigo-nintei", "kokuho");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApiTokenAdministration tokens;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    ApplicationContext context;
    @Autowired
    AccessPolicy access;
    @Autowired
    jp.tsunagu.documents.DocumentUpload uploads;

    private final JsonMapper json = JsonMapper.builder().build();
    private String person;
    /** Per source: a value of the person's record that only that source carries (a number of its own). */
    private final Map<String, String> marks = new java.util.LinkedHashMap<>();

    @BeforeAll
    void city(@TempDir Path dir) {
        SampleCity.importSmall(catalog, imports, jdbc, dir);
        accounts.saveDepartment(DEPARTMENT, "介護保険課", "内線 2345");
        // a person in 介護保険 資格, 要介護認定 and 国保 (not protected by a 支援措置: their phone shows) with a
        // value of each source's own: 資格's phone, 認定's insured number, 国保's symbol number
        person = jdbc.sql("""
                SELECT person_key FROM source_record WHERE source_id IN (:s)
                   AND person_key IN (SELECT person_key FROM person WHERE NOT address_protected)
                 GROUP BY person_key HAVING count(DISTINCT source_id) = 3 ORDER BY person_key LIMIT 1""")
                .param("s", SOURCES).query(String.class).single();
        marks.put("kaigo-shikaku", value("kaigo-shikaku", "phone"));
        marks.put("kaigo-nintei", value("kaigo-nintei", "insured_number"));
        marks.put("kokuho", value("kokuho", firstTextField("kokuho")));
        assertThat(marks.values()).doesNotContainNull().doesNotHaveDuplicates();
        attachFiles();
    }

    /** Titles of the person's files: one per source of a program, one tied to no program. */
    static final Map<String, String> FILE_TITLES = Map.of("kaigo-nintei", "認定調査票の写し", "kokuho", "国保の届出の写し",
            "none", "窓口で預かったメモ");
    /** Per file (keyed as its title): its id; each file's text carries its source's own value. */
    private final Map<String, Long> files = new java.util.LinkedHashMap<>();

    /**
     * Files of 介護保険課 to the person, each a text with the value of one source: the token's source list must
     * hold on the files' list and content as on the records (a file tied to no program is judged under the pseudo
     * source {@code documents}, which a scoped token does not name). The file tied to none carries 資格's value.
     */
    private void attachFiles() {
        accounts.save("scope-kaigo", "範囲 確認", "scope-password-123", Role.CASEWORKER, DEPARTMENT);
        Viewer caseworker = access.viewer("scope-kaigo");
        for (String source : List.of("kaigo-nintei", "kokuho", "none")) {
            String mark = marks.get(source.equals("none") ? "kaigo-shikaku" : source);
            long id = uploads.upload(caseworker, new jp.tsunagu.documents.NewDocument(person, FILE_TITLES.get(source),
                    "other", null, source.equals("none") ? null : source, null, false), source + ".txt",
                    ("写し: " + mark + "\n").getBytes(StandardCharsets.UTF_8)).id();
            files.put(source, id);
        }
    }

    @Test
    void aTokenForOneSourceReceivesThatSourceAndNoOtherOnEveryApiRoute() throws Exception {
        Map<String, String> bodies = callEveryApiRoute(issue(List.of("kaigo-nintei")));
        bodies.forEach((request, body) -> {
            assertThat(body).as(request).doesNotContain(marks.get("kaigo-shikaku")).doesNotContain(marks.get("kokuho"));
            assertThat(sourcesNamed(body)).as(request).isSubsetOf(Set.of("kaigo-nintei"));
        });
        assertThat(bodies.get("overview")).contains(marks.get("kaigo-nintei"));
        assertThat(bodies.get("department kaigo-nintei")).contains(person);
        assertThat(bodies.get("department kaigo-shikaku")).doesNotContain(person);
        assertThat(bodies.get("documents")).contains(FILE_TITLES.get("kaigo-nintei"))
                .doesNotContain(FILE_TITLES.get("kokuho"), FILE_TITLES.get("none"));
        assertThat(bodies.get("document content kaigo-nintei")).contains(marks.get("kaigo-nintei"));
    }

    @Test
    void aTokenForNoSourceReceivesNoProgramValueOnAnyApiRoute() throws Exception {
        Map<String, String> bodies = callEveryApiRoute(issue(List.of()));
        bodies.forEach((request, body) -> {
            marks.values().forEach(mark -> assertThat(body).as(request).doesNotContain(mark));
            assertThat(sourcesNamed(body)).as(request).isEmpty();
        });
        assertThat(bodies.get("search")).as("the person is still found").contains(person);
        assertThat(bodies.get("documents")).as("no file at all").doesNotContain(FILE_TITLES.values());
    }

    @Test
    void aTokenForEveryGrantedSourceReceivesWhatTheDepartmentSees() throws Exception {
        Map<String, String> bodies = callEveryApiRoute(issue(List.of("*")));
        assertThat(bodies.get("overview")).contains(marks.get("kaigo-shikaku"), marks.get("kaigo-nintei"))
                .as("国保 is the involvement only for 介護保険課").doesNotContain(marks.get("kokuho"));
        assertThat(sourcesNamed(bodies.get("overview"))).contains("kaigo-shikaku", "kaigo-nintei", "kokuho");
        assertThat(bodies.get("department kaigo-shikaku")).contains(person);
        assertThat(bodies.get("documents")).contains(FILE_TITLES.get("kaigo-nintei"));
        assertThat(bodies.get("document content kaigo-nintei")).contains(marks.get("kaigo-nintei"));
    }

    /** Every GET route under /api/ of the handler mappings, called for the person; keyed by a short name. */
    private Map<String, String> callEveryApiRoute(ApiTokenIssued token) throws Exception {
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        for (String route : apiRoutes()) {
            List<Map.Entry<String, MockHttpServletRequestBuilder>> requests = switch (route) {
                case "/api/v1/persons" -> List.of(Map.entry("search", get(route).param("q", person)));
                case "/api/v1/persons/{personKey}/overview" -> List.of(
                        Map.entry("overview", get("/api/v1/persons/" + person + "/overview")),
                        Map.entry("overview as of today", get("/api/v1/persons/" + person + "/overview")
                                .param("asOf", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).toString())));
                // and, below, every page of each of the three sources' lists
                case "/api/v1/department/persons" -> List.of(Map.entry("department", get(route)));
                // the evacuation list answers only the departments that hold it (介護保険課 does not: 403)
                case "/api/v1/evacuation/persons" -> List.of(Map.entry("evacuation list",
                        get(route).param("district", "irumagawa")));
                case "/api/v1/evacuation/persons/{personKey}" -> List.of(Map.entry("evacuation person",
                        get("/api/v1/evacuation/persons/" + person)));
                case "/api/v1/evacuation/handovers", "/api/v1/evacuation/safety/dashboard" ->
                        List.of(Map.entry(route, get(route)));
                case "/api/v1/persons/{personKey}/procedures" -> List.of(Map.entry("procedures",
                        get("/api/v1/persons/" + person + "/procedures")));
                case "/api/v1/life-events" -> List.of(Map.entry("life events", get(route)));
                case "/api/v1/consultations" -> List.of(Map.entry("consultations", get(route).param("person", person)));
                case "/api/v1/consultations/board" -> List.of(Map.entry("consultation board", get(route)));
                case "/api/v1/consultations/persons/{personKey}/timeline" -> List.of(Map.entry("consultation timeline",
                        get("/api/v1/consultations/persons/" + person + "/timeline")));
                // one record: the ids a token may not read answer 404 like an id that does not exist
                case "/api/v1/consultations/{consultationId}" -> List.of(Map.entry("consultation",
                        get("/api/v1/consultations/1")));
                // the statistics: a token limited to some sources gets those programs' figures only
                case "/api/v1/insights/coverage", "/api/v1/insights/overlaps", "/api/v1/insights/trends",
                        "/api/v1/insights/freshness", "/api/v1/insights/households" -> List.of(Map.entry(route, get(route)));
                case "/api/v1/persons/{personKey}/documents" -> List.of(Map.entry("documents",
                        get("/api/v1/persons/" + person + "/documents")));
                case "/api/v1/persons/{personKey}/documents/{documentId}/content" -> files.entrySet().stream()
                        .map(f -> Map.entry("document content " + f.getKey(),
                                get("/api/v1/persons/" + person + "/documents/" + f.getValue() + "/content")))
                        .toList();
                case "/api/v1/messages" -> List.of(Map.entry("messages", get(route)));
                default -> throw new AssertionError("a new API route: say here how to call " + route
                        + " for the person, so that the token's source list is checked on it");
            };
            for (Map.Entry<String, MockHttpServletRequestBuilder> r : requests) {
                String body = mvc.perform(r.getValue().header(HttpHeaders.AUTHORIZATION, "Bearer " + token.secret()))
                        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
                bodies.put(r.getKey(), body);
            }
        }
        for (String source : SOURCES) {
            String all = everyPage(token, source);
            bodies.put("department " + source, all);
        }
        return bodies;
    }

    private String everyPage(ApiTokenIssued token, String source) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int page = 1; page < 200; page++) {
            String body = mvc.perform(get("/api/v1/department/persons").param("source", source)
                            .param("page", Integer.toString(page)).header(HttpHeaders.AUTHORIZATION, "Bearer " + token.secret()))
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            all.append(body);
            if (json.readTree(body).path("persons").isEmpty()) {
                break;
            }
        }
        return all.toString();
    }

    private List<String> apiRoutes() {
        Set<String> routes = new LinkedHashSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty() || methods.contains(RequestMethod.GET)) {
                    info.getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(routes::add);
                }
            }
        }
        assertThat(routes).contains("/api/v1/persons", "/api/v1/persons/{personKey}/overview",
                "/api/v1/department/persons");
        return new ArrayList<>(routes);
    }

    /**
     * The program source ids a JSON answer names: cards, the department list's sources and program
     * summaries. The master (住民記録, named as the header's {@code masterSource}) is the person index,
     * which every token that may search reads: a token's list scopes the programs.
     */
    private Set<String> sourcesNamed(String body) {
        Set<String> named = new LinkedHashSet<>();
        for (SourceDefinition s : catalog.all()) {
            if (!s.role().isMaster() && body.contains("\"" + s.id() + "\"")) {
                named.add(s.id());
            }
        }
        return named;
    }

    private ApiTokenIssued issue(List<String> sources) {
        return tokens.create("kanri", "総合窓口システム " + UUID.randomUUID().toString().substring(0, 8), DEPARTMENT,
                List.of("/api/v1/**"), sources, null);
    }

    private String value(String source, String field) {
        return jdbc.sql("SELECT data->>:f FROM source_record WHERE source_id = :s AND person_key = :k LIMIT 1")
                .param("f", field).param("s", source).param("k", person).query(String.class).single();
    }

    private String firstTextField(String source) {
        return catalog.get(source).fields().stream().filter(f -> f.type() == jp.tsunagu.importing.FieldType.TEXT)
                .filter(f -> !f.name().contains("name")).findFirst().orElseThrow().name();
    }
}
