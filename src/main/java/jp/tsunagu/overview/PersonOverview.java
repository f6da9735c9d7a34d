package jp.tsunagu.overview;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.ReadReplica;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;
import jp.tsunagu.programs.ProgramRecord;
import jp.tsunagu.programs.ProgramSource;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
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

    /**
     * One program card.
     *
     * @param asOf when the snapshot shown was imported (和暦 with time): the current one, or in a past view
     *     the one current at the end of that day
     * @param stale the snapshot is older than the source's {@code staleAfterDays}
     * @param withheld fields of a protected kind (住所, 電話 …) were withheld for a 支援措置 person: the card
     *     offers 緊急閲覧
     */
    @Schema(name = "ProgramCard", description = "制度ごとのカード。level が SUMMARY のときは records が空で、所管課と連絡先だけ。"
            + "withheld が true のときは、支援措置のため住所・電話番号などの項目を「（支援措置のため非表示）」にした")
    public record Card(String sourceId, String source, String program, String department, String contact,
            GrantLevel level, List<List<TypedValue>> records,
            @Schema(description = "取込日時: value は ISO 8601 の日時、display は和暦") TypedValue asOf,
            boolean stale, boolean withheld) {

        public boolean detail() {
            return level == GrantLevel.DETAIL;
        }
    }

    /** A household member. */
    @Schema(name = "HouseholdMember", description = "世帯員。birthDate は型付きの値 (value は ISO 8601)")
    public record Member(String personKey, String name, String relation, TypedValue birthDate) {
    }

    /** One change on the timeline: when, which source, added / changed / ended. */
    @Schema(name = "OverviewChange", description = "最近の変更 (取込日時、連携元、追加・変更・終了)。"
            + "at の value は ISO 8601 の日時、kind の value は {code: A|C|E, label: 追加|変更|終了}")
    public record Change(TypedValue at, String sourceId, String source, TypedValue kind) {
    }

    /**
     * The whole overview.
     *
     * @param asOf the day of a past view (基準日), {@code null} for the current view
     * @param asOfLabel that day as the header says it, {@code 2025年4月1日（令和7年）}
     * @param notYetImported in a past view, the programs whose source had no snapshot yet on that day
     * @param pastHeader in a past view, the header (name, kana, address, 方書, status, age) is the
     *     master record's of that day; otherwise (no master record on that day) the current one
     */
    public record View(Person person, String birthDate, Integer age, String address, boolean addressHidden,
            List<Member> household, List<Card> cards, List<Change> timeline, boolean breakGlass, LocalDate asOf,
            String asOfLabel, List<String> notYetImported, boolean pastHeader,
            jp.tsunagu.consultation.PersonConsultations.Panel consultations) {

        public boolean past() {
            return asOf != null;
        }

        /** A card record's fields as the screen shows them: without those that repeat the header. */
        public List<CardField> fieldsOf(List<TypedValue> record) {
            return CardField.besidesHeader(record, person);
        }
    }

    private final ResidentIndex index;
    private final Programs programs;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final JsonMapper json = JsonMapper.builder().build();

    private final jp.tsunagu.consultation.PersonConsultations consultations;
    private final ReadReplica replica;

    PersonOverview(ResidentIndex index, Programs programs, AccessPolicy access, AuditTrail audit,
            jp.tsunagu.consultation.PersonConsultations consultations, ReadReplica replica) {
        this.consultations = consultations;
        this.replica = replica;
        this.index = index;
        this.programs = programs;
        this.access = access;
        this.audit = audit;
    }

    /** The current overview. */
    public Optional<View> view(String personKey, Viewer viewer) {
        return view(personKey, viewer, null);
    }

    /**
     * The overview as the hub knew it at the end of {@code asOf} (Japan time), or the current one
     * when {@code asOf} is {@code null}. A past view takes, for each source, the run that was current
     * at the end of that day and the record versions valid at that run; the header comes from the
     * master record (住民記録 or 住登外) valid then, the household from the person index as it is now. Access rules and the audit record are the same as for
     * the current view, with the day in the audit detail.
     */
    public Optional<View> view(String personKey, Viewer viewer, AsOf asOf) {
        // who may see what on the primary (grants and 緊急閲覧 must be current); the person's records on the
        // read replica when one is set, in one read so that they all come from one server
        ViewerAccess may = access.of(viewer);
        Read read = replica.read(() -> read(personKey, may, asOf));
        if (read == null) {
            return Optional.empty();
        }
        Person person = read.person();
        boolean hide = read.hide();
        List<Card> cards = read.cards();
        List<Member> household = read.household();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("sections", "header" + (household.isEmpty() ? "" : ",household") + ",programs");
        detail.put("detail", String.join(",", cards.stream().filter(Card::detail).map(Card::sourceId).toList()));
        detail.put("summary", String.join(",", cards.stream().filter(c -> !c.detail()).map(Card::sourceId).toList()));
        if (asOf != null) {
            detail.put("asOf", asOf.toString());
        }
        // 相談記録: that one exists and whom to ask, or the record itself, as the consultation module allows
        var consulted = asOf == null ? consultations.panel(personKey, may)
                : new jp.tsunagu.consultation.PersonConsultations.Panel(List.of());
        if (!consulted.isEmpty()) {
            detail.put("consultations", consulted.auditDetail());
        }
        boolean breakGlass = may.breakGlass(personKey).isPresent();
        // on the primary, after the reads and before anything is returned
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, personKey, detail,
                person.addressProtected() || breakGlass));
        // in a past view, the age on that day
        LocalDate today = asOf != null ? asOf.date() : LocalDate.now(TokyoTime.ZONE);
        String address = Withheld.whereabouts(hide, join(person.address(), person.addressDetail()));
        List<Change> timeline = read.timeline();
        if (hide) {
            // the address, 方書, household and relation never leave the server for a viewer who may not see them
            person = person.withoutWhereabouts();
        }
        return Optional.of(new View(person,
                person.birthDate() == null ? null : JapaneseDates.warekiWithYear(person.birthDate()),
                person.birthDate() == null || person.birthDate().isAfter(today) ? null
                        : JapaneseDates.age(person.birthDate(), today),
                address, hide, household, cards, timeline, breakGlass, asOf == null ? null : asOf.date(),
                asOf == null ? null : asOf.label(), read.notYetImported(), read.pastHeader(), consulted));
    }

    /** What the overview reads of the person's records (on the read replica when one is set). */
    private record Read(Person person, boolean hide, boolean pastHeader, List<Card> cards, List<Member> household,
            List<Change> timeline, List<String> notYetImported) {
    }

    /** The person's header, cards, household and timeline, or {@code null} for an unknown person. */
    private Read read(String personKey, ViewerAccess may, AsOf asOf) {
        Optional<Person> found = index.find(personKey);
        if (found.isEmpty()) {
            return null;
        }
        Person person = found.get();
        // 支援措置: the address, 方書, household and every field of a protected kind in every source
        boolean hide = may.withholdsWhereabouts(person.addressProtected(), personKey);
        Map<String, List<ProgramRecord>> versions = versions(personKey, asOf);
        boolean pastHeader = false;
        if (asOf != null && versions.containsKey(person.masterSource())) {
            // the header as the master record said on that day (name, address, 方書, status …)
            person = index.fromMasterRecord(person, person.masterSource(),
                    versions.get(person.masterSource()).get(0).data());
            pastHeader = true;
        }
        List<Card> cards = cards(personKey, may, asOf, versions, hide);
        List<Member> household = hide ? List.of() : household(person, may);
        return new Read(person, hide, pastHeader, cards, household, timeline(personKey, may, asOf),
                asOf == null ? List.of() : notYetImported(asOf));
    }

    /** The person's records per source: the current ones, or those valid at the end of a past day. */
    private Map<String, List<ProgramRecord>> versions(String personKey, AsOf asOf) {
        return asOf == null ? programs.records(personKey) : programs.recordsAsOf(personKey, asOf.end());
    }

    private List<Card> cards(String personKey, ViewerAccess may, AsOf asOf, Map<String, List<ProgramRecord>> bySource,
            boolean hideWhereabouts) {
        OffsetDateTime reference = asOf == null ? OffsetDateTime.now()
                : OffsetDateTime.ofInstant(asOf.end(), ZoneOffset.UTC);
        List<Card> cards = new ArrayList<>();
        bySource.forEach((sourceId, rows) -> programs.source(sourceId).filter(s -> !s.master()).ifPresent(s -> {
            GrantLevel level = may.level(s.id(), s.department().id(), personKey);
            if (level == GrantLevel.NONE) {
                return;
            }
            boolean sensitive = may.seesSensitive(s.id(), s.department().id(), personKey);
            List<List<TypedValue>> records = level == GrantLevel.DETAIL
                    ? rows.stream().map(r -> fields(s, r.data(), sensitive, hideWhereabouts)).toList() : List.of();
            boolean withheld = records.stream().flatMap(List::stream).anyMatch(f -> Withheld.isWhereabouts(f.display()));
            OffsetDateTime imported = rows.get(0).importedAt();
            boolean stale = imported != null && imported.isBefore(reference.minusDays(s.staleAfterDays()));
            cards.add(new Card(s.id(), s.name(), s.program(), s.department().name(), s.department().contact(), level,
                    records, imported == null ? null : at("importedAt", "取込日時", imported), stale, withheld));
        }));
        return cards;
    }

    /** The programs whose source had not become current by the end of the day. */
    private List<String> notYetImported(AsOf asOf) {
        return programs.sourcesWithoutSnapshot(asOf.end()).stream()
                .map(programs::source).flatMap(Optional::stream).filter(s -> !s.master())
                .map(ProgramSource::name).toList();
    }

    private List<TypedValue> fields(ProgramSource source, String data, boolean sensitive, boolean hideWhereabouts) {
        JsonNode values = json.readTree(data);
        List<TypedValue> fields = new ArrayList<>();
        for (ProgramSource.Field f : source.fields()) {
            if (!values.hasNonNull(f.name())) {
                continue;
            }
            String raw = values.get(f.name()).asString();
            if (hideWhereabouts && f.revealsWhereabouts()) {
                fields.add(Withheld.whereaboutsField(f.name(), f.label()));
            } else if (f.sensitive() && !sensitive) {
                fields.add(Withheld.sensitiveField(f.name(), f.label()));
            } else {
                fields.add(typed(f, raw, JapaneseDates::warekiWithYear));
            }
        }
        return fields;
    }

    /** A stored value as its field's type says: a date, a number, a code with its label, or text. */
    static TypedValue typed(ProgramSource.Field f, String raw, java.util.function.Function<LocalDate, String> dates) {
        return switch (f.type()) {
            case CODE -> TypedValue.code(f.name(), f.label(), raw, f.codeLabel(raw));
            case DATE -> {
                LocalDate date = LocalDate.parse(raw);
                yield TypedValue.date(f.name(), f.label(), date, dates.apply(date));
            }
            case INTEGER, DECIMAL -> TypedValue.number(f.name(), f.label(), TypedValue.numberOf(raw), raw);
            default -> TypedValue.text(f.name(), f.label(), raw);
        };
    }

    /** The last 50 changes of this person's records (up to the day of a past view), in sources the viewer may know about. */
    private List<Change> timeline(String personKey, ViewerAccess may, AsOf asOf) {
        return programs.timeline(personKey, asOf == null ? null : asOf.end(), 50).stream()
                .map(c -> programs.source(c.sourceId())
                        .filter(s -> may.level(s.id(), s.department().id(), personKey) != GrantLevel.NONE)
                        .map(s -> new Change(at("at", "取込日時", c.at()), s.id(), s.name(),
                                TypedValue.code("kind", "変更の種類", String.valueOf(c.kind()), c.kindLabel()))))
                .flatMap(Optional::stream)
                .toList();
    }

    /** A time as ISO 8601 in Japan time, shown in 和暦 to the minute. */
    private static TypedValue at(String name, String label, OffsetDateTime time) {
        java.time.ZonedDateTime tokyo = time.atZoneSameInstant(TokyoTime.ZONE);
        return new TypedValue(name, label, tokyo.toOffsetDateTime(), JapaneseDates.warekiWithYear(tokyo.toLocalDate()) + " "
                + tokyo.toLocalTime().withSecond(0).withNano(0));
    }

    /**
     * The household's registered members, without those whose whereabouts the viewer may not see: a
     * 支援措置 person is never shown as living with anyone. A viewer who sees this person's whereabouts
     * (the permission, or 緊急閲覧 of this person) sees who lives with them: their address is the same.
     */
    private List<Member> household(Person person, ViewerAccess may) {
        boolean seesThisHome = may.seesProtectedAddress(person.personKey());
        return index.household(person.householdKey()).stream()
                .filter(m -> seesThisHome || !may.withholdsWhereabouts(m.addressProtected(), m.personKey()))
                .map(m -> new Member(m.personKey(), m.name(), m.relation(), birthDate(m.birthDate())))
                .toList();
    }

    static TypedValue birthDate(LocalDate born) {
        return TypedValue.date("birthDate", "生年月日", born, born == null ? null : JapaneseDates.warekiWithYear(born));
    }

    private static String join(String address, String detail) {
        if (address == null) {
            return detail;
        }
        return detail == null || detail.isBlank() ? address : address + " " + detail;
    }
}
