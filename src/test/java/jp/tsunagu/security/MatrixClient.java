package jp.tsunagu.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/** Sends the matrix's requests and reads the audit rows each one wrote. */
final class MatrixClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;
    private final JdbcClient jdbc;

    MatrixClient(MockMvc mvc, JdbcClient jdbc) {
        this.mvc = mvc;
        this.jdbc = jdbc;
    }

    /**
     * Sends the request as this staff member ({@code null}: nobody logged in). An exception thrown out of the
     * application is an answer too, a failed one: in a servlet container it would be a 500.
     */
    Answer ask(AbstractMockHttpServletRequestBuilder<?> request, Staff staff) {
        long before = auditHead();
        try {
            MockHttpServletResponse response = mvc.perform(staff == null ? request : request.with(staff.login()))
                    .andReturn().getResponse();
            return new Answer(response.getStatus(), response.getRedirectedUrl(), Decoded.of(response),
                    auditAfter(before), null);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new Answer(500, null, null, auditAfter(before), e.getClass().getSimpleName() + ": " + root);
        }
    }

    /** The request as a person would type it: method, path and query. */
    static String describe(AbstractMockHttpServletRequestBuilder<?> request) {
        var built = request.buildRequest(new org.springframework.mock.web.MockServletContext());
        StringBuilder query = new StringBuilder();
        built.getParameterMap().forEach((name, values) -> {
            for (String value : values) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value);
            }
        });
        return built.getMethod() + " " + built.getRequestURI() + query;
    }

    long auditHead() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_event").query(Long.class).single();
    }

    List<Answer.AuditRow> auditAfter(long seq) {
        return jdbc.sql("""
                SELECT seq, actor, action, person_key, detail, flagged FROM audit_event WHERE seq > :s ORDER BY seq""")
                .param("s", seq)
                .query((rs, i) -> new Answer.AuditRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        detail(rs.getString(5)), rs.getBoolean(6)))
                .list();
    }

    private static Map<String, String> detail(String json) {
        Map<String, String> detail = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(e -> detail.put(e.getKey(), e.getValue().asString()));
        return detail;
    }
}
