package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.PersonFacts;
import org.springframework.stereotype.Service;

/**
 * The households several departments serve (複数の課が関わる世帯, multi-need households): those whose members
 * are involved with welfare programs of at least {@code tsunagu.insights.multi-need-departments} departments.
 * A viewer sees a household only when their department may see every one of its programs in detail — and,
 * for a household with a 支援措置 person, only with the permission to see protected whereabouts (the household
 * itself tells where they live). The page is written to the audit trail, with every person it names, before
 * it is answered.
 */
@Service
class MultiNeedHouseholds {

    static final int PAGE_SIZE = 50;

    /** One household as the viewer sees it. */
    record Row(String householdKey, int departments, List<String> programs, List<Member> members) {
    }

    /** A member involved with one of the programs. */
    record Member(String personKey, String name, String kana, java.time.LocalDate born, String birthDate) {
    }

    /** A page of households, with how many there are in all and how many the viewer may see. */
    record Page(PageSlice<Row> rows, long all, long visible, int departments) {
    }

    private final Figures figures;
    private final PersonFacts persons;
    private final AuditTrail audit;
    private final InsightsProperties properties;

    MultiNeedHouseholds(Figures figures, PersonFacts persons, AuditTrail audit, InsightsProperties properties) {
        this.figures = figures;
        this.persons = persons;
        this.audit = audit;
        this.properties = properties;
    }

    Page page(Viewer viewer, ViewerAccess sees, int requested, String screen) {
        List<Figures.Source> sources = figures.sources();
        List<Figures.Household> all = figures.households();
        List<Figures.Household> seen = all.stream().filter(h -> coversEvery(sees, sources, h.mask())).toList();
        Set<String> hiddenByProtection = protectedHouseholds(sees, seen);
        List<Figures.Household> visible = seen.stream().filter(h -> !hiddenByProtection.contains(h.householdKey())).toList();
        PageNumbers numbers = PageNumbers.of(requested, PAGE_SIZE, visible.size());
        List<Figures.Household> page = visible.subList((int) Math.min(numbers.offset(), visible.size()),
                (int) Math.min(numbers.offset() + numbers.size(), visible.size()));
        List<String> keys = page.stream().flatMap(h -> h.members().stream()).toList();
        Map<String, Person> byKey = new LinkedHashMap<>();
        persons.persons(keys).forEach(p -> byKey.put(p.personKey(), p));
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", screen);
        detail.put("page", Integer.toString(numbers.number()));
        detail.put("households", Integer.toString(page.size()));
        detail.put("persons", String.join(",", keys));
        // a 支援措置 person shown (to a department with the permission) is flagged, as on every screen
        boolean flagged = !keys.isEmpty() && !persons.protectedAmong(keys.toArray(String[]::new)).isEmpty();
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, detail, flagged));
        List<Row> rows = new ArrayList<>();
        for (Figures.Household h : page) {
            List<String> programs = sources.stream().filter(s -> (h.mask() & s.mask()) != 0).map(Figures.Source::name).toList();
            List<Member> members = h.members().stream().map(byKey::get).filter(java.util.Objects::nonNull)
                    .map(p -> new Member(p.personKey(), p.name(), p.kana(), p.birthDate(),
                            p.birthDate() == null ? "" : jp.tsunagu.japanese.JapaneseDates.warekiWithYear(p.birthDate())))
                    .toList();
            rows.add(new Row(h.householdKey(), h.departments(), programs, members));
        }
        return new Page(numbers.slice(rows), all.size(), visible.size(), properties.multiNeedDepartments());
    }

    private static boolean coversEvery(ViewerAccess sees, List<Figures.Source> sources, long mask) {
        return sources.stream().filter(s -> (mask & s.mask()) != 0)
                .allMatch(s -> sees.level(s.id(), s.departmentId(), null) == GrantLevel.DETAIL);
    }

    private Set<String> protectedHouseholds(ViewerAccess sees, List<Figures.Household> households) {
        if (sees.seesProtectedAddresses()) {
            return Set.of();
        }
        String[] keys = households.stream().flatMap(h -> h.members().stream()).toArray(String[]::new);
        Set<String> protectedKeys = persons.protectedAmong(keys);
        Set<String> hidden = new java.util.HashSet<>();
        households.stream().filter(h -> h.members().stream().anyMatch(protectedKeys::contains))
                .forEach(h -> hidden.add(h.householdKey()));
        return hidden;
    }
}
