package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.GrantLevel;

/**
 * The administrators' data-quality lists and the import report: the suspected duplicates (a 支援措置 person's
 * address withheld there too), a source's records whose key the index does not know (and not the records it
 * does know), and a rejected run's report, which names the key of the rows it rejected.
 */
final class AdminProbes {

    private AdminProbes() {
    }

    static List<Probe> duplicates(MatrixCity city, String route) {
        MatrixCity.Resident victim = city.victim;
        MatrixCity.Resident twin = city.twin;
        return List.of(new Probe(route, () -> get("/admin/quality/duplicates"), Staff.ADMIN,
                List.of(victim.name(), victim.key(), twin.key()), null, (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    Decoded body = answer.body();
                    f.that(body.row(victim.key()).isPresent() && body.row(twin.key()).isPresent(),
                            "the group of " + victim.key() + " and " + twin.key());
                    f.that(body.has(victim.name()), "the name " + victim.name());
                    f.that(body.row(victim.key()).orElse("").contains(Decoded.norm(MatrixCity.HIDDEN)),
                            "「" + MatrixCity.HIDDEN + "」 for the 支援措置 person's address");
                    f.that(!body.has(victim.address()), "no address of a 支援措置 person: " + victim.address());
                    f.that(body.row(twin.key()).orElse("").contains(Decoded.norm(twin.address())),
                            "the address of the other person " + twin.address());
                    f.that(!body.has(city.elder.key()), "no one without a duplicate: " + city.elder.key());
                    long groups = city.jdbc.sql("""
                            SELECT count(*) FROM (SELECT 1 FROM person WHERE kana_key <> '' AND birth_date IS NOT NULL
                                                   GROUP BY kana_key, birth_date HAVING count(*) > 1) g""")
                            .query(Long.class).single();
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "quality.duplicates", "groups", Long.toString(groups)), true);
                }));
    }

    static List<Probe> unindexed(MatrixCity city, String route) {
        return List.of(new Probe(route, () -> get("/admin/quality/unindexed/" + MatrixCity.HOUMON), Staff.ADMIN,
                List.of(city.unindexedKey), null, (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(city.unindexedKey), "the unindexed key " + city.unindexedKey);
                    f.that(!answer.body().has(city.elder.key()), "no record the index knows: " + city.elder.key());
                    Map<String, String> detail = new LinkedHashMap<>();
                    detail.put("screen", "quality.unindexed");
                    detail.put("source", MatrixCity.HOUMON);
                    detail.put("total", "1");
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null, detail, false);
                }));
    }

    /** Who an applied import added: the keys of its records, for administrators, each look recorded. */
    static List<Probe> importChanges(MatrixCity city, String route) {
        long run = city.jdbc.sql("SELECT current_run FROM source WHERE source_id = :s").param("s", MatrixCity.HOUMON)
                .query(Long.class).single();
        return List.of(new Probe(route, () -> get("/admin/imports/runs/" + run + "/changes"), Staff.ADMIN,
                List.of(city.elder.key(), city.unindexedKey), null, (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has(city.elder.key()), "the added key " + city.elder.key());
                    f.that(answer.body().has(city.unindexedKey), "the added key " + city.unindexedKey);
                    f.that(!answer.body().has(city.parent.key()), "no key the run did not touch: " + city.parent.key());
                    f.that(!answer.body().has("行列試験の体調所見甲"), "no value of a record");
                    Map<String, String> detail = new LinkedHashMap<>();
                    detail.put("screen", "imports.changes");
                    detail.put("run", Long.toString(run));
                    detail.put("source", MatrixCity.HOUMON);
                    detail.put("shown", "2");
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null, detail, null);
                }));
    }
}
