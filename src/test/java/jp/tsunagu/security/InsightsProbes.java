package jp.tsunagu.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The statistics' one personal route, the multi-need households list (複数の課が関わる世帯), screen and API: in the
 * matrix city no department may see every welfare program in detail, so everyone who may use the route gets the
 * page with none of the households' members, and the read is recorded (a search that named no one).
 */
final class InsightsProbes {

    private InsightsProbes() {
    }

    static List<Probe> households(MatrixCity city, String route, boolean api) {
        Awaitility.await("the matrix city's figures").pollInterval(Duration.ofMillis(200)).atMost(Duration.ofMinutes(2))
                .until(() -> city.jdbc.sql("SELECT count(*) FROM insights_period").query(Long.class).single() > 0);
        List<String> members = city.jdbc.sql("""
                SELECT p.name FROM insights_household h JOIN person p ON p.person_key = ANY(h.members)
                 ORDER BY p.person_key LIMIT 20""").query(String.class).list();
        String path = api ? "/api/v1/insights/households" : "/insights/households";
        String screen = api ? "api.insights.households" : "insights.households.html";
        // no one here may see these members, so the answer carries no personal value for the matrices'
        // "with the audit trail working, the data is there" (AuditUnavailableTests): the members are checked
        // absent below instead, and the route's 503 without an audit trail is still asked
        return List.of(new Probe(route, () -> get(path), Staff.ADMIN, List.of(), null, (staff, answer, f) -> {
            if (!Expectations.answered(f, answer)) {
                return;
            }
            f.that(!members.isEmpty(), "the matrix city has multi-need households to hide");
            for (String name : members) {
                f.that(!answer.body().has(name), "no department here sees every program: " + name + " is not shown");
            }
            Expectations.oneAuditRow(f, answer, staff, "SEARCH", null, Map.of("screen", screen, "persons", ""), false);
        }));
    }
}
