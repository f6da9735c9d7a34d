package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The auditors' screens: before each request, 介護保険課 looks at the elder and at the 支援措置 person (flagged) and
 * こども支援課 at the 住登外 twin; each screen shows the entries its filter selects and not the others, and is
 * itself recorded (auditors are audited too).
 */
final class AuditScreenProbes {

    private AuditScreenProbes() {
    }

    static List<Probe> start(MatrixCity city, String route) {
        return List.of(new Probe(route, () -> get("/audit"), Staff.AUDITOR, List.of(city.victim.key()), looks(city),
                (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(city.victim.key()), "the flagged look at " + city.victim.key());
                    f.that(!answer.body().has(city.twin.key()), "no unflagged entry: " + city.twin.key());
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "start", "flagged", "true"), false);
                }));
    }

    static List<Probe> events(MatrixCity city, String route) {
        String key = city.elder.key();
        return List.of(new Probe(route, () -> get("/audit/events").param("person", key), Staff.AUDITOR,
                List.of(key, Staff.KAIGO_VIEWER.username), looks(city), (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(Staff.KAIGO_VIEWER.username), "who looked at " + key);
                    f.that(!answer.body().has(city.twin.key()), "no entry of another person: " + city.twin.key());
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", key,
                            Map.of("screen", "events", "person", key), false);
                }));
    }

    static List<Probe> csv(MatrixCity city, String route) {
        String key = city.elder.key();
        return List.of(new Probe(route, () -> get("/audit/events.csv").param("person", key), Staff.AUDITOR,
                List.of(key, Staff.KAIGO_VIEWER.username), looks(city), (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(key) && answer.body().has(Staff.KAIGO_VIEWER.username),
                            "the entries of " + key);
                    f.that(!answer.body().has(city.twin.key()), "no entry of another person: " + city.twin.key());
                    long rows = answer.audit().isEmpty() ? -1 : city.jdbc.sql(
                            "SELECT count(*) FROM audit_event WHERE person_key = :k AND seq < :s")
                            .param("k", key).param("s", answer.audit().get(0).seq()).query(Long.class).single();
                    Map<String, String> detail = new LinkedHashMap<>();
                    detail.put("person", key);
                    detail.put("format", "csv");
                    detail.put("rows", Long.toString(rows));
                    Expectations.oneAuditRow(f, answer, staff, "EXPORT", key, detail, false);
                }));
    }

    static List<Probe> person(MatrixCity city, String route) {
        String key = city.elder.key();
        return List.of(new Probe(route, () -> get("/audit/persons/" + key), Staff.AUDITOR,
                List.of(Staff.KAIGO_VIEWER.username), looks(city), (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(Staff.KAIGO_VIEWER.username), "who looked at " + key);
                    f.that(!answer.body().has(city.twin.key()), "no entry of another person: " + city.twin.key());
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", key,
                            Map.of("screen", "person", "person", key), false);
                }));
    }

    static List<Probe> user(MatrixCity city, String route) {
        String user = Staff.KAIGO_VIEWER.username;
        return List.of(new Probe(route, () -> get("/audit/users/" + user), Staff.AUDITOR,
                List.of(city.elder.key(), city.victim.key()), looks(city), (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(city.elder.key()) && answer.body().has(city.victim.key()),
                            "the persons " + user + " looked at");
                    f.that(!answer.body().has(city.twin.key()), "no one else's look: " + city.twin.key());
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "user", "actor", user), false);
                }));
    }

    /** The looks the audit screens show: recorded by the overview itself. */
    private static Probe.Prepare looks(MatrixCity city) {
        return (MockMvc mvc) -> {
            mvc.perform(get("/persons/" + city.elder.key()).with(Staff.KAIGO_VIEWER.login()));
            mvc.perform(get("/persons/" + city.victim.key()).with(Staff.KAIGO_VIEWER.login()));
            mvc.perform(get("/persons/" + city.twin.key()).with(Staff.KODOMO_CASEWORKER.login()));
        };
    }
}
