package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every HTTP route the application registers, taken from its own handler mappings, against every
 * role and an anonymous visitor. A route that this table does not name fails the build: whoever
 * adds a route decides here who may use it.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-matrix")
class RouteAccessMatrixTests {

    /** Who asks: an anonymous visitor or a logged-in role. */
    enum Who { ANONYMOUS, VIEWER, CASEWORKER, ADMIN, AUDITOR }

    static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);
    static final Set<Who> STAFF = EnumSet.of(Who.VIEWER, Who.CASEWORKER, Who.ADMIN, Who.AUDITOR);
    static final Set<Who> ADMIN = EnumSet.of(Who.ADMIN);
    static final Set<Who> AUDITOR = EnumSet.of(Who.AUDITOR);

    /** "METHOD pattern" → who may use it. */
    static final Map<String, Set<Who>> RULES = new LinkedHashMap<>();

    static {
        RULES.put("GET /login", EVERYONE);
        RULES.put("GET /error", EVERYONE);
        RULES.put("GET /actuator/health", EVERYONE);
        RULES.put("GET /actuator/health/**", EVERYONE);
        RULES.put("GET /actuator", ADMIN);
        RULES.put("GET /actuator/info", ADMIN);
        RULES.put("GET /actuator/prometheus", ADMIN);
        RULES.put("GET /", STAFF);
        RULES.put("GET /search", STAFF);
        RULES.put("GET /api/v1/persons", STAFF);
        RULES.put("GET /persons/{personKey}", STAFF);
        RULES.put("GET /department", STAFF);
        RULES.put("GET /department/export.csv", STAFF);
        RULES.put("GET /department/export.xlsx", STAFF);
        RULES.put("GET /api/v1/department/persons", STAFF);
        RULES.put("GET /api/v1/persons/{personKey}/overview", STAFF);
        RULES.put("GET /persons/{personKey}/break-glass", STAFF);
        RULES.put("POST /persons/{personKey}/break-glass", STAFF);
        RULES.put("GET /imports", STAFF);
        RULES.put("GET /imports/runs/{runId}", STAFF);
        RULES.put("GET /imports/runs/{runId}/progress", STAFF);
        RULES.put("GET /imports/sources/{sourceId}", STAFF);
        RULES.put("POST /imports/upload", ADMIN);
        RULES.put("GET /imports/{runId}/confirm", ADMIN);
        RULES.put("POST /imports/{runId}/confirm", ADMIN);
        RULES.put("GET /imports/{runId}/discard", ADMIN);
        RULES.put("POST /imports/{runId}/discard", ADMIN);
        for (String route : List.of("GET /admin/departments", "GET /admin/departments/new",
                "GET /admin/departments/{id}/edit", "POST /admin/departments", "POST /admin/departments/{id}/edit",
                "GET /admin/staff", "GET /admin/staff/import", "GET /admin/staff/new", "GET /admin/staff/{username}/edit",
                "GET /admin/staff/{username}/password", "GET /admin/staff/{username}/totp", "POST /admin/staff",
                "POST /admin/staff/import", "POST /admin/staff/{username}/edit", "POST /admin/staff/{username}/password",
                "POST /admin/staff/{username}/totp", "POST /admin/staff/{username}/unlock",
                "GET /admin/grants", "GET /admin/grants/{department}/{source}", "POST /admin/grants/{department}/{source}",
                "POST /admin/grants/{department}/{source}/default", "GET /admin/grants/protected-addresses",
                "POST /admin/grants/protected-addresses", "GET /admin/tokens", "GET /admin/tokens/new",
                "POST /admin/tokens", "GET /admin/tokens/{id}/revoke", "POST /admin/tokens/{id}/revoke",
                "GET /admin/quality", "GET /admin/quality/unindexed/{sourceId}", "GET /admin/quality/duplicates",
                "POST /admin/imports/runs/{runId}/problems/{seq}/value", "GET /admin/logins",
                "POST /admin/logins/lift")) {
            RULES.put(route, ADMIN);
        }
        RULES.put("GET /audit", AUDITOR);
        RULES.put("POST /audit/verify", AUDITOR);
        RULES.put("GET /audit/events", AUDITOR);
        RULES.put("GET /audit/events.csv", AUDITOR);
        RULES.put("GET /audit/persons/{personKey}", AUDITOR);
        RULES.put("GET /audit/users/{username}", AUDITOR);
        RULES.put("GET /v3/api-docs", STAFF);
        RULES.put("GET /v3/api-docs.yaml", STAFF);
        RULES.put("GET /v3/api-docs/swagger-config", STAFF);
        RULES.put("GET /swagger-ui.html", STAFF);
        RULES.put("GET /account/totp", STAFF);
        RULES.put("POST /account/totp/enrol", STAFF);
        RULES.put("POST /account/totp/verify", STAFF);
    }

    /**
     * Routes that return personal data (個人情報を返すルート), with who may ask and a request that
     * finds the test person. Each must write an audit record before answering, and answer 503
     * without the data when it cannot. Every other route in {@link #RULES} returns no personal data.
     * A route with a parameter that changes what it reads has one more entry, its key followed by a
     * space and the parameter's name ({@code asOf}: the overview as of a past day).
     */
    static final Map<String, String[]> PERSONAL = new LinkedHashMap<>();

    static {
        PERSONAL.put("GET /search", new String[] {"VIEWER", "/search?q=マトリクス"});
        PERSONAL.put("GET /api/v1/persons", new String[] {"VIEWER", "/api/v1/persons?q=マトリクス"});
        PERSONAL.put("GET /persons/{personKey}", new String[] {"VIEWER", "/persons/0000999990"});
        PERSONAL.put("GET /persons/{personKey} asOf", new String[] {"VIEWER", "/persons/0000999990?asOf=R7.4.1"});
        PERSONAL.put("GET /api/v1/persons/{personKey}/overview",
                new String[] {"VIEWER", "/api/v1/persons/0000999990/overview"});
        PERSONAL.put("GET /api/v1/persons/{personKey}/overview asOf",
                new String[] {"VIEWER", "/api/v1/persons/0000999990/overview?asOf=2025-04-01"});
        PERSONAL.put("GET /department", new String[] {"VIEWER", "/department"});
        PERSONAL.put("GET /department/export.csv", new String[] {"VIEWER", "/department/export.csv"});
        PERSONAL.put("GET /department/export.xlsx", new String[] {"VIEWER", "/department/export.xlsx"});
        PERSONAL.put("GET /api/v1/department/persons", new String[] {"VIEWER", "/api/v1/department/persons"});
        PERSONAL.put("GET /admin/quality", new String[] {"ADMIN", "/admin/quality"});
        PERSONAL.put("GET /admin/quality/duplicates", new String[] {"ADMIN", "/admin/quality/duplicates"});
        PERSONAL.put("GET /audit", new String[] {"AUDITOR", "/audit"});
        PERSONAL.put("GET /audit/events", new String[] {"AUDITOR", "/audit/events?person=0000999990"});
        PERSONAL.put("GET /audit/events.csv", new String[] {"AUDITOR", "/audit/events.csv?person=0000999990"});
        PERSONAL.put("GET /audit/persons/{personKey}", new String[] {"AUDITOR", "/audit/persons/0000999990"});
        PERSONAL.put("GET /audit/users/{username}", new String[] {"AUDITOR", "/audit/users/matrix-viewer"});
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    jp.tsunagu.access.StaffAccounts accounts;

    @Test
    void everyRouteThatReturnsPersonalDataIsAuditedAndWithholdsItWhenTheAuditCannotBeWritten() throws Exception {
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, kana_key, kana_loose,
                                    name_key, address, grams, updated_run)
                VALUES ('0000999990', 'matrix', true, '住民', '試験 行列', 'マトリクス', 'マトリクス', 'マトリクス',
                        '試験行列', '狭山市マトリクス町1番', '{}', 0)
                ON CONFLICT (person_key) DO NOTHING""").update();
        accounts.saveDepartment("matrix", "試験課", "内線 0000");
        accounts.save("matrix-viewer", "閲覧 試験", "pw-123456789", jp.tsunagu.access.Role.VIEWER, "matrix");
        accounts.save("matrix-auditor", "監査 試験", "pw-123456789", jp.tsunagu.access.Role.AUDITOR, "matrix");
        assertThat(RULES.keySet()).containsAll(PERSONAL.keySet().stream()
                .map(key -> key.split(" ").length > 2 ? key.substring(0, key.lastIndexOf(' ')) : key).toList());
        for (Map.Entry<String, String[]> route : PERSONAL.entrySet()) {
            String role = route.getValue()[0];
            String url = route.getValue()[1];
            long before = auditRows();
            MockHttpServletResponse ok = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .get(url).with(user("matrix-" + role.toLowerCase()).roles(role))).andReturn().getResponse();
            assertThat(ok.getStatus()).as(route.getKey()).isEqualTo(200);
            assertThat(auditRows()).as(route.getKey() + " writes an audit record").isGreaterThan(before);

            jdbc.sql("ALTER TABLE audit_head RENAME TO audit_head_away").update();
            try {
                MockHttpServletResponse withheld = mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(url)
                                .with(user("matrix-" + role.toLowerCase()).roles(role))).andReturn().getResponse();
                assertThat(withheld.getStatus()).as(route.getKey() + " without audit").isEqualTo(503);
                assertThat(withheld.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
                        .as(route.getKey() + " withholds the data").doesNotContain("試験 行列", "0000999990");
            } finally {
                jdbc.sql("ALTER TABLE audit_head_away RENAME TO audit_head").update();
            }
        }
    }

    private long auditRows() {
        return jdbc.sql("SELECT count(*) FROM audit_event").query(Long.class).single();
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;

    @Test
    void everyRegisteredRouteHasARuleAndEveryRoleGetsExactlyThat() throws Exception {
        List<String> routes = routes();
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(RULES.keySet());
        assertThat(missing).as("routes without an access rule in this table").isEmpty();
        Set<String> stale = new TreeSet<>(RULES.keySet());
        stale.removeAll(routes);
        assertThat(stale).as("rules for routes that no longer exist").isEmpty();

        List<String> wrong = new ArrayList<>();
        for (String route : routes) {
            for (Who who : Who.values()) {
                boolean allowed = RULES.get(route).contains(who);
                boolean denied;
                String outcome;
                try {
                    MockHttpServletResponse response = mvc.perform(requestFor(route, who)).andReturn().getResponse();
                    denied = response.getStatus() == 401 || response.getStatus() == 403
                            || response.getStatus() == 302
                                    && String.valueOf(response.getRedirectedUrl()).contains("/login");
                    outcome = response.getStatus() + " " + response.getRedirectedUrl();
                } catch (jakarta.servlet.ServletException e) {
                    // the request passed security and reached the handler, which refused the dummy input
                    denied = false;
                    outcome = "handler: " + e.getRootCause();
                }
                if (allowed == denied) {
                    wrong.add(route + " as " + who + ": " + outcome + " ("
                            + (allowed ? "should be allowed" : "should be denied") + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private List<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                Set<String> patterns = info.getPatternValues();
                for (String pattern : patterns) {
                    if (methods.isEmpty()) {
                        routes.add("GET " + pattern);
                    }
                    for (RequestMethod method : methods) {
                        routes.add(method.name() + " " + pattern);
                    }
                }
            }
        }
        return new ArrayList<>(routes);
    }

    private static MockHttpServletRequestBuilder requestFor(String route, Who who) {
        String[] parts = route.split(" ", 2);
        String path = parts[1].replace("/**", "/liveness").replaceAll("\\{[^}]+}", "1");
        MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(parts[0]), path);
        if (!parts[0].equals("GET")) {
            request = request.with(csrf());
        }
        if (who != Who.ANONYMOUS) {
            request = request.with(user("matrix-" + who.name().toLowerCase()).roles(who.name()));
        }
        return request;
    }
}
