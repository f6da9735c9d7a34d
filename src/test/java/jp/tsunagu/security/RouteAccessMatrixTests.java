package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * Every HTTP route the application registers, taken from its own handler mappings, against every role and an
 * anonymous visitor. A route that this table does not name fails the build: whoever adds a route decides here
 * who may use it. The other matrix classes ask this table who may use a route.
 */
@MatrixTest
class RouteAccessMatrixTests {

    /** Who asks: an anonymous visitor or a logged-in role, as one of the city's staff. */
    enum Who {
        ANONYMOUS(null), VIEWER(Staff.KAIGO_VIEWER), CASEWORKER(Staff.KODOMO_CASEWORKER), ADMIN(Staff.ADMIN),
        AUDITOR(Staff.AUDITOR);

        final Staff staff;

        Who(Staff staff) {
            this.staff = staff;
        }

        static Who of(Staff staff) {
            return valueOf(staff.role.name());
        }
    }

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
                "POST /admin/imports/runs/{runId}/problems/{seq}/value", "GET /admin/imports/runs/{runId}/changes",
                "GET /admin/logins",
                "POST /admin/logins/lift")) {
            RULES.put(route, ADMIN);
        }
        RULES.put("GET /procedures", STAFF);
        RULES.put("GET /procedures/export.csv", STAFF);
        RULES.put("GET /procedures/export.xlsx", STAFF);
        RULES.put("GET /procedures/persons/{personKey}", STAFF);
        RULES.put("GET /procedures/persons/{personKey}/sheet.pdf", STAFF);
        RULES.put("POST /procedures/items/{itemId}", STAFF);
        RULES.put("POST /procedures/persons/{personKey}/events", STAFF);
        RULES.put("POST /procedures/persons/{personKey}/items", STAFF);
        RULES.put("GET /api/v1/life-events", STAFF);
        RULES.put("GET /api/v1/persons/{personKey}/procedures", STAFF);
        RULES.put("GET /admin/procedures", ADMIN);
        // evacuation (避難行動要支援者): the departments that hold the list and administrators; the matrix's
        // departments hold none, so of its staff only the administrator (and no caseworker: no disaster is declared)
        for (String route : List.of("GET /evacuation", "GET /evacuation/districts/{district}",
                "GET /evacuation/persons/{personKey}", "POST /evacuation/persons/{personKey}/consent",
                "POST /evacuation/requests", "GET /evacuation/consent/mailing.xlsx", "GET /evacuation/consent/letters.pdf",
                "POST /evacuation/consent/mailing/asked", "GET /evacuation/handovers", "POST /evacuation/handovers",
                "POST /evacuation/handovers/{id}/returned", "GET /evacuation/disaster", "GET /evacuation/disaster/dashboard",
                "POST /evacuation/disaster", "POST /evacuation/disaster/end", "GET /evacuation/safety",
                "POST /evacuation/safety/entries", "GET /admin/evacuation", "POST /admin/evacuation/recompute",
                "GET /api/v1/evacuation/persons", "GET /api/v1/evacuation/persons/{personKey}",
                "POST /api/v1/evacuation/persons/{personKey}/consents", "GET /api/v1/evacuation/handovers",
                "POST /api/v1/evacuation/safety", "GET /api/v1/evacuation/safety/dashboard", "GET /evacuation/map",
                "GET /evacuation/persons/{personKey}/plan", "POST /evacuation/persons/{personKey}/plan",
                "GET /evacuation/persons/{personKey}/plan.pdf")) {
            RULES.put(route, ADMIN);
        }
        RULES.put("GET /audit", AUDITOR);
        RULES.put("POST /audit/verify", AUDITOR);
        RULES.put("GET /audit/events", AUDITOR);
        RULES.put("GET /audit/events.csv", AUDITOR);
        RULES.put("GET /audit/persons/{personKey}", AUDITOR);
        RULES.put("GET /audit/users/{username}", AUDITOR);
        for (String route : List.of("GET /persons/{personKey}/documents", "GET /persons/{personKey}/documents/panel",
                "POST /persons/{personKey}/documents", "GET /documents/{documentId}",
                "GET /documents/{documentId}/content", "GET /documents/{documentId}/download", "GET /messages",
                "GET /messages/badge", "POST /messages", "POST /messages/{messageId}/read",
                "POST /messages/{messageId}/done", "GET /api/v1/persons/{personKey}/documents",
                "POST /api/v1/persons/{personKey}/documents",
                "GET /api/v1/persons/{personKey}/documents/{documentId}/content", "GET /api/v1/messages",
                "POST /api/v1/messages", "POST /api/v1/messages/{messageId}/acknowledgements")) {
            RULES.put(route, STAFF);
        }
        RULES.put("GET /admin/documents/retention", ADMIN);
        RULES.put("POST /admin/documents/retention/dispose", ADMIN);
        for (String route : List.of("GET /consultations", "GET /consultations/new", "POST /consultations",
                "GET /consultations/{consultationId}", "POST /consultations/{consultationId}/entries",
                "GET /consultations/board", "GET /consultations/board.pdf", "GET /consultations/board/items", "GET /consultations/board/events",
                "GET /api/v1/consultations", "POST /api/v1/consultations", "GET /api/v1/consultations/{consultationId}",
                "POST /api/v1/consultations/{consultationId}/entries", "GET /api/v1/consultations/board",
                "GET /consultations/persons/{personKey}/timeline",
                "GET /api/v1/consultations/persons/{personKey}/timeline")) {
            RULES.put(route, STAFF);
        }
        // insights (統計): every staff member; exact figures and the households' names only with every grant
        for (String route : List.of("GET /insights", "GET /insights/export", "GET /insights/report.pdf",
                "POST /insights/charts/saved", "GET /insights/households", "GET /api/v1/insights/coverage",
                "GET /api/v1/insights/overlaps", "GET /api/v1/insights/trends", "GET /api/v1/insights/freshness",
                "GET /api/v1/insights/households")) {
            RULES.put(route, STAFF);
        }
        RULES.put("GET /v3/api-docs", STAFF);
        RULES.put("GET /v3/api-docs.yaml", STAFF);
        RULES.put("GET /v3/api-docs/swagger-config", STAFF);
        RULES.put("GET /swagger-ui.html", STAFF);
        RULES.put("GET /account", STAFF);
        RULES.put("POST /account/password", STAFF);
        RULES.put("GET /account/totp", STAFF);
        RULES.put("POST /account/totp/enrol", STAFF);
        RULES.put("POST /account/totp/verify", STAFF);
    }

    /** Whether the table lets this staff member's role use the route. */
    static boolean allows(String route, Staff staff) {
        return RULES.getOrDefault(route, Set.of()).contains(Who.of(staff));
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyRegisteredRouteHasARuleAndEveryRoleGetsExactlyThat() {
        MatrixCity city = MatrixCity.of(context);
        MatrixClient client = new MatrixClient(mvc, jdbc);
        Map<String, Routes.Route> byKey = new LinkedHashMap<>();
        Routes.of(context).forEach(r -> byKey.putIfAbsent(r.key(), r));
        List<String> routes = List.copyOf(byKey.keySet());
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
                Answer answer = client.ask(requestFor(city, byKey.get(route)), who.staff);
                String outcome = answer.failure() != null ? "threw " + answer.failure()
                        : answer.status() + (answer.redirect() == null ? "" : " → " + answer.redirect());
                if (answer.failure() != null || answer.status() >= 500) {
                    // a request that got past security must still be answered, not fail: that is no "allowed"
                    wrong.add(route + " as " + who + ": " + outcome + " (a failure, neither allowed nor denied)");
                } else if (allowed == answer.refused()) {
                    wrong.add(route + " as " + who + ": " + outcome + " ("
                            + (allowed ? "should be allowed" : "should be denied") + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * The route with its variables filled: a GET with the city's own values (so that a page is rendered with
     * data, not a 404), anything else with values that name nothing (so that an allowed change changes nothing),
     * sent as its form sends it (a file upload as multipart), with a CSRF token, since this table is about roles.
     */
    private static AbstractMockHttpServletRequestBuilder<?> requestFor(MatrixCity city, Routes.Route route) {
        boolean get = route.get();
        String path = route.pattern().replace("/**", "/liveness");
        for (String variable : route.variables()) {
            String value = get ? PathValues.of(city, route.pattern(), variable).get(0) : PathValues.nothing(variable);
            path = path.replace("{" + variable + "}", value);
        }
        if (get) {
            return Routes.request(path);
        }
        if (route.takesFiles()) {
            return multipart(HttpMethod.valueOf(route.method()), path).with(csrf());
        }
        return request(HttpMethod.valueOf(route.method()), path).with(csrf());
    }
}
