package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The audit screen's filters are bounded: a person key, staff ID, action or date longer than any real
 * one is refused with the reason, without being quoted back, read or recorded; a number that is not one
 * names its parameter. Filters at their bounds are searched.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-search-budget-f${tsunagu.test.fork:1}",
        "tsunagu.search.statement-timeout=2s"})
class AuditFilterBoundsTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditTrail trail;
    @Autowired
    JdbcClient jdbc;

    /** Each test audits as its own auditor, so that tests sharing the trail do not count each other's entries. */
    private final String auditor = "kansa-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void filtersLongerThanAnyRealOneAreRefusedWithoutBeingQuotedOrRecorded() throws Exception {
        String longKey = "1".repeat(AuditQuery.MAX_PERSON_KEY + 1);
        String longActor = "a".repeat(AuditQuery.MAX_ACTOR + 1);
        String longDate = "2025-04-01" + "9".repeat(AuditQuery.MAX_WORD);
        Map<Map<String, String>, String> refused = Map.of(
                Map.of("person", longKey), "宛名番号は64文字までです",
                Map.of("actor", longActor), "職員IDは128文字までです",
                Map.of("action", "X".repeat(33)), "操作は32文字までです",
                Map.of("from", longDate, "to", longDate), "開始日は32文字までです。終了日は32文字までです");
        for (var entry : refused.entrySet()) {
            String page = answer("/audit/events", entry.getKey(), 200);
            // the form keeps what was typed, to be corrected; the message names the filter without quoting it
            assertThat(alert(page)).as(entry.getKey().toString()).contains(entry.getValue())
                    .doesNotContain("X".repeat(33)).doesNotContain(longActor).doesNotContain(longKey)
                    .doesNotContain(longDate);
            assertThat(page).doesNotContain("該当");
            assertThat(answer("/audit/events.csv", entry.getKey(), 400)).doesNotContain("seq,");
        }
        assertThat(answer("/audit/persons/" + longKey, Map.of(), 200)).contains("宛名番号は64文字までです")
                .doesNotContain("該当");
        assertThat(answer("/audit/events", Map.of("before", "abc"), 400)).contains("before を読めません");
        assertThat(answer("/audit/events", Map.of("flagged", "maybe"), 400)).contains("flagged を読めません");
        assertThat(recorded()).as("nothing read, nothing recorded").isZero();
    }

    @Test
    void filtersAtTheirBoundsAreSearched() throws Exception {
        String actor = "b".repeat(AuditQuery.MAX_ACTOR - 8) + auditor.substring(6);
        trail.record(new AuditEvent(actor, AuditAction.SEARCH, null, Map.of("q", "境界"), false));

        String page = answer("/audit/events", Map.of("actor", actor, "person", "", "from", "令和7年4月1日",
                "action", "search"), 200);
        assertThat(page).contains("該当 1 件").contains(actor).doesNotContain("文字までです");
        assertThat(recorded()).isEqualTo(1);
    }

    private String answer(String path, Map<String, String> params, int status) throws Exception {
        MockHttpServletRequestBuilder request = get(path).with(user(auditor).roles("AUDITOR"));
        params.forEach(request::param);
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(path + " " + params).isEqualTo(status);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    /** The page's message paragraph. */
    private static String alert(String page) {
        int start = page.indexOf("role=\"alert\"");
        assertThat(start).as("a message is shown").isPositive();
        return page.substring(start, page.indexOf("</p>", start));
    }

    private long recorded() {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = :a").param("a", auditor).query(Long.class)
                .single();
    }
}
