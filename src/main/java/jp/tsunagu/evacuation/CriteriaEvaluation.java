package jp.tsunagu.evacuation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.PersonFacts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides, criterion by criterion, who qualifies today (基準の判定): program criteria over the current records
 * read through {@link Programs}, the household criterion through {@link PersonFacts}, requests from this
 * module's own table. Persons who are no longer residents are left to the caller.
 */
@Component
class CriteriaEvaluation {

    /** How many keys one read of records carries (a statement's bind parameters are limited). */
    static final int CHUNK = 5_000;

    private final Programs programs;
    private final PersonFacts persons;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    CriteriaEvaluation(Programs programs, PersonFacts persons, JdbcClient jdbc) {
        this.programs = programs;
        this.persons = persons;
        this.jdbc = jdbc;
    }

    /**
     * Criterion id → the persons who qualify by it, each in person key order. The addresses a criterion reads on
     * the way (the household criterion's residents, {@link PersonFacts#inHouseholdsAllBornBy}) go into
     * {@code addresses}, so that they are not looked up again.
     */
    Map<String, String[]> qualifying(List<Criterion> criteria, LocalDate today, Map<String, String> addresses) {
        Map<String, String[]> result = new LinkedHashMap<>();
        for (Criterion c : criteria) {
            result.put(c.id(), switch (c.kind()) {
                case PROGRAM -> program(c, today);
                case HOUSEHOLD -> {
                    Map<String, String> residents = persons.inHouseholdsAllBornBy(today.minusYears(c.minAge()));
                    addresses.putAll(residents);
                    yield residents.keySet().toArray(String[]::new);
                }
                case REQUEST -> jdbc.sql("SELECT person_key FROM evac_request ORDER BY person_key")
                        .query(String.class).list().toArray(String[]::new);
            });
        }
        return result;
    }

    private String[] program(Criterion c, LocalDate today) {
        if (programs.source(c.source()).isEmpty()) {
            return new String[0];
        }
        Set<String> candidates = new TreeSet<>();
        if (c.codes().isEmpty()) {
            candidates.addAll(List.of(programs.personsIn(List.of(c.source()))));
        } else {
            // the first field's codes pick the candidates from the records; every condition is then checked
            // record by record, so that two conditions are met by one record, not by two different ones
            Map.Entry<String, List<String>> first = c.codes().entrySet().iterator().next();
            for (String code : first.getValue()) {
                candidates.addAll(List.of(programs.personsWhere(c.source(), first.getKey(), code, null, null)));
            }
        }
        if (c.codes().size() <= 1 && c.withinDays().isEmpty() && c.validUntil().isEmpty()) {
            return candidates.toArray(String[]::new);
        }
        List<String> qualifying = new ArrayList<>();
        List<String> all = new ArrayList<>(candidates);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            programs.currentData(List.of(c.source()), chunk).forEach((person, bySource) -> {
                if (bySource.getOrDefault(c.source(), List.of()).stream().anyMatch(d -> matches(c, d, today))) {
                    qualifying.add(person);
                }
            });
        }
        return qualifying.stream().sorted().toArray(String[]::new);
    }

    /** Whether one record meets every condition of the criterion. */
    boolean matches(Criterion c, String data, LocalDate today) {
        JsonNode record = json.readTree(data);
        for (Map.Entry<String, List<String>> e : c.codes().entrySet()) {
            JsonNode v = record.get(e.getKey());
            if (v == null || v.isNull() || !e.getValue().contains(v.asString())) {
                return false;
            }
        }
        for (Map.Entry<String, Integer> e : c.withinDays().entrySet()) {
            LocalDate day = date(record.get(e.getKey()));
            if (day == null || day.isBefore(today.minusDays(e.getValue())) || day.isAfter(today)) {
                return false;
            }
        }
        for (String field : c.validUntil()) {
            LocalDate day = date(record.get(field));
            if (day != null && day.isBefore(today)) {
                return false;
            }
        }
        return true;
    }

    private static LocalDate date(JsonNode v) {
        if (v == null || v.isNull() || v.asString().isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(v.asString());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
