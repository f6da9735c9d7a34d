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

    /** One program card. */
    public record Card(String sourceId, String source, String program, String department, String contact,
            GrantLevel level, List<List<Field>> records) {

        public boolean detail() {
            return level == GrantLevel.DETAIL;
        }
    }

    /** A household member. */
    public record Member(String personKey, String name, String relation, String birthDate) {
    }

    /** The whole overview. */
    public record View(Person person, String birthDate, Integer age, String address, boolean addressHidden,
            List<Member> household, List<Card> cards, boolean breakGlass) {
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
        return Optional.of(new View(person,
                person.birthDate() == null ? null : JapaneseDates.warekiWithYear(person.birthDate()),
                person.birthDate() == null || person.birthDate().isAfter(today) ? null
                        : JapaneseDates.age(person.birthDate(), today),
                address, hide, household, cards, breakGlass));
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
            cards.add(new Card(s.id(), s.name(), s.program(), s.department().name(), s.department().contact(), level,
                    records));
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
