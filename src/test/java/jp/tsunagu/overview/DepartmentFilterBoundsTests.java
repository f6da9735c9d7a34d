package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The department view's filters and the overview's as-of date are bounded: a value out of range is
 * answered 400 with the reason — by the API as {@code {"error": …}}, by the screen and the exports
 * as a page — before anything is read or recorded. (An age of 2,000,000,000 used to be a server error:
 * no date is that many years ago.)
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-search-budget-f${tsunagu.test.fork:1}",
        "tsunagu.search.statement-timeout=2s"})
class DepartmentFilterBoundsTests {

    /** Ages and page numbers are refused by the central range check before the controller (platform.ParameterRanges). */
    static final String AGE = "年齢は 0 から 150 までの整数で指定してください (項目: minAge)。";

    @Autowired
    MockMvc mvc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void clerk() {
        accounts.saveDepartment("f-kodomo", "こども課", "内線 3456");
        accounts.save("f-clerk", "子供 四郎", "pw-123456789", Role.CASEWORKER, "f-kodomo");
    }

    @Test
    void filtersOutOfRangeAreRefusedWithTheReasonBeforeAnythingIsRecorded() throws Exception {
        long recorded = recorded();
        Map<Map<String, String>, String> refused = Map.of(
                Map.of("minAge", "2000000000"), AGE,
                Map.of("maxAge", "-1"), "年齢は 0 から 150 までの整数で指定してください (項目: maxAge)。",
                Map.of("minAge", "abc"), AGE,
                Map.of("page", "abc"), "ページ番号は 1 から 1000000 までの整数で指定してください (項目: page)。",
                Map.of("town", "入".repeat(51)), "町丁目は50文字までです",
                Map.of("status", "'; DROP TABLE person; --"), "状態は 住民・住登外・消除 のいずれかを選んでください",
                Map.of("sort", "p.name; DROP TABLE person"), "並び順は kana・birth・address のいずれかです");
        for (var entry : refused.entrySet()) {
            JsonNode body = json.readTree(answer("/api/v1/department/persons", entry.getKey(), 400));
            assertThat(body.path("error").asString()).as(entry.getKey().toString()).isEqualTo(entry.getValue());
            assertThat(body.has("persons")).isFalse();
            String page = answer("/department", entry.getKey(), 400);
            assertThat(page).contains(entry.getValue()).doesNotContain("class=\"department-form\"");
            if (!entry.getKey().containsKey("minAge") && !entry.getKey().containsKey("maxAge")
                    && !entry.getKey().containsKey("page")) {
                assertThat(page).contains("絞り込みの条件を確認してください");
            }
        }
        for (String export : List.of("/department/export.csv", "/department/export.xlsx")) {
            assertThat(answer(export, Map.of("minAge", "2000000000"), 400)).contains(AGE).contains("<html");
        }
        MockHttpServletRequestBuilder sources = get("/api/v1/department/persons").with(user("f-clerk"));
        Collections.nCopies(101, "jido-teate").forEach(s -> sources.param("source", s));
        MockHttpServletResponse manySources = mvc.perform(sources).andReturn().getResponse();
        assertThat(manySources.getStatus()).isEqualTo(400);
        assertThat(json.readTree(manySources.getContentAsString(StandardCharsets.UTF_8)).path("error").asString())
                .isEqualTo("制度 (source) は 100 件まで、ID は 64 文字までです");

        assertThat(recorded()).as("nothing read, nothing recorded").isEqualTo(recorded);
    }

    @Test
    void filtersAtTheirBoundsAreListedAndRecorded() throws Exception {
        long recorded = recorded();
        JsonNode body = json.readTree(answer("/api/v1/department/persons", Map.of("minAge", "0", "maxAge", "150",
                "town", "入".repeat(50), "status", "消除", "sort", "address"), 200));
        assertThat(body.has("error")).isFalse();
        assertThat(body.path("total").isNumber()).isTrue();
        assertThat(body.path("persons").isArray()).isTrue();
        assertThat(answer("/department", Map.of("minAge", "150", "sort", "birth"), 200))
                .contains("class=\"department-form\"").contains("人 (1 / 1 ページ)").doesNotContain(AGE);
        assertThat(recorded()).isEqualTo(recorded + 2);
    }

    @Test
    void anAsOfDateLongerThanAnyDateIsRefusedWithoutQuotingIt() throws Exception {
        String long33 = "2025-04-01" + "x".repeat(23);
        MockHttpServletResponse api = mvc.perform(get("/api/v1/persons/0000000001/overview").param("asOf", long33)
                .with(user("f-clerk"))).andReturn().getResponse();
        assertThat(api.getStatus()).isEqualTo(400);
        assertThat(json.readTree(api.getContentAsString(StandardCharsets.UTF_8)).path("error").asString())
                .startsWith("表示する日付は32文字までです").doesNotContain("xxx");
        MockHttpServletResponse page = mvc.perform(get("/persons/0000000001").param("asOf", long33)
                .with(user("f-clerk"))).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(page.getContentAsString(StandardCharsets.UTF_8)).contains("表示する日付は32文字までです");

        MockHttpServletResponse unreadable = mvc.perform(get("/api/v1/persons/0000000001/overview")
                .param("asOf", "2025-13-01").with(user("f-clerk"))).andReturn().getResponse();
        assertThat(json.readTree(unreadable.getContentAsString(StandardCharsets.UTF_8)).path("error").asString())
                .as("a date of 32 characters or fewer is still read, and quoted when it is not one")
                .startsWith("表示する日付を読めません: 2025-13-01");
    }

    private String answer(String path, Map<String, String> params, int status) throws Exception {
        MockHttpServletRequestBuilder request = get(path).with(user("f-clerk"));
        params.forEach(request::param);
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(path + " " + params).isEqualTo(status);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private long recorded() {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = 'f-clerk'").query(Long.class).single();
    }
}
