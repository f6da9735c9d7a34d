package jp.tsunagu.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;

/**
 * The evacuation-support list's routes (避難行動要支援者): a district's list on screen and as JSON, one person,
 * the consent mailing list as xlsx and as letters in PDF, the 安否確認 page and a handover. Asked about a person
 * the list holds ({@code listed}: in a district, not 支援措置) and a resident of the same district who is not on
 * it ({@code notListed}), decided here from the module's and the index's tables.
 */
final class EvacuationProbes {

    private EvacuationProbes() {
    }

    /** A person on the list and a neighbour who is not, in one district. */
    record Pair(String district, String listedKey, String listedName, String otherKey, String otherName) {
    }

    static List<String> districts(MatrixCity city) {
        return List.of(pair(city).district());
    }

    static Pair pair(MatrixCity city) {
        String district = city.jdbc.sql("""
                SELECT district_id FROM evac_person WHERE district_id IS NOT NULL ORDER BY person_key LIMIT 1""")
                .query(String.class).single();
        // the first in the list's own order (kana), so that the district's first page shows them
        Map<String, Object> listed = city.jdbc.sql("""
                SELECT e.person_key, e.district_id, p.name, p.address FROM evac_person e JOIN person p USING (person_key)
                 WHERE e.district_id = :d AND NOT p.support_measure AND NOT p.address_protected
                   AND (SELECT count(*) FROM person o WHERE o.name = p.name) = 1
                 ORDER BY p.kana_key COLLATE "C", p.person_key LIMIT 1""").param("d", district).query().singleRow();
        String town = city.jdbc.sql("SELECT town FROM evac_person WHERE person_key = :k")
                .param("k", listed.get("person_key")).query(String.class).single();
        Map<String, Object> other = city.jdbc.sql("""
                SELECT p.person_key, p.name FROM person p
                 WHERE p.status = '住民' AND p.address LIKE :town AND NOT p.support_measure
                   AND NOT EXISTS (SELECT 1 FROM evac_person e WHERE e.person_key = p.person_key)
                   AND (SELECT count(*) FROM person o WHERE o.name = p.name) = 1
                 ORDER BY p.person_key LIMIT 1""").param("town", "埼玉県狭山市" + town + "%").query().singleRow();
        return new Pair((String) listed.get("district_id"), (String) listed.get("person_key"), (String) listed.get("name"),
                (String) other.get("person_key"), (String) other.get("name"));
    }

    /** A listed person nobody has asked for consent yet (the mailing list's), and the same neighbour. */
    static Pair unasked(MatrixCity city) {
        Pair p = pair(city);
        Map<String, Object> row = city.jdbc.sql("""
                SELECT e.person_key, p.name FROM evac_person e JOIN person p USING (person_key)
                 WHERE NOT p.support_measure AND NOT p.address_protected
                   AND NOT EXISTS (SELECT 1 FROM evac_consent c WHERE c.person_key = e.person_key)
                   AND NOT EXISTS (SELECT 1 FROM evac_consent_asked a WHERE a.person_key = e.person_key)
                   AND (SELECT count(*) FROM person o WHERE o.name = p.name) = 1
                 ORDER BY e.person_key DESC LIMIT 1""").query().singleRow();
        return new Pair(p.district(), (String) row.get("person_key"), (String) row.get("name"), p.otherKey(),
                p.otherName());
    }

    static List<Probe> district(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/evacuation/districts/" + p.district()), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "evacuation.district", "district", p.district()), null);
                }));
    }

    static List<Probe> apiDistrict(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/api/v1/evacuation/persons").param("district", p.district()),
                Staff.ADMIN, List.of(p.listedName(), p.listedKey()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    f.that(answer.body().json != null && answer.body().json.get("persons").isArray(), "a JSON list");
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "api.evacuation.persons", "district", p.district()), null);
                }));
    }

    static List<Probe> person(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/evacuation/persons/" + p.listedKey()), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(p.listedName()), "the name " + p.listedName());
                    f.that(!answer.body().has(p.otherName()), "no one else: " + p.otherName());
                    Expectations.oneAuditRow(f, answer, staff, "VIEW_PERSON", p.listedKey(),
                            Map.of("screen", "evacuation.person"), false);
                }));
    }

    static List<Probe> apiPerson(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/api/v1/evacuation/persons/" + p.listedKey()), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(p.listedName()), "the name " + p.listedName());
                    f.that(!answer.body().has(p.otherName()), "no one else: " + p.otherName());
                    Expectations.oneAuditRow(f, answer, staff, "VIEW_PERSON", p.listedKey(),
                            Map.of("screen", "api.evacuation.person"), false);
                }));
    }

    static List<Probe> mailing(MatrixCity city, String route) {
        Pair p = unasked(city);
        return List.of(new Probe(route, () -> get("/evacuation/consent/mailing.xlsx"), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    Expectations.oneAuditRow(f, answer, staff, "EXPORT", null,
                            Map.of("screen", "evacuation.mailing", "format", "xlsx"), false);
                }));
    }

    static List<Probe> letters(MatrixCity city, String route) {
        Pair p = unasked(city);
        return List.of(new Probe(route, () -> get("/evacuation/consent/letters.pdf"), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    Expectations.oneAuditRow(f, answer, staff, "EXPORT", null,
                            Map.of("screen", "evacuation.letters", "format", "pdf"), false);
                }));
    }

    /** The phone page: outside a disaster a drill view of the district (nothing can be recorded). */
    static List<Probe> safety(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/evacuation/safety").param("district", p.district()), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "evacuation.safety", "district", p.district()), null);
                }));
    }

    /**
     * A list given to a 民生委員: the listed person consented to it (recorded first, through the screen), the
     * neighbour is not on the list; no person key leaves.
     */
    static List<Probe> handover(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> post("/evacuation/handovers").param("district", p.district())
                .param("purpose", "MINSEI").param("recipient", "行列試験 民生委員").param("format", "xlsx").with(csrf()),
                Staff.ADMIN, List.of(p.listedName()), mvc -> mvc.perform(post("/evacuation/persons/" + p.listedKey()
                        + "/consent").param("purpose", "MINSEI").param("answer", "AGREED").param("answeredOn", "2026-11-01")
                        .param("method", "VISIT").with(Staff.ADMIN.login()).with(csrf())), (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    f.that(!answer.body().has(p.listedKey()), "no person key leaves: " + p.listedKey());
                    Expectations.oneAuditRow(f, answer, staff, "EXPORT", null, Map.of("screen", "evacuation.handover",
                            "district", p.district(), "withoutConsent", "false"), false);
                }));
    }

    static List<Probe> map(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/evacuation/map").param("district", p.district()), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "evacuation.map", "district", p.district()), false);
                }));
    }

    static List<Probe> plan(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/evacuation/persons/" + p.listedKey() + "/plan"), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    Expectations.oneAuditRow(f, answer, staff, "VIEW_PERSON", p.listedKey(),
                            Map.of("screen", "evacuation.plan"), false);
                }));
    }

    static List<Probe> planPdf(MatrixCity city, String route) {
        Pair p = pair(city);
        return List.of(new Probe(route, () -> get("/evacuation/persons/" + p.listedKey() + "/plan.pdf"), Staff.ADMIN,
                List.of(p.listedName()), null, (staff, answer, f) -> {
                    if (!Expectations.answered(f, answer)) {
                        return;
                    }
                    listsOneNotTheOther(f, answer, p);
                    f.that(!answer.body().has(p.listedKey()), "no person key on the paper: " + p.listedKey());
                    Expectations.oneAuditRow(f, answer, staff, "EXPORT", p.listedKey(),
                            Map.of("screen", "evacuation.plan", "format", "pdf"), false);
                }));
    }

    private static void listsOneNotTheOther(Findings f, Answer answer, Pair p) {
        f.that(answer.body().has(p.listedName()), "the listed person " + p.listedName());
        f.that(!answer.body().has(p.otherName()), "not the neighbour who is not on the list: " + p.otherName());
    }
}
