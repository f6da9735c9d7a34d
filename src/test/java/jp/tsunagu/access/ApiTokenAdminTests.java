package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;
import jp.tsunagu.TsunaguTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The API tokens screen: administrators only; the secret shown once; revoking asks once; on record. */
@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-tokens-f${tsunagu.test.fork:1}")
class ApiTokenAdminTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    static RequestPostProcessor admin() {
        return user("kanri").roles("ADMIN");
    }

    @BeforeEach
    void department() {
        accounts.saveDepartment(TestStaff.DEPARTMENT, "テスト課", "内線 9999");
    }

    @Test
    void onlyAdministratorsReachTheTokenScreens() throws Exception {
        for (String role : List.of("VIEWER", "CASEWORKER", "AUDITOR")) {
            mvc.perform(get("/admin/tokens").with(user("u").roles(role))).andExpect(status().isForbidden());
            mvc.perform(get("/admin/tokens/new").with(user("u").roles(role))).andExpect(status().isForbidden());
            mvc.perform(post("/admin/tokens").param("name", "x").param("departmentId", TestStaff.DEPARTMENT)
                    .param("endpoints", "/api/**").with(user("u").roles(role)).with(csrf()))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/admin/tokens/1/revoke").with(user("u").roles(role)).with(csrf()))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/admin/tokens")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/admin/tokens").with(admin())).andExpect(status().isOk());
        mvc.perform(get("/admin/tokens/new").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("/api/v1/persons")));
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE name = 'x'").query(Long.class).single()).isZero();
    }

    @Test
    void theTokensPageShowsTimesInJapanTimeLikeEveryOtherPage() throws Exception {
        String name = "JST " + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/admin/tokens").param("name", name).param("departmentId", TestStaff.DEPARTMENT)
                .param("endpoints", "/api/v1/persons").with(admin()).with(csrf())).andExpect(redirectedUrl("/admin/tokens"));
        java.time.Instant created = jdbc.sql("SELECT created_at FROM api_token WHERE name = :n").param("n", name)
                .query(java.time.OffsetDateTime.class).single().toInstant();
        java.time.ZonedDateTime utc = created.atZone(java.time.ZoneOffset.UTC);
        String utcText = jp.tsunagu.japanese.JapaneseDates.warekiWithYear(utc.toLocalDate()) + " " + utc.getHour() + ":"
                + String.format("%02d", utc.getMinute());

        String page = mvc.perform(get("/admin/tokens").with(admin())).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        String row = page.substring(page.indexOf(name), page.indexOf("</tr>", page.indexOf(name)));
        assertThat(row).contains(jp.tsunagu.platform.TokyoTime.minutes(created)).doesNotContain(utcText);
    }

    @Test
    void issuingWithoutACsrfTokenIsRefused() throws Exception {
        String name = "csrf " + UUID.randomUUID();
        mvc.perform(post("/admin/tokens").param("name", name).param("departmentId", TestStaff.DEPARTMENT)
                .param("endpoints", "/api/v1/persons").with(admin())).andExpect(status().isForbidden());
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE name = :n").param("n", name).query(Long.class)
                .single()).isZero();
    }

    @Test
    void anAdministratorIssuesATokenSeenOnceThenRevokesItAfterAskingOnce() throws Exception {
        String name = "総合窓口システム " + UUID.randomUUID().toString().substring(0, 8);
        MvcResult created = mvc.perform(post("/admin/tokens").param("name", name)
                        .param("departmentId", TestStaff.DEPARTMENT).param("endpoints", "/api/v1/persons\r\n")
                        .param("sources", "kaigo, shogai").param("expiresOn", "2099-03-31").with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/tokens"))
                .andExpect(flash().attribute("done", "created"))
                .andExpect(flash().attributeExists("issuedSecret")).andReturn();
        String secret = (String) created.getFlashMap().get("issuedSecret");
        assertThat(secret).startsWith("tsunagu_");

        mvc.perform(get("/admin/tokens").with(admin()).flashAttrs(created.getFlashMap()))
                .andExpect(content().string(Matchers.containsString(secret)))
                .andExpect(content().string(Matchers.containsString(name)));
        mvc.perform(get("/admin/tokens").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString(secret))))
                .andExpect(content().string(Matchers.containsString("kaigo, shogai")))
                .andExpect(content().string(Matchers.containsString("令和81年4月1日 (2099) 0:00")));
        mvc.perform(get("/api/v1/persons").param("q", "x").with(ApiTokenTests.bearer(secret)))
                .andExpect(status().isOk());

        long id = jdbc.sql("SELECT id FROM api_token WHERE name = :n").param("n", name).query(Long.class).single();
        mvc.perform(get("/admin/tokens/{id}/revoke", id).with(admin())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("すぐに API を呼べなくなります")));
        mvc.perform(get("/api/v1/persons").param("q", "x").with(ApiTokenTests.bearer(secret)))
                .andExpect(status().isOk());
        mvc.perform(post("/admin/tokens/{id}/revoke", id).with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/tokens")).andExpect(flash().attribute("done", "revoked"));
        mvc.perform(get("/api/v1/persons").param("q", "x").with(ApiTokenTests.bearer(secret)))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/admin/tokens/{id}/revoke", id).with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/tokens")).andExpect(flash().attribute("error",
                        Matchers.containsString("すでに取り消されています")));

        assertThat(jdbc.sql("""
                SELECT detail FROM audit_event WHERE action = 'ACCOUNT' AND actor = 'kanri' AND detail LIKE :t ORDER BY seq
                """).param("t", "%\"tokenId\":\"" + id + "\"%").query(String.class).list())
                .satisfiesExactly(d -> assertThat(d).contains("api-token-create", name, "\"sources\":\"kaigo shogai\""),
                        d -> assertThat(d).contains("api-token-revoke"));
        assertThat(jdbc.sql("SELECT detail FROM audit_event").query(String.class).list())
                .noneMatch(d -> d.contains(secret.substring("tsunagu_".length())));
    }

    @Test
    void aTokenForTheScreensIsNotIssued() throws Exception {
        String name = "screens " + UUID.randomUUID();
        mvc.perform(post("/admin/tokens").param("name", name).param("departmentId", TestStaff.DEPARTMENT)
                        .param("endpoints", "/api/v1/persons\n/admin/**").with(admin()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("/api/ で始めてください")))
                .andExpect(content().string(Matchers.containsString(name)));
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE name = :n").param("n", name).query(Long.class)
                .single()).isZero();
    }

    @Test
    void revokingAnUnknownTokenIsNotFound() throws Exception {
        mvc.perform(get("/admin/tokens/{id}/revoke", Long.MAX_VALUE).with(admin())).andExpect(status().isNotFound());
        mvc.perform(post("/admin/tokens/{id}/revoke", Long.MAX_VALUE).with(admin()).with(csrf()))
                .andExpect(status().isNotFound());
    }
}
