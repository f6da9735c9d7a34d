package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every route marked {@code @PersonalData} (found on the handler mappings, not in a list), asked about the
 * city's persons by every staff member: each gets exactly what their role and their department's grants allow,
 * checked on the decoded body both ways (what must be there is, what must not be is not), and the audit row
 * that request wrote names the right actor, person, action and detail. A role the route is not for gets 403,
 * none of the data and no read in the audit trail.
 */
@MatrixTest
class PersonalDataMatrixTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyMarkedRouteGivesEachDepartmentExactlyWhatItsGrantsAllowAndRecordsWhoSawWhom() throws Exception {
        MatrixCity city = MatrixCity.of(context);
        MatrixClient client = new MatrixClient(mvc, jdbc);
        List<Routes.Route> marked = Routes.of(context).stream().filter(Routes.Route::personalData).toList();
        Set<String> keys = new TreeSet<>(marked.stream().map(Routes.Route::key).toList());
        assertThat(keys).as("marked routes without a way to ask them in PersonalRoutes.TABLE")
                .allMatch(PersonalRoutes.TABLE::containsKey);
        Set<String> all = new TreeSet<>(Routes.of(context).stream().map(Routes.Route::key).toList());
        assertThat(PersonalRoutes.TABLE.keySet()).as("PersonalRoutes.TABLE entries for routes that no longer exist")
                .allMatch(all::contains);

        Findings findings = new Findings();
        for (String route : keys) {
            for (Probe probe : PersonalRoutes.probes(city, route)) {
                if (probe.prepare() != null) {
                    probe.prepare().run(mvc);
                }
                for (Staff staff : Staff.values()) {
                    Answer answer = client.ask(probe.request().get(), staff);
                    findings.about(route + " | " + probe.describe() + " as " + staff);
                    if (RouteAccessMatrixTests.allows(route, staff)) {
                        probe.expect().check(staff, answer, findings);
                    } else {
                        Expectations.refused(findings, answer, probe.personal());
                    }
                }
            }
        }
        assertThat(findings.cases()).as("the kinds of case the city gives the matrix to check").containsKeys(
                "overview card DETAIL", "overview card SUMMARY", "overview card NONE",
                "overview field masked (sensitive)", "overview field withheld (支援措置)",
                "search program under a NONE grant", "search address withheld (支援措置)",
                "department list with the person", "department list without the source",
                "department value masked (sensitive)", "documents list owner", "documents list other department",
                "document page shown", "document content shown", "document content refused", "inbox recipient",
                "inbox sender", "inbox other");
        PersonalRoutes.assertOnlyKnownGaps(findings, keys, "route-matrix-personal.txt");
    }
}
