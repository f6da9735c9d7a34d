package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * When the audit trail cannot be written (its head table is renamed away, so every append fails), every route
 * marked {@code @PersonalData} answers 503 and its body holds none of the data — data that the same request,
 * by the same staff member, got a moment before while the trail could be written.
 */
@MatrixTest
class AuditUnavailableTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyMarkedRouteAnswers503WithoutTheDataWhenTheAuditTrailCannotBeWritten() throws Exception {
        MatrixCity city = MatrixCity.of(context);
        MatrixClient client = new MatrixClient(mvc, jdbc);
        Set<String> marked = new TreeSet<>(Routes.of(context).stream().filter(Routes.Route::personalData)
                .map(Routes.Route::key).toList());
        List<Probe> probes = new ArrayList<>();
        Findings findings = new Findings();
        for (String route : marked) {
            List<Probe> ofRoute = PersonalRoutes.probes(city, route);
            assertThat(ofRoute).as("a way to ask " + route + " in PersonalRoutes.TABLE").isNotEmpty();
            for (Probe probe : ofRoute) {
                if (probe.prepare() != null) {
                    probe.prepare().run(mvc);
                }
                Answer written = client.ask(probe.request().get(), probe.sees());
                findings.about(route + " | " + probe.describe() + " as " + probe.sees());
                findings.that(written.status() == 200 && written.body() != null
                        && probe.personal().stream().allMatch(written.body()::has),
                        "with the audit trail working, the data is there: " + probe.personal());
                probes.add(probe);
            }
        }

        jdbc.sql("ALTER TABLE audit_head RENAME TO audit_head_away").update();
        try {
            for (Probe probe : probes) {
                Answer withheld = client.ask(probe.request().get(), probe.sees());
                findings.about(probe.route() + " | " + probe.describe() + " as " + probe.sees() + " without audit");
                findings.that(withheld.failure() == null, "no exception: " + withheld.failure());
                findings.that(withheld.status() == 503, "503, got " + withheld.status());
                if (withheld.body() != null) {
                    for (String value : probe.personal()) {
                        findings.that(!withheld.body().has(value), "withholds " + value);
                    }
                }
            }
        } finally {
            jdbc.sql("ALTER TABLE audit_head_away RENAME TO audit_head").update();
        }
        PersonalRoutes.assertOnlyKnownGaps(findings, marked, "route-matrix-audit-unavailable.txt");
    }
}
