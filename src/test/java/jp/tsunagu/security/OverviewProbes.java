package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static jp.tsunagu.security.Expectations.distinctive;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.SourceDefinition;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The person overview, as a page and as JSON, now and as of a day: per program source, a DETAIL grant shows
 * the fields (a sensitive one masked without the sensitive grant, a whereabouts one withheld for a 支援措置
 * person), SUMMARY shows 「関わりあり」 with the owner and none of the values, NONE leaves the card out; the
 * read is recorded as VIEW_PERSON of that person, with the sources seen in detail and in summary.
 */
final class OverviewProbes {

    private OverviewProbes() {
    }

    static List<Probe> probes(MatrixCity city, String route, boolean json) {
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : city.residents()) {
            String path = json ? "/api/v1/persons/" + person.key() + "/overview" : "/persons/" + person.key();
            probes.add(probe(city, route, () -> get(path), person, null));
            LocalDate today = LocalDate.now(MatrixCity.TOKYO);
            probes.add(probe(city, route, () -> get(path).param("asOf", today.toString()), person, today));
        }
        return probes;
    }

    private static Probe probe(MatrixCity city, String route, Supplier<MockHttpServletRequestBuilder> request,
            MatrixCity.Resident person, LocalDate asOf) {
        Staff sees = person.records().containsKey("kaigo-nintei") ? Staff.KAIGO_CASEWORKER : Staff.KODOMO_CASEWORKER;
        return new Probe(route, request, sees, List.of(person.name(), person.key()), null,
                (staff, answer, f) -> check(city, person, asOf, staff, answer, f));
    }

    private static void check(MatrixCity city, MatrixCity.Resident person, LocalDate asOf, Staff staff, Answer answer,
            Findings f) {
        if (!answered(f, answer)) {
            return;
        }
        Decoded body = answer.body();
        f.that(body.has(person.name()), "the person's name " + person.name());
        f.that(body.has(person.key()), "the person's key");
        boolean withhold = city.withholdsWhereabouts(person);
        if (withhold) {
            f.that(body.has(MatrixCity.HIDDEN), "「" + MatrixCity.HIDDEN + "」 for a 支援措置 person's address");
            f.that(!body.has(person.address()), "no address of a 支援措置 person: " + person.address());
        } else {
            f.that(body.has(person.address()), "the address " + person.address());
        }

        List<String> legitimate = new ArrayList<>(city.pageValues(person, staff));
        legitimate.addAll(Expectations.today());
        legitimate.addAll(List.of(MatrixCity.HIDDEN, MatrixCity.MASKED, "関わりあり", "緊急閲覧"));
        Map<SourceDefinition, GrantLevel> levels = new LinkedHashMap<>();
        for (String sourceId : person.records().keySet()) {
            SourceDefinition source = city.source(sourceId);
            if (source.role().isMaster()) {
                continue;
            }
            GrantLevel level = city.level(staff, source);
            levels.put(source, level);
            if (level != GrantLevel.NONE) {
                legitimate.addAll(List.of(source.program(), source.name(), source.department().name(),
                        String.valueOf(source.department().contact())));
            }
            if (level == GrantLevel.DETAIL) {
                for (Map<String, String> record : person.records().get(sourceId)) {
                    for (FieldDefinition field : source.fields()) {
                        if (record.containsKey(field.name())) {
                            legitimate.add(field.label());
                            legitimate.add(expected(city, staff, person, source, field, record.get(field.name())));
                        }
                    }
                }
            }
        }

        List<String> detail = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        levels.forEach((source, level) -> {
            Optional<String> card = body.card(source.id());
            String what = source.id() + " (" + level + ")";
            f.checked("overview card " + level);
            switch (level) {
                case NONE -> {
                    f.that(card.isEmpty(), what + ": no card");
                    f.that(!body.has(source.name()) || legitimate.stream().anyMatch(l -> !l.equals(source.name())
                            && Decoded.norm(l).contains(Decoded.norm(source.name()))), what + ": not named at all");
                }
                case SUMMARY -> {
                    summary.add(source.id());
                    f.that(card.isPresent(), what + ": a card");
                    card.ifPresent(text -> {
                        // the page says 「関わりあり」; the JSON gives the level for the client to say it
                        String involved = body.kind.equals("json") ? "SUMMARY" : "関わりあり";
                        f.that(text.contains(Decoded.norm(involved)), what + ": 「" + involved + "」");
                        f.that(text.contains(Decoded.norm(source.department().name())), what + ": the owner "
                                + source.department().name());
                    });
                    List<String> cardLegit = Expectations.concat(List.of(source.program(), source.name(),
                            source.department().name(), String.valueOf(source.department().contact())),
                            Expectations.today());
                    for (Map<String, String> record : person.records().get(source.id())) {
                        for (FieldDefinition field : source.fields()) {
                            String raw = record.get(field.name());
                            if (raw == null) {
                                continue;
                            }
                            String value = MatrixCity.shown(field, raw, true);
                            card.ifPresent(text -> f.that(!distinctive(value, cardLegit)
                                    || !text.contains(Decoded.norm(value)), what + ": no value in the card: " + value));
                            f.that(!distinctive(value, legitimate) || !body.has(value),
                                    what + ": no value anywhere: " + value);
                        }
                    }
                }
                case DETAIL -> {
                    detail.add(source.id());
                    f.that(card.isPresent(), what + ": a card");
                    card.ifPresent(text -> detail(city, staff, person, source, text, body, legitimate, f));
                }
            }
        });

        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("detail", String.join(",", detail));
        audit.put("summary", String.join(",", summary));
        if (asOf != null) {
            audit.put("asOf", asOf.toString());
        }
        Expectations.oneAuditRow(f, answer, staff, "VIEW_PERSON", person.key(), audit, person.addressProtected());
    }

    /** A card in detail: every field as the viewer may see it, and no masked or withheld value. */
    private static void detail(MatrixCity city, Staff staff, MatrixCity.Resident person, SourceDefinition source,
            String card, Decoded body, List<String> legitimate, Findings f) {
        for (Map<String, String> record : person.records().get(source.id())) {
            for (FieldDefinition field : source.fields()) {
                String raw = record.get(field.name());
                if (raw == null) {
                    continue;
                }
                String value = MatrixCity.shown(field, raw, true);
                String expected = expected(city, staff, person, source, field, raw);
                String what = source.id() + " (DETAIL) " + field.label();
                if (repeatsHeader(field) && !card.contains(Decoded.norm(expected))) {
                    // a card leaves out a 氏名, カナ or 生年月日 that says what the header says (overview.CardField):
                    // the value is then on the page, in the header
                    f.that(body.has(expected), what + ": shown in the header 「" + expected + "」");
                } else {
                    f.that(card.contains(Decoded.norm(expected)), what + ": shows 「" + expected + "」");
                }
                if (!expected.equals(value)) {
                    f.checked(expected.equals(MatrixCity.HIDDEN) ? "overview field withheld (支援措置)"
                            : "overview field masked (sensitive)");
                    f.that(!distinctive(value, legitimate) || !body.has(value), what + ": not the value " + value);
                }
            }
        }
    }

    /** A field a card leaves out when it equals the header's: the person's name, kana or birth date. */
    private static boolean repeatsHeader(FieldDefinition field) {
        return java.util.Set.of("name", "kana", "birth_date", "birthDate").contains(field.name())
                || java.util.Set.of("氏名", "カナ氏名", "カナ", "生年月日").contains(field.label());
    }

    /** What the viewer must read for a field: the value, or the mask, or the 支援措置 withholding. */
    private static String expected(MatrixCity city, Staff staff, MatrixCity.Resident person, SourceDefinition source,
            FieldDefinition field, String raw) {
        if (city.withholdsWhereabouts(person) && field.revealsWhereabouts()) {
            return MatrixCity.HIDDEN;
        }
        if (field.sensitive() && !city.sensitive(staff, source)) {
            return MatrixCity.MASKED;
        }
        return MatrixCity.shown(field, raw, true);
    }
}
