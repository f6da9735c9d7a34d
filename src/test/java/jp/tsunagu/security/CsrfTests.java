package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * Every route that changes something (every method but GET, from the handler mappings), sent without a CSRF
 * token by a logged-in staff member whose role may use it (the administrator where the route is theirs) with
 * the city's own values and a form that would otherwise do the change: refused with 403, and the tables such a
 * request could change are exactly as before.
 */
@MatrixTest
class CsrfTests {

    /** Forms that, with a token, would change something. */
    static final Map<String, Map<String, String>> FORMS = Map.of(
            "POST /persons/{personKey}/break-glass", Map.of("reason", "本人の安否確認が急ぎ必要なため (行列試験)"),
            "POST /admin/departments", Map.of("id", "matrix-csrf", "name", "偽造課", "extension", "内線 0000"),
            "POST /admin/staff", Map.of("username", "matrix-csrf", "displayName", "偽造 職員", "password",
                    "matrix-csrf-password-1", "role", "ADMIN", "departmentId", MatrixCity.KANRI),
            "POST /admin/grants/{department}/{source}", Map.of("level", "DETAIL", "sensitive", "true"),
            "POST /admin/grants/protected-addresses", Map.of("department", MatrixCity.MADOGUCHI, "allowed", "true"),
            "POST /admin/tokens", Map.of("name", "偽造", "departmentId", MatrixCity.KANRI, "endpoints",
                    "/api/v1/persons"),
            "POST /imports/upload", Map.of("sourceId", MatrixCity.HOUMON),
            "POST /procedures/items/{itemId}", Map.of("action", "done", "version", "1"),
            "POST /procedures/persons/{personKey}/events", Map.of("kind", "job-loss", "day", "2026-03-01"),
            "POST /procedures/persons/{personKey}/items", Map.of("event", "1", "program", "偽造", "name", "偽造"));

    /** Files that, with a token, would be imported. */
    static final Map<String, String> FILES = Map.of(
            "POST /imports/upload", "宛名番号,訪問メモ,訪問日,健康状態\n{elder},偽造,2026-03-09,偽造\n",
            "POST /admin/staff/import", "職員ID,氏名,所属ID,所属名,役割\nmatrix-csrf,偽造 職員," + MatrixCity.KANRI + ",情報政策課,管理者\n");

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyChangeWithoutACsrfTokenIsRefusedAndChangesNothing() {
        MatrixCity city = MatrixCity.of(context);
        MatrixClient client = new MatrixClient(mvc, jdbc);
        List<Routes.Route> changes = Routes.of(context).stream().filter(r -> !r.get()).toList();
        assertThat(changes).as("routes that change something").isNotEmpty();
        List<String> wrong = new ArrayList<>();
        for (Routes.Route route : changes) {
            Staff staff = RouteAccessMatrixTests.allows(route.key(), Staff.ADMIN) ? Staff.ADMIN
                    : java.util.Arrays.stream(Staff.values()).filter(s -> RouteAccessMatrixTests.allows(route.key(), s))
                            .findFirst().orElseThrow(() -> new AssertionError("no one may use " + route.key()));
            String before = fingerprint();
            Answer answer = client.ask(request(city, route), staff);
            String context = route.key() + " as " + staff;
            if (answer.failure() != null) {
                wrong.add(context + ": threw " + answer.failure());
            } else if (answer.status() != 403) {
                wrong.add(context + ": " + answer.status() + " without a CSRF token (403 expected)");
            }
            if (!before.equals(fingerprint())) {
                wrong.add(context + ": changed " + difference(before, fingerprint()));
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static AbstractMockHttpServletRequestBuilder<?> request(MatrixCity city, Routes.Route route) {
        String path = route.pattern();
        for (String variable : route.variables()) {
            path = path.replace("{" + variable + "}", PathValues.of(city, route.pattern(), variable).get(0));
        }
        AbstractMockHttpServletRequestBuilder<?> request = route.takesFiles()
                ? multipart(path).file(new MockMultipartFile("file", "matrix.csv", "text/csv", FILES.getOrDefault(
                        route.key(), "").replace("{elder}", city.elder.key()).getBytes(StandardCharsets.UTF_8)))
                : post(path);
        FORMS.getOrDefault(route.key(), Map.of()).forEach(request::param);
        return request;
    }

    /**
     * What a change could touch, one line a table: accounts, departments, grants, 緊急閲覧, tokens, imports and
     * sources whole, and the audit trail by its last row (a refused request records nothing).
     */
    private String fingerprint() {
        StringBuilder lines = new StringBuilder();
        for (String table : List.of("staff_account", "department", "source_grant", "break_glass", "api_token",
                "import_run", "source", "life_event", "procedure_item", "procedure_item_history")) {
            String rows = jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                    + " FROM " + table + " t").query(String.class).single();
            lines.append(table).append(' ').append(rows).append('\n');
        }
        lines.append("audit_event ").append(jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_event")
                .query(Long.class).single());
        return lines.toString();
    }

    private static String difference(String before, String after) {
        List<String> a = List.of(after.split("\n"));
        return List.of(before.split("\n")).stream().filter(l -> !a.contains(l)).map(l -> l.split(" ")[0]).toList()
                .toString();
    }
}
