package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * API tokens as the one-stop counter system uses them: {@code Authorization: Bearer tsunagu_…} on
 * the API, refused when unknown, revoked or expired, limited to its own URLs, never a way into the
 * screens; the secret kept only as a hash; issuing and revoking on record.
 */
@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-tokens-f${tsunagu.test.fork:1}")
class ApiTokenTests {

    static final String ADMIN = "kanri";

    @Autowired
    MockMvc mvc;
    @Autowired
    ApiTokenAdministration tokens;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock.Movable clock;

    @BeforeEach
    void department() {
        accounts.saveDepartment(TestStaff.DEPARTMENT, "テスト課", "内線 9999");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aTokenSearchesAsItsServiceAccountWithoutASession() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of("*"), null);
        String account = issued.token().serviceAccount();

        MvcResult result = mvc.perform(get("/api/v1/persons").param("q", "x").with(bearer(issued.secret())))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.query").value("x"))
                .andExpect(jsonPath("$.count").value(0))
                .andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE))
                .andReturn();

        assertThat(result.getRequest().getSession(false)).as("no session for a token request").isNull();
        assertThat(accounts.find(account).orElseThrow())
                .satisfies(a -> assertThat(a.role()).isEqualTo(Role.VIEWER))
                .satisfies(a -> assertThat(a.departmentId()).isEqualTo(TestStaff.DEPARTMENT));
        assertThat(audit(account, "SEARCH")).singleElement().satisfies(d -> assertThat(d).contains("\"q\":\"x\""));
        assertThat(audit(account, "LOGIN")).singleElement().satisfies(d -> assertThat(d)
                .contains("\"method\":\"api-token\"", "\"token\":\"" + issued.token().name() + "\"",
                        "\"path\":\"/api/v1/persons\""));
        assertThat(tokens.find(issued.token().id()).orElseThrow().lastUsedAt()).isNotNull();
    }

    @Test
    void withoutATokenOrWithAWrongOneTheApiAnswers401() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of(), null);
        long mark = AuditRows.mark(jdbc);
        mvc.perform(get("/api/v1/persons").param("q", "x").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, Matchers.startsWith("Bearer")))
                .andExpect(jsonPath("$.error").value(ApiTokenFilter.UNAUTHORIZED));
        for (String wrong : List.of("tsunagu_wrong", ApiTokenSecrets.next(), issued.secret() + "x",
                issued.secret().substring(0, issued.secret().length() - 1), "", "Basic " + issued.secret())) {
            mvc.perform(get("/api/v1/persons").param("q", "x").header(HttpHeaders.AUTHORIZATION, "Bearer " + wrong))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.error").value(ApiTokenFilter.UNAUTHORIZED));
        }
        mvc.perform(get("/api/v1/persons").param("q", "x").header(HttpHeaders.AUTHORIZATION, "bearer " + issued.secret()))
                .andExpect(status().isOk());
        assertThat(AuditRows.since(jdbc, mark, ApiTokenFilter.UNKNOWN_ACTOR)).as("one per wrong token, none without one")
                .hasSize(6).allSatisfy(r -> {
                    assertThat(r.action()).isEqualTo("LOGIN_FAILED");
                    assertThat(r.personKey()).isNull();
                    assertThat(r.detail()).containsEntry("path", "/api/v1/persons").containsKey("reason")
                            .doesNotContainKey("token");
                });
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of(), null);
        mvc.perform(get("/api/v1/persons").param("q", "x").with(bearer(issued.secret()))).andExpect(status().isOk());

        tokens.revoke(ADMIN, issued.token().id());

        mvc.perform(get("/api/v1/persons").param("q", "x").with(bearer(issued.secret())))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value(ApiTokenFilter.REVOKED));
        assertThat(audit(issued.token().serviceAccount(), "LOGIN_FAILED")).singleElement()
                .satisfies(d -> assertThat(d).contains("\"reason\":\"revoked\""));
        assertThat(audit(issued.token().serviceAccount(), "SEARCH")).hasSize(1);
        assertThatThrownBy(() -> tokens.revoke(ADMIN, issued.token().id()))
                .isInstanceOf(AccountChangeRejected.class).hasMessageContaining("すでに取り消されています");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of(), clock.instant().plus(Duration.ofHours(1)));
        mvc.perform(get("/api/v1/persons").param("q", "x").with(bearer(issued.secret()))).andExpect(status().isOk());

        clock.advance(Duration.ofHours(1));

        mvc.perform(get("/api/v1/persons").param("q", "x").with(bearer(issued.secret())))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value(ApiTokenFilter.EXPIRED));
    }

    @Test
    void aTokenReachesOnlyItsOwnUrlsAndNeverAScreen() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of("*"), null);
        for (MockHttpServletRequestBuilder request : List.of(get("/api/v1/other"), get("/api/v1/persons/1"),
                get("/api/v2/persons"), get("/imports"), get("/search").param("q", "x"), get("/"),
                get("/admin/staff"), get("/admin/tokens"), get("/audit"), get("/actuator/info"),
                post("/admin/tokens").param("name", "x").param("departmentId", TestStaff.DEPARTMENT)
                        .param("endpoints", "/api/**"),
                post("/imports/upload"), post("/logout"))) {
            MvcResult result = mvc.perform(request.with(bearer(issued.secret())))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.error").value(ApiTokenFilter.FORBIDDEN))
                    .andReturn();
            assertThat(result.getRequest().getSession(false)).isNull();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE name = 'x'").query(Long.class).single()).isZero();
        assertThat(audit(issued.token().serviceAccount(), "LOGIN_FAILED")).isNotEmpty()
                .allSatisfy(d -> assertThat(d).contains("\"reason\":\"endpoint-not-allowed\""));
        assertThat(audit(issued.token().serviceAccount(), "SEARCH")).isEmpty();

        // a wrong token on a screen is a 401 (not a trip to the login page)
        mvc.perform(get("/imports").with(bearer(ApiTokenSecrets.next()))).andExpect(status().isUnauthorized());
    }

    @Test
    void wildcardEndpointsCoverTheirSubtreeOnly() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/**"), List.of(), null);
        mvc.perform(get("/api/v1/persons").param("q", "x").with(bearer(issued.secret()))).andExpect(status().isOk());
        mvc.perform(get("/api/v2/persons").with(bearer(issued.secret()))).andExpect(status().isForbidden());
    }

    @Test
    void aBearerRequestNeedsNoCsrfToken() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of(), null);
        // past security without a CSRF token: the API itself then says the method is not supported
        mvc.perform(post("/api/v1/persons").param("q", "x").with(bearer(issued.secret())))
                .andExpect(status().isMethodNotAllowed());
        mvc.perform(post("/api/v1/persons").param("q", "x").with(user("yamada").roles("VIEWER")))
                .andExpect(status().isForbidden());
    }

    @Test
    void theSecretIsShownOnceAndOnlyItsHashIsStored() {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of(), null);
        assertThat(issued.secret()).matches("tsunagu_[A-Za-z0-9_-]{43}");
        byte[] secretBytes = Base64.getUrlDecoder().decode(issued.secret().substring("tsunagu_".length()));
        assertThat(secretBytes).hasSize(32);

        String row = jdbc.sql("SELECT t::text FROM api_token t WHERE id = :id").param("id", issued.token().id())
                .query(String.class).single();
        String body = issued.secret().substring("tsunagu_".length());
        assertThat(row).doesNotContain(body).doesNotContain(HexFormat.of().formatHex(secretBytes));
        byte[] stored = jdbc.sql("SELECT token_hash FROM api_token WHERE id = :id").param("id", issued.token().id())
                .query(byte[].class).single();
        assertThat(stored).isEqualTo(sha256(secretBytes));
        assertThat(issued.toString()).doesNotContain(body);
        assertThat(jdbc.sql("SELECT detail FROM audit_event").query(String.class).list())
                .noneMatch(d -> d.contains(body));
    }

    @Test
    void issuingAndRevokingAreOnRecord() {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons", "/api/v1/persons"), List.of("kaigo", "shogai"),
                null);
        tokens.revoke(ADMIN, issued.token().id());

        List<String> details = jdbc.sql("""
                SELECT detail FROM audit_event WHERE action = 'ACCOUNT' AND actor = :a AND detail LIKE :t ORDER BY seq
                """).param("a", ADMIN).param("t", "%\"tokenId\":\"" + issued.token().id() + "\"%")
                .query(String.class).list();
        assertThat(details).satisfiesExactly(
                d -> assertThat(d).contains("\"change\":\"api-token-create\"", "\"token\":\"" + issued.token().name(),
                        "\"account\":\"" + issued.token().serviceAccount() + "\"", "\"endpoints\":\"/api/v1/persons\"",
                        "\"sources\":\"kaigo shogai\"", "\"department\":\"" + TestStaff.DEPARTMENT + "\"",
                        "\"secret\":\"issued\""),
                d -> assertThat(d).contains("\"change\":\"api-token-revoke\""));
        ApiToken revoked = tokens.find(issued.token().id()).orElseThrow();
        assertThat(revoked.revokedBy()).isEqualTo(ADMIN);
        assertThat(revoked.revokedAt()).isNotNull();
    }

    @Test
    void theServiceAccountCannotLogInThroughTheLoginPage() throws Exception {
        ApiTokenIssued issued = issue(List.of("/api/v1/persons"), List.of(), null);
        String account = issued.token().serviceAccount();
        mvc.perform(formLogin("/login").user(account).password(issued.secret())).andExpect(redirectedUrl("/login?error"));
        assertThat(accounts.find(account).orElseThrow().enabled()).isFalse();
        for (String change : List.of("enabled = TRUE", "role = 'ADMIN'")) {
            assertThatThrownBy(() -> jdbc.sql("UPDATE staff_account SET " + change + " WHERE username = :u")
                    .param("u", account).update()).isInstanceOf(DataIntegrityViolationException.class);
        }
    }

    @Test
    void whatATokenMayReachIsCheckedWhenItIsIssued() {
        for (List<String> endpoints : List.of(List.<String>of(), List.of("/imports"), List.of("/api/v1/persons", "/admin/**"),
                List.of("/api/{bad"), List.of("api/v1/persons"))) {
            assertThatThrownBy(() -> issue(endpoints, List.of(), null)).isInstanceOf(AccountChangeRejected.class);
        }
        assertThatThrownBy(() -> issue(List.of("/api/v1/persons"), List.of("Kaigo!"), null))
                .isInstanceOf(AccountChangeRejected.class).hasMessageContaining("連携元ID");
        assertThatThrownBy(() -> issue(List.of("/api/v1/persons"), List.of(), clock.instant().minusSeconds(1)))
                .isInstanceOf(AccountChangeRejected.class).hasMessageContaining("有効期限");
        assertThatThrownBy(() -> tokens.create(ADMIN, " ", TestStaff.DEPARTMENT, List.of("/api/v1/persons"),
                List.of(), null)).isInstanceOf(AccountChangeRejected.class).hasMessageContaining("名前");
        assertThatThrownBy(() -> tokens.create(ADMIN, "x", "no-such-dept", List.of("/api/v1/persons"), List.of(),
                null)).isInstanceOf(AccountChangeRejected.class).hasMessageContaining("所属");
    }

    @Test
    void otherModulesLearnWhichSourcesTheTokenAllows() {
        ApiToken some = issue(List.of("/api/v1/persons"), List.of("kaigo", "shogai"), null).token();
        ApiToken all = issue(List.of("/api/v1/persons"), List.of("kaigo", "*"), null).token();
        ApiToken none = issue(List.of("/api/v1/persons"), List.of(), null).token();

        assertThat(ApiTokens.allowedSources(new ApiTokenAuthentication(some))).contains(Set.of("kaigo", "shogai"));
        assertThat(ApiTokens.allowedSources(new ApiTokenAuthentication(all))).contains(Set.of("*"));
        assertThat(ApiTokens.allowedSources(new ApiTokenAuthentication(none))).contains(Set.of());
        assertThat(ApiTokens.allowsSource(new ApiTokenAuthentication(some), "kaigo")).isTrue();
        assertThat(ApiTokens.allowsSource(new ApiTokenAuthentication(some), "hoiku")).isFalse();
        assertThat(ApiTokens.allowsSource(new ApiTokenAuthentication(all), "hoiku")).isTrue();
        assertThat(ApiTokens.allowsSource(new ApiTokenAuthentication(none), "kaigo")).isFalse();
        assertThat(ApiTokens.tokenName(new ApiTokenAuthentication(some))).contains(some.name());

        var staff = UsernamePasswordAuthenticationToken.authenticated("yamada", null, List.of());
        assertThat(ApiTokens.allowedSources(staff)).isEqualTo(Optional.empty());
        assertThat(ApiTokens.allowsSource(staff, "kaigo")).isTrue();
        assertThat(ApiTokens.allowedSources(null)).isEmpty();
    }

    private ApiTokenIssued issue(List<String> endpoints, List<String> sources, Instant expiresAt) {
        return tokens.create(ADMIN, "総合窓口システム " + UUID.randomUUID().toString().substring(0, 8),
                TestStaff.DEPARTMENT, endpoints, sources, expiresAt);
    }

    static RequestPostProcessor bearer(String secret) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + secret);
            return request;
        };
    }

    private List<String> audit(String actor, String action) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE actor = :a AND action = :x ORDER BY seq")
                .param("a", actor).param("x", action).query(String.class).list();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
