package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document describes the person overview (with {@code asOf}) and the department list:
 * summary, every parameter explained, the answer's schema and the 401/403/404 answers.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewApiDocsTests {

    @Autowired
    MockMvc mvc;

    JsonNode doc;

    @BeforeAll
    void fetchTheDocument() throws Exception {
        String body = mvc.perform(get("/v3/api-docs").with(user("o-viewer").roles("VIEWER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        doc = JsonMapper.builder().build().readTree(body);
    }

    @Test
    void thePersonOverviewIsDocumentedWithItsAsOfDay() {
        JsonNode overview = doc.path("paths").path("/api/v1/persons/{personKey}/overview").path("get");
        assertThat(overview.path("summary").asString()).isEqualTo("一人の人の横断照会を取得する");
        assertThat(overview.path("description").asString()).contains("asOf", "関わりあり", "支援措置", "アクセス記録");
        assertThat(overview.path("parameters").findValuesAsString("name")).containsExactlyInAnyOrder("personKey", "asOf");
        JsonNode asOf = parameter(overview, "asOf");
        assertThat(asOf.path("in").asString()).isEqualTo("query");
        assertThat(asOf.path("required").asBoolean(false)).isFalse();
        assertThat(asOf.path("description").asString()).contains("日本時間", "R7.4.1", "令和7年4月1日");
        assertThat(parameter(overview, "personKey").path("description").asString()).contains("宛名番号");
        assertThat(overview.path("responses").propertyNames()).contains("200", "400", "401", "403", "404", "503");
        assertThat(ref(overview, "200")).isEqualTo("#/components/schemas/PersonOverview");
        assertThat(ref(overview, "404")).isEqualTo("#/components/schemas/ApiError");

        JsonNode schema = doc.path("components").path("schemas").path("PersonOverview").path("properties");
        assertThat(schema.propertyNames()).contains("person", "cards", "asOf", "asOfLabel", "notYetImported");
        assertThat(doc.path("components").path("schemas").path("ProgramCard").path("properties").propertyNames())
                .contains("level", "department", "contact", "records");
        assertThat(doc.path("components").path("schemas").has("ApiError")).isTrue();
    }

    @Test
    void theDepartmentListIsDocumented() {
        JsonNode list = doc.path("paths").path("/api/v1/department/persons").path("get");
        assertThat(list.path("summary").asString()).isEqualTo("課の一覧を取得する");
        assertThat(list.path("parameters").findValuesAsString("name"))
                .containsExactlyInAnyOrder("source", "status", "minAge", "maxAge", "town", "sort", "page", "cursor", "field", "code", "from",
                        "to");
        for (JsonNode parameter : list.path("parameters")) {
            assertThat(parameter.path("description").asString()).as(parameter.path("name").asString()).isNotBlank();
        }
        assertThat(list.path("responses").propertyNames()).contains("200", "401", "403", "503");
        assertThat(ref(list, "200")).isEqualTo("#/components/schemas/DepartmentPersons");
        assertThat(doc.path("components").path("schemas").path("DepartmentPersons").path("properties").propertyNames())
                .containsExactlyInAnyOrder("sources", "total", "totalExact", "page", "pages", "pageSize", "next", "previous",
                        "persons");
        assertThat(doc.path("components").path("schemas").path("DepartmentPersons").path("properties")
                .path("totalExact").path("description").asString()).contains("集計中");
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("name").asString().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    private static String ref(JsonNode operation, String status) {
        return operation.path("responses").path(status).path("content").path("application/json").path("schema")
                .path("$ref").asString();
    }
}
