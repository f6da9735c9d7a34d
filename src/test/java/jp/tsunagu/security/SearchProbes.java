package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.importing.SourceDefinition;

/**
 * The search, as a page and as JSON, by the person's kana: the person is found with their name and key; a
 * 支援措置 person's address and household are withheld; the program badges are those of the sources the
 * department may know about (a NONE grant leaves the program out); the search is recorded with its terms and
 * the number of results, flagged when a protected person is among them.
 */
final class SearchProbes {

    private SearchProbes() {
    }

    static List<Probe> probes(MatrixCity city, String route, boolean json) {
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : city.residents()) {
            probes.add(new Probe(route, () -> get(json ? "/api/v1/persons" : "/search").param("q", person.kana()),
                    Staff.KAIGO_VIEWER, List.of(person.name(), person.key()), null,
                    (staff, answer, f) -> check(city, person, json, staff, answer, f)));
        }
        return probes;
    }

    private static void check(MatrixCity city, MatrixCity.Resident person, boolean json, Staff staff, Answer answer,
            Findings f) {
        if (!answered(f, answer)) {
            return;
        }
        Decoded body = answer.body();
        f.that(body.row(person.key()).isPresent(), "a result for " + person.key());
        String row = body.row(person.key()).orElse("");
        f.that(row.contains(Decoded.norm(person.name())), "the name in the result");
        if (city.withholdsWhereabouts(person)) {
            f.checked("search address withheld (支援措置)");
            f.that(row.contains(Decoded.norm(MatrixCity.HIDDEN)), "「" + MatrixCity.HIDDEN + "」 for the address");
            f.that(!body.has(person.address()), "no address of a 支援措置 person: " + person.address());
            f.that(person.householdKey() == null || person.householdKey().equals(person.key())
                    || !row.contains(person.householdKey()), "no household key of a 支援措置 person");
        } else {
            f.that(row.contains(Decoded.norm(person.address())), "the address " + person.address());
        }

        Set<String> shown = new TreeSet<>();
        Set<String> hidden = new TreeSet<>();
        for (String sourceId : person.records().keySet()) {
            SourceDefinition source = city.source(sourceId);
            if (!source.role().isMaster()) {
                (city.level(staff, source) == GrantLevel.NONE ? hidden : shown).add(source.program());
            }
        }
        hidden.removeAll(shown);
        if (!hidden.isEmpty()) {
            f.checked("search program under a NONE grant");
        }
        if (json) {
            Set<String> programs = new TreeSet<>();
            for (var result : body.json.get("persons")) {
                if (result.path("personKey").asString().equals(person.key())) {
                    result.path("programs").forEach(p -> programs.add(p.asString()));
                }
            }
            f.that(programs.equals(shown), "programs " + shown + ", found " + programs);
        } else {
            shown.forEach(p -> f.that(row.contains(Decoded.norm(p)), "the program " + p));
            hidden.forEach(p -> f.that(!row.contains(Decoded.norm(p)), "no program under a NONE grant: " + p));
        }

        boolean flagged = !body.rows.isEmpty() && city.jdbc.sql("""
                SELECT bool_or(address_protected OR support_measure) FROM person WHERE person_key IN (:k)""")
                .param("k", new ArrayList<>(body.rows.keySet())).query(Boolean.class).single();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("q", person.kana());
        detail.put("results", Integer.toString(body.rows.size()));
        Expectations.oneAuditRow(f, answer, staff, "SEARCH", null, detail, flagged);
    }
}
