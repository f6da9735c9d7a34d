package jp.tsunagu.overview;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.FieldType;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Composes one person's overview (個人の横断照会) for one viewer: the header from the person index,
 * the household, and one card per program — its fields when the viewer's department may see them,
 * otherwise "関わりあり" with the owning department and its contact. The read is recorded in the
 * audit trail (which sections) before anything is returned.
 */
@Service
public class PersonOverview {

    static final String HIDDEN = "（支援措置のため非表示）";
    static final String MASKED = "＊＊＊ (要配慮情報)";

    /** One field as shown. */
    public record Field(String label, String value) {
    }

    /**
     * One program card.
     *
     * @param asOf when the source's current snapshot was imported (和暦 with time)
     * @param stale the snapshot is older than the source's {@code staleAfterDays}
     */
    public record Card(String sourceId, String source, String program, String department, String contact,
            GrantLevel level, List<List<Field>> records, String asOf, boolean stale) {

        public boolean detail() {
            return level == GrantLevel.DETAIL;
        }
    }

    /** A household member. */
    public record Member(String personKey, String name, String relation, String birthDate) {
    }

    /** One change on the timeline: when, which source, added / changed / ended. */
    public record Change(String at, String source, String kind) {
    }

    /** The whole overview. */
    public record View(Person person, String birthDate, Integer age, String address, boolean addressHidden,
            List<Member> household, List<Card> cards, List<Change> timeline, boolean breakGlass) {
    }

    private final ResidentIndex index;
    private final SourceCatalog catalog;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    PersonOverview(ResidentIndex index, SourceCatalog catalog, AccessPolicy access, AuditTrail audit,
            JdbcClient jdbc) {
        this.index = index;
        this.catalog = catalog;
        this.access = access;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    public Optional<View> view(String personKey, Viewer viewer) {
        Optional<Person> found = index.find(personKey);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Person person = found.get();
        boolean hide = person.supportMeasure() && !access.seesProtectedAddress(viewer, personKey);
        List<Card> cards = cards(personKey, viewer);
        List<Member> household = hide || person.householdKey() == null ? List.of() : household(person);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("sections", "header" + (household.isEmpty() ? "" : ",household") + ",programs");
        detail.put("detail", String.join(",", cards.stream().filter(Card::detail).map(Card::sourceId).toList()));
        detail.put("summary", String.join(",", cards.stream().filter(c -> !c.detail()).map(Card::sourceId).toList()));
        boolean breakGlass = access.activeBreakGlass(viewer, personKey).isPresent();
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, personKey, detail,
                person.supportMeasure() || breakGlass));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        String address = hide ? HIDDEN : join(person.address(), person.addressDetail());
        List<Change> timeline = timeline(personKey, viewer);
        if (hide) {
            // the address, 方書 and household never leave the server for a viewer who may not see them
            person = new Person(person.personKey(), person.masterSource(), person.registered(), person.status(),
                    person.name(), person.kana(), person.birthDate(), person.sex(), null, null, null,
                    person.relation(), person.movedOn(), person.moveReason(), true);
        }
        return Optional.of(new View(person,
                person.birthDate() == null ? null : JapaneseDates.warekiWithYear(person.birthDate()),
                person.birthDate() == null || person.birthDate().isAfter(today) ? null
                        : JapaneseDates.age(person.birthDate(), today),
                address, hide, household, cards, timeline, breakGlass));
    }

    private List<Card> cards(String personKey, Viewer viewer) {
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        jdbc.sql("SELECT source_id, data::text FROM source_record WHERE person_key = :k ORDER BY source_id, record_key")
                .param("k", personKey)
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> bySource.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<Card> cards = new ArrayList<>();
        bySource.forEach((sourceId, rows) -> catalog.find(sourceId).filter(s -> !s.role().isMaster()).ifPresent(s -> {
            GrantLevel level = access.level(viewer, s.id(), s.department().id(), personKey);
            if (level == GrantLevel.NONE) {
                return;
            }
            boolean sensitive = access.seesSensitive(viewer, s.id(), s.department().id(), personKey);
            List<List<Field>> records = level == GrantLevel.DETAIL
                    ? rows.stream().map(r -> fields(s, r, sensitive)).toList() : List.of();
            java.time.OffsetDateTime imported = jdbc.sql("""
                    SELECT r.finished_at FROM source s JOIN import_run r ON r.run_id = s.current_run
                     WHERE s.source_id = :s""").param("s", s.id())
                    .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class)).optional().orElse(null);
            boolean stale = imported != null && imported.isBefore(java.time.OffsetDateTime.now().minusDays(s.staleAfterDays()));
            cards.add(new Card(s.id(), s.name(), s.program(), s.department().name(), s.department().contact(), level,
                    records, imported == null ? null : at(imported), stale));
        }));
        return cards;
    }

    private List<Field> fields(SourceDefinition source, String data, boolean sensitive) {
        JsonNode values = json.readTree(data);
        List<Field> fields = new ArrayList<>();
        for (FieldDefinition f : source.fields()) {
            if (!values.hasNonNull(f.name())) {
                continue;
            }
            String raw = values.get(f.name()).asString();
            String shown;
            if (f.sensitive() && !sensitive) {
                shown = MASKED;
            } else if (f.type() == FieldType.CODE) {
                shown = f.codeLabel(raw);
            } else if (f.type() == FieldType.DATE) {
                shown = JapaneseDates.warekiWithYear(LocalDate.parse(raw));
            } else {
                shown = raw;
            }
            fields.add(new Field(f.label(), shown));
        }
        return fields;
    }

    /** The last 50 changes of this person's records, in sources the viewer may know about. */
    private List<Change> timeline(String personKey, Viewer viewer) {
        return jdbc.sql("""
                SELECT c.source_id, c.kind, r.finished_at FROM record_change c JOIN import_run r ON r.run_id = c.run_id
                 WHERE c.person_key = :k ORDER BY c.run_id DESC LIMIT 50""").param("k", personKey)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class)})
                .list().stream()
                .filter(row -> catalog.find((String) row[0]).map(s -> access.level(viewer, s.id(), s.department().id(),
                        personKey) != GrantLevel.NONE).orElse(false))
                .map(row -> new Change(at((java.time.OffsetDateTime) row[2]), catalog.get((String) row[0]).name(),
                        switch ((String) row[1]) {
                            case "A" -> "追加";
                            case "C" -> "変更";
                            default -> "終了";
                        }))
                .toList();
    }

    private static String at(java.time.OffsetDateTime time) {
        java.time.ZonedDateTime tokyo = time.atZoneSameInstant(ZoneId.of("Asia/Tokyo"));
        return JapaneseDates.warekiWithYear(tokyo.toLocalDate()) + " "
                + tokyo.toLocalTime().withSecond(0).withNano(0);
    }

    private List<Member> household(Person person) {
        return jdbc.sql("""
                SELECT person_key, name, relation, birth_date FROM person
                 WHERE household_key = :h AND registered ORDER BY relation NULLS LAST, birth_date""")
                .param("h", person.householdKey())
                .query((rs, i) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class) == null ? null
                                : JapaneseDates.warekiWithYear(rs.getObject(4, LocalDate.class))))
                .list();
    }

    private static String join(String address, String detail) {
        if (address == null) {
            return detail;
        }
        return detail == null || detail.isBlank() ? address : address + " " + detail;
    }
}
