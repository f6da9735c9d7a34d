package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.GrantLevel;

/**
 * The procedures' routes (ライフイベント・手続き): the checklist page and its JSON, the worklist and its files,
 * and the life-event feed. Before the first request, caseworkers record life events of the city's persons
 * through the application's own form (65歳到達 of the elder by 介護保険課, 離婚 of the parent and of the 支援措置
 * person by こども支援課). An item's details follow the grant of its program's source (its own department sees
 * them, a SUMMARY department only 「手続きあり」, a NONE department nothing); a worklist holds only the
 * department's own open items; a 支援措置 person's 町丁目 is withheld.
 */
final class ProceduresProbes {

    private ProceduresProbes() {
    }

    /** Records the events once: the form refuses an event already recorded, which changes nothing. */
    static final Probe.Prepare EVENTS = mvc -> {
        for (String[] e : new String[][] {{"elder", "age-65"}, {"parent", "divorce"}, {"victim", "divorce"}}) {
            Staff staff = e[1].equals("age-65") ? Staff.KAIGO_CASEWORKER : Staff.KODOMO_CASEWORKER;
            mvc.perform(post("/procedures/persons/{k}/events", key(e[0])).param("kind", e[1])
                    .param("day", LocalDate.now(MatrixCity.TOKYO).minusDays(1).toString()).with(csrf())
                    .with(staff.login()));
        }
    };

    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    private static String key(String role) {
        return KEYS.get(role);
    }

    private static void remember(MatrixCity city) {
        KEYS.put("elder", city.elder.key());
        KEYS.put("parent", city.parent.key());
        KEYS.put("victim", city.victim.key());
    }

    /** {@code GET /procedures/persons/{personKey}} and its JSON. */
    static List<Probe> person(MatrixCity city, String route, boolean json) {
        remember(city);
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : List.of(city.elder, city.parent, city.victim)) {
            String path = json ? "/api/v1/persons/{k}/procedures" : "/procedures/persons/{k}";
            probes.add(new Probe(route, () -> get(path, person.key()), Staff.KAIGO_CASEWORKER,
                    json ? List.of(person.key()) : List.of(person.name()), EVENTS,
                    (staff, answer, f) -> checkPerson(city, person, staff, answer, f)));
        }
        return probes;
    }

    /** {@code GET /procedures} and its CSV and Excel files. */
    static List<Probe> worklist(MatrixCity city, String route, String path, boolean export) {
        remember(city);
        return List.of(new Probe(route, () -> get(path), Staff.KODOMO_CASEWORKER, List.of(city.parent.name()), EVENTS,
                (staff, answer, f) -> checkWorklist(city, staff, answer, export, f)));
    }

    /** {@code GET /api/v1/life-events}: only departments with the registry's detail receive events. */
    static List<Probe> feed(MatrixCity city, String route) {
        remember(city);
        return List.of(new Probe(route, () -> get("/api/v1/life-events"), Staff.KODOMO_CASEWORKER, List.of(), EVENTS,
                (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    boolean sees = city.level(staff, city.source("jumin-kiroku")) == GrantLevel.DETAIL;
                    for (MatrixCity.Resident r : List.of(city.elder, city.parent, city.victim)) {
                        f.that(sees == answer.body().has(r.key()), (sees ? "" : "no ") + "event of " + r.key());
                    }
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null, Map.of("feed", "life-events"), false);
                }));
    }

    /** {@code GET /procedures/persons/{personKey}/sheet.pdf}: the elder's sheet, read back as text. */
    static List<Probe> sheet(MatrixCity city, String route) {
        remember(city);
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : List.of(city.elder, city.victim)) {
            probes.add(new Probe(route, () -> get("/procedures/persons/{k}/sheet.pdf", person.key()),
                    Staff.KAIGO_CASEWORKER, List.of(person.name()), EVENTS, (staff, answer, f) -> {
                        if (!answered(f, answer)) {
                            return;
                        }
                        f.that(answer.body().has(person.name()), "the sheet names " + person.name());
                        f.that(!answer.body().has(person.address()), "no address on paper: " + person.address());
                        int visible = 0;
                        for (Map<String, String> item : items(city, "person_key = :v", person.key())) {
                            GrantLevel level = level(city, staff, item);
                            if (level != GrantLevel.NONE) {
                                visible++;
                            }
                            if (level == GrantLevel.DETAIL) {
                                f.that(answer.body().has(item.get("name")), "the sheet lists " + item.get("name"));
                            }
                        }
                        Expectations.oneAuditRow(f, answer, staff, "EXPORT", person.key(),
                                Map.of("items", Integer.toString(visible)), person.addressProtected());
                    }));
        }
        return probes;
    }

    private static void checkPerson(MatrixCity city, MatrixCity.Resident person, Staff staff, Answer answer, Findings f) {
        if (!answered(f, answer)) {
            return;
        }
        List<Map<String, String>> items = items(city, "person_key = :v", person.key());
        f.that(!items.isEmpty(), "the events of " + person.key() + " have items");
        List<String> shownNames = new ArrayList<>();
        int visible = 0;
        for (Map<String, String> item : items) {
            GrantLevel level = level(city, staff, item);
            if (level == GrantLevel.DETAIL) {
                shownNames.add(item.get("name"));
            }
            if (level != GrantLevel.NONE) {
                visible++;
            }
        }
        for (Map<String, String> item : items) {
            GrantLevel level = level(city, staff, item);
            String name = item.get("name");
            f.checked("procedure item " + level);
            if (level == GrantLevel.DETAIL) {
                f.that(answer.body().has(name), "the item's detail " + name);
            } else if (shownNames.stream().noneMatch(n -> Decoded.norm(n).contains(Decoded.norm(name)))) {
                f.that(!answer.body().has(name), "no detail of a " + level + " item: " + name);
            }
        }
        Expectations.oneAuditRow(f, answer, staff, "VIEW_PERSON", person.key(),
                Map.of("section", "procedures", "items", Integer.toString(visible)), person.addressProtected());
    }

    private static void checkWorklist(MatrixCity city, Staff staff, Answer answer, boolean export, Findings f) {
        if (!answered(f, answer)) {
            return;
        }
        List<Map<String, String>> open = items(city, "status IN ('OPEN', 'GUIDED') AND department_id = :v",
                staff.department);
        for (MatrixCity.Resident r : List.of(city.elder, city.parent, city.victim)) {
            boolean own = open.stream().anyMatch(i -> i.get("person").equals(r.key()));
            f.that(own == answer.body().has(r.name()), (own ? "" : "no ") + "row of " + r.name() + " for " + staff.department);
        }
        if (open.stream().anyMatch(i -> i.get("person").equals(city.victim.key()))) {
            f.checked("worklist 町丁目 withheld (支援措置)");
            String town = city.jdbc.sql("SELECT town FROM procedure_item WHERE person_key = :k LIMIT 1")
                    .param("k", city.victim.key()).query(String.class).single();
            f.that(answer.body().has(MatrixCity.HIDDEN), "「" + MatrixCity.HIDDEN + "」 for the 支援措置 person's 町丁目");
            f.that(town == null || !answer.body().has(town) || open.stream().anyMatch(i -> !i.get("person")
                    .equals(city.victim.key()) && town.equals(i.get("town"))), "not the town " + town);
        }
        Expectations.oneAuditRow(f, answer, staff, export ? "EXPORT" : "SEARCH", null,
                Map.of("list", "手続きの一覧", "total", Integer.toString(open.size())), false);
    }

    /** An item's level by the documented rule: its source's grant, else its own department only. */
    private static GrantLevel level(MatrixCity city, Staff staff, Map<String, String> item) {
        if (item.get("source") != null) {
            return city.level(staff, city.source(item.get("source")));
        }
        return staff.department.equals(item.get("department")) ? GrantLevel.DETAIL : GrantLevel.SUMMARY;
    }

    private static List<Map<String, String>> items(MatrixCity city, String where, String value) {
        return city.jdbc.sql("SELECT person_key, name, source_id, department_id, town FROM procedure_item WHERE " + where)
                .param("v", value).query((rs, i) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("person", rs.getString(1));
                    m.put("name", rs.getString(2));
                    m.put("source", rs.getString(3));
                    m.put("department", rs.getString(4));
                    m.put("town", rs.getString(5));
                    return m;
                }).list();
    }
}
