package jp.tsunagu.evacuation;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.PersonFacts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The list as it stands (名簿): who is on it in a district, with the reasons and since when, their
 * telephone number from the configured sources and their consent per purpose. What a viewer may see and
 * what may leave the hub is decided by the callers ({@link Handovers}, the controllers).
 */
@Service
public class Roster {

    /** One reason a person is on the list (避難支援等を必要とする事由) and since when. */
    public record Reason(String criterionId, String reason, OffsetDateTime since) {
    }

    /** A person on the list. */
    public record Entry(Person person, String town, String districtId, List<Reason> reasons, String phone,
            Map<Purpose, ConsentAnswer> consents) {

        /** The reasons as one text, as the list prints them. */
        public String reasonText() {
            return String.join("、", reasons.stream().map(Reason::reason).toList());
        }

        /** The first day of the person's current listing. */
        public OffsetDateTime since() {
            return reasons.stream().map(Reason::since).min(OffsetDateTime::compareTo).orElse(null);
        }

        /** 支援措置: never on a list or a map that leaves the department. */
        public boolean protectedPerson() {
            return person.addressProtected() || person.supportMeasure();
        }
    }

    /** A person who was on the list by a criterion, and left it (moved away, died, no longer qualifies). */
    public record Left(String personKey, String criterionId, String reason, OffsetDateTime since,
            OffsetDateTime until) {
    }

    private final JdbcClient jdbc;
    private final PersonFacts persons;
    private final Programs programs;
    private final EvacuationSetup setup;
    private final JsonMapper json = JsonMapper.builder().build();

    Roster(JdbcClient jdbc, PersonFacts persons, Programs programs, EvacuationSetup setup) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.programs = programs;
        this.setup = setup;
    }

    /** How many persons are on the list per district id ({@code ""} for persons outside every district). */
    public Map<String, Long> countsByDistrict() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT coalesce(district_id, ''), count(*) FROM evac_person GROUP BY 1 ORDER BY 1")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** The person keys on the list in this district ({@code ""}: outside every district), in key order. */
    public List<String> keys(String districtId) {
        return jdbc.sql("SELECT person_key FROM evac_person WHERE coalesce(district_id, '') = :d ORDER BY person_key")
                .param("d", districtId == null ? "" : districtId).query(String.class).list();
    }

    /** The person keys on the list in this district who agreed to this purpose, in key order. */
    public List<String> consentingKeys(String districtId, Purpose purpose) {
        return jdbc.sql("""
                SELECT p.person_key FROM evac_person p JOIN evac_consent c ON c.person_key = p.person_key
                 WHERE p.district_id = :d AND c.purpose = :purpose AND c.answer = 'AGREED' ORDER BY p.person_key""")
                .param("d", districtId).param("purpose", purpose.name()).query(String.class).list();
    }

    /** How many persons on the list in this district have not agreed to this purpose (refused or not answered). */
    public int notConsenting(String districtId, Purpose purpose) {
        return jdbc.sql("""
                SELECT count(*) FROM evac_person p
                 WHERE p.district_id = :d AND NOT EXISTS (SELECT 1 FROM evac_consent c WHERE c.person_key = p.person_key
                                                            AND c.purpose = :purpose AND c.answer = 'AGREED')""")
                .param("d", districtId).param("purpose", purpose.name()).query(Integer.class).single();
    }

    /** The person keys on the list whose whereabouts are protected (支援措置), in key order. */
    public List<String> protectedKeys() {
        String[] all = jdbc.sql("SELECT person_key FROM evac_person ORDER BY person_key").query(String.class).list()
                .toArray(String[]::new);
        return new java.util.TreeSet<>(persons.protectedAmong(all)).stream().toList();
    }

    /** Whether the person is on the list now. */
    public boolean listed(String personKey) {
        return jdbc.sql("SELECT count(*) FROM evac_person WHERE person_key = :k").param("k", personKey)
                .query(Long.class).single() > 0;
    }

    /** The listed persons among these keys, whole, in kana order. */
    public List<Entry> entries(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        String[] array = keys.toArray(String[]::new);
        Map<String, List<Reason>> reasons = new HashMap<>();
        Map<String, String[]> places = new HashMap<>();
        jdbc.sql("""
                SELECT l.person_key, l.criterion_id, l.since, p.town, p.district_id
                  FROM evac_listing l JOIN evac_person p ON p.person_key = l.person_key
                 WHERE l.until IS NULL AND l.person_key = ANY(:keys) ORDER BY l.person_key, l.since, l.criterion_id""")
                .param("keys", array).query(rs -> {
                    String id = rs.getString(2);
                    String reason = setup.criterion(id).map(Criterion::reason).orElse(id);
                    reasons.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Reason(id, reason, rs.getObject(3, OffsetDateTime.class)));
                    places.put(rs.getString(1), new String[] {rs.getString(4), rs.getString(5)});
                });
        Map<String, Map<Purpose, ConsentAnswer>> consents = consents(array);
        Map<String, String> phones = phones(reasons.keySet());
        List<Entry> entries = new ArrayList<>();
        for (Person p : persons.persons(reasons.keySet())) {
            String[] place = places.get(p.personKey());
            entries.add(new Entry(p, place[0], place[1], List.copyOf(reasons.get(p.personKey())),
                    phones.get(p.personKey()), consents.getOrDefault(p.personKey(), new EnumMap<>(Purpose.class))));
        }
        return entries;
    }

    /** The listings that ended, newest first (名簿から外れた人の履歴). */
    public List<Left> leavers(int limit) {
        return jdbc.sql("""
                SELECT l.person_key, l.criterion_id, l.since, l.until FROM evac_listing l
                 WHERE l.until IS NOT NULL ORDER BY l.until DESC, l.person_key LIMIT :limit""")
                .param("limit", limit)
                .query((rs, i) -> new Left(rs.getString(1), rs.getString(2),
                        setup.criterion(rs.getString(2)).map(Criterion::reason).orElse(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class)))
                .list();
    }

    /** A person's listings, current and ended, newest first. */
    public List<Left> history(String personKey) {
        return jdbc.sql("""
                SELECT person_key, criterion_id, since, until FROM evac_listing WHERE person_key = :k
                 ORDER BY since DESC, criterion_id""")
                .param("k", personKey)
                .query((rs, i) -> new Left(rs.getString(1), rs.getString(2),
                        setup.criterion(rs.getString(2)).map(Criterion::reason).orElse(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class)))
                .list();
    }

    /** The last recomputation: when, how many listed, and what started it; empty before the first. */
    public java.util.Optional<Map<String, Object>> lastRecompute() {
        return jdbc.sql("SELECT at, listed, joined, left_list, millis, trigger FROM evac_recompute WHERE id = 1")
                .query((rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", rs.getObject(1, OffsetDateTime.class));
                    m.put("listed", rs.getInt(2));
                    m.put("joined", rs.getInt(3));
                    m.put("left", rs.getInt(4));
                    m.put("millis", rs.getLong(5));
                    m.put("trigger", rs.getString(6));
                    return m;
                }).optional();
    }

    private Map<String, Map<Purpose, ConsentAnswer>> consents(String[] keys) {
        Map<String, Map<Purpose, ConsentAnswer>> consents = new HashMap<>();
        jdbc.sql("SELECT person_key, purpose, answer FROM evac_consent WHERE person_key = ANY(:keys)")
                .param("keys", keys).query(rs -> {
                    consents.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(Purpose.class))
                            .put(Purpose.valueOf(rs.getString(2)), ConsentAnswer.valueOf(rs.getString(3)));
                });
        return consents;
    }

    /** The first non-empty telephone number per person, in the order the configuration names its sources. */
    private Map<String, String> phones(Collection<String> keys) {
        Map<String, String> phones = new HashMap<>();
        if (setup.contacts().isEmpty() || keys.isEmpty()) {
            return phones;
        }
        List<String> sources = setup.contacts().stream().map(ContactField::source).distinct().toList();
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += CriteriaEvaluation.CHUNK) {
            var data = programs.currentData(sources, all.subList(from, Math.min(all.size(), from + CriteriaEvaluation.CHUNK)));
            data.forEach((person, bySource) -> {
                for (ContactField f : setup.contacts()) {
                    for (String record : bySource.getOrDefault(f.source(), List.of())) {
                        JsonNode v = json.readTree(record).get(f.field());
                        if (v != null && !v.isNull() && !v.asString().isBlank()) {
                            phones.putIfAbsent(person, v.asString());
                        }
                    }
                }
            });
        }
        return phones;
    }

    public static String display(LocalDate date) {
        return date == null ? "" : jp.tsunagu.japanese.JapaneseDates.warekiWithYear(date);
    }
}
