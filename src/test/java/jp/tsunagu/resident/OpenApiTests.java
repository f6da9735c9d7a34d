package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document of the JSON API: the person search with its parameters, answer and bearer
 * token, described in Japanese; only {@code /api/**}; for logged-in staff, never anonymous.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-quality-f${tsunagu.test.fork:1}")
class OpenApiTests {

    @Autowired
    MockMvc mvc;

    @Test
    void aLoggedInViewerGetsTheDocumentOfThePersonSearch() throws Exception {
        String body = mvc.perform(get("/v3/api-docs").with(user("o-viewer").roles("VIEWER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("/api/v1/persons", "\"q\"");
        JsonNode doc = JsonMapper.builder().build().readTree(body);

        JsonNode search = doc.path("paths").path("/api/v1/persons").path("get");
        assertThat(search.path("summary").asString()).isEqualTo("人を検索する");
        assertThat(search.path("description").asString()).contains("アクセス記録", "支援措置のため非表示");
        assertThat(search.path("parameters").findValuesAsString("name"))
                .containsExactlyInAnyOrder("q", "status", "minAge", "maxAge", "town", "cursor");
        for (JsonNode parameter : search.path("parameters")) {
            assertThat(parameter.path("description").asString()).as(parameter.path("name").asString()).isNotBlank();
        }
        assertThat(search.path("responses").path("200").path("content").path("application/json").path("schema")
                .path("$ref").asString()).isEqualTo("#/components/schemas/PersonSearchResult");
        assertThat(search.path("responses").has("503")).isTrue();
        assertThat(doc.path("components").path("schemas").path("PersonSummary").path("properties").path("address")
                .path("description").asString()).contains("（支援措置のため非表示）");

        JsonNode bearer = doc.path("components").path("securitySchemes").path("apiToken");
        assertThat(bearer.path("type").asString()).isEqualTo("http");
        assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
        assertThat(bearer.path("description").asString()).contains("Authorization: Bearer tsunagu_");
        assertThat(doc.path("security").toString()).contains("apiToken");
    }

    @Test
    void onlyTheApiIsDocumented() throws Exception {
        String body = mvc.perform(get("/v3/api-docs").with(user("o-admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode paths = JsonMapper.builder().build().readTree(body).path("paths");
        assertThat(paths.propertyNames()).isNotEmpty().allMatch(path -> path.startsWith("/api/"));
    }

    @Test
    void anonymousVisitorsGetNeitherTheDocumentNorSwaggerUi() throws Exception {
        for (String url : new String[] {"/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html",
                "/swagger-ui/index.html"}) {
            int status = mvc.perform(get(url)).andReturn().getResponse().getStatus();
            assertThat(status).as(url).isIn(302, 401);
        }
        mvc.perform(get("/v3/api-docs").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void swaggerUiOpensForStaff() throws Exception {
        String location = mvc.perform(get("/swagger-ui.html").with(user("o-viewer").roles("VIEWER")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).contains("/swagger-ui/index.html");
        mvc.perform(get("/swagger-ui/index.html").with(user("o-viewer").roles("VIEWER")))
                .andExpect(status().isOk());
    }
}
