package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static jp.tsunagu.security.Expectations.distinctive;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.japanese.JapaneseDates;

/**
 * The department list (page, JSON, CSV and Excel) of one program source, narrowed to the person's age so
 * that the person is on the first page: a department lists only the sources it may see in detail, so it
 * gets exactly the persons of that source and age (no one for a SUMMARY or NONE grant), with the program's
 * values as it may see them; recorded as SEARCH (the list) or EXPORT (the files) with the sources and the total.
 */
final class DepartmentProbes {

    private DepartmentProbes() {
    }

    static List<Probe> probes(MatrixCity city, String route, String path, boolean export) {
        List<Probe> probes = new ArrayList<>();
        String companionSource = city.companion.records().keySet().stream()
                .filter(s -> city.source(s).department().id().equals(MatrixCity.KODOMO)).findFirst().orElseThrow();
        probes.add(probe(city, route, path, export, city.elder, "kaigo-nintei"));
        probes.add(probe(city, route, path, export, city.parent, "jido-teate"));
        probes.add(probe(city, route, path, export, city.victim, "jido-teate"));
        probes.add(probe(city, route, path, export, city.companion, companionSource));
        return probes;
    }

    private static Probe probe(MatrixCity city, String route, String path, boolean export, MatrixCity.Resident person,
            String sourceId) {
        String age = Integer.toString(person.age());
        Staff sees = city.source(sourceId).department().id().equals(MatrixCity.KAIGO) ? Staff.KAIGO_VIEWER
                : Staff.KODOMO_CASEWORKER;
        // the page links the person by key but shows only the name; the JSON and the files show both
        List<String> personal = path.equals("/department") ? List.of(person.name())
                : List.of(person.name(), person.key());
        return new Probe(route, () -> get(path).param("source", sourceId).param("minAge", age).param("maxAge", age),
                sees, personal, null,
                (staff, answer, f) -> check(city, person, city.source(sourceId), export, staff, answer, f));
    }

    private static void check(MatrixCity city, MatrixCity.Resident person, SourceDefinition source, boolean export,
            Staff staff, Answer answer, Findings f) {
        if (!answered(f, answer)) {
            return;
        }
        Decoded body = answer.body();
        boolean listed = city.level(staff, source) == GrantLevel.DETAIL;
        f.checked(listed ? "department list with the person" : "department list without the source");
        // the persons of that source and age, by the registry: who the list must hold, no one else
        Map<String, Boolean> expected = new LinkedHashMap<>();
        if (listed) {
            LocalDate today = LocalDate.now(MatrixCity.TOKYO);
            city.jdbc.sql("""
                    SELECT p.person_key, p.birth_date, p.address_protected OR p.support_measure FROM person p
                     WHERE p.birth_date IS NOT NULL
                       AND p.person_key IN (SELECT r.person_key FROM source_record r WHERE r.source_id = :s)""")
                    .param("s", source.id()).query((rs, i) -> {
                        if (JapaneseDates.age(rs.getObject(2, LocalDate.class), today) == person.age()) {
                            expected.put(rs.getString(1), rs.getBoolean(3));
                        }
                        return null;
                    }).list();
        }
        f.that(body.rows.keySet().equals(expected.keySet()), "the persons of " + source.id() + " aged " + person.age()
                + (listed ? "" : " (none: not a DETAIL source)") + ": " + new TreeSet<>(expected.keySet()) + ", found "
                + new TreeSet<>(body.rows.keySet()));
        if (!listed) {
            f.that(!body.has(person.key()) && !body.has(person.name()), "nothing of " + person.key());
        } else {
            String row = body.row(person.key()).orElse("");
            f.that(row.contains(Decoded.norm(person.name())), "the name " + person.name());
            if (city.withholdsWhereabouts(person)) {
                f.that(row.contains(Decoded.norm(MatrixCity.HIDDEN)), "「" + MatrixCity.HIDDEN + "」 for the address");
                f.that(!body.has(person.address()), "no address of a 支援措置 person: " + person.address());
            } else {
                f.that(row.contains(Decoded.norm(person.address())), "the address " + person.address());
            }
            values(city, staff, person, source, row, f);
        }

        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "department");
        detail.put("sources", listed ? source.id() : "");
        detail.put("total", Integer.toString(expected.size()));
        if (export) {
            detail.put("rows", Integer.toString(expected.size()));
        }
        Expectations.oneAuditRow(f, answer, staff, export ? "EXPORT" : "SEARCH", null, detail,
                expected.containsValue(true));
    }

    /**
     * The program's values in the person's row: some value the department may see is there; a sensitive value
     * without the sensitive grant and a whereabouts value of a 支援措置 person are not.
     */
    private static void values(MatrixCity city, Staff staff, MatrixCity.Resident person, SourceDefinition source,
            String row, Findings f) {
        boolean withhold = city.withholdsWhereabouts(person);
        boolean sensitive = city.sensitive(staff, source);
        List<String> legitimate = new ArrayList<>(city.pageValues(person, staff));
        Set<String> visible = new TreeSet<>();
        for (Map<String, String> record : person.records().get(source.id())) {
            for (FieldDefinition field : source.fields()) {
                String raw = record.get(field.name());
                if (raw == null) {
                    continue;
                }
                boolean masked = field.sensitive() && !sensitive;
                boolean hidden = withhold && field.revealsWhereabouts();
                List<String> forms = List.of(MatrixCity.shown(field, raw, false), MatrixCity.shown(field, raw, true));
                if (!masked && !hidden) {
                    forms.stream().filter(v -> distinctive(v, legitimate)).forEach(visible::add);
                    continue;
                }
                f.checked(hidden ? "department value withheld (支援措置)" : "department value masked (sensitive)");
                for (String value : forms) {
                    f.that(!distinctive(value, legitimate) || !row.contains(Decoded.norm(value)),
                            source.id() + " " + field.label() + (hidden ? " (支援措置)" : " (sensitive)")
                                    + ": not the value " + value);
                }
            }
        }
        f.that(visible.stream().anyMatch(v -> row.contains(Decoded.norm(v))),
                source.id() + ": one of the values the department may see " + visible);
    }
}
