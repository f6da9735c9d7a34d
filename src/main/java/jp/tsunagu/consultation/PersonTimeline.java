package jp.tsunagu.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.procedures.LifeEvent;
import jp.tsunagu.procedures.Procedures;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.stereotype.Service;

/**
 * A person's 経過 (個人の経過): what the hub knows happened to one person, oldest first, in one list — the entries
 * of the consultation records the viewer sees whole (受付, 経過, 訂正, つなぎ, 確認 …), the person's life events
 * (転入, 出生, 75歳到達 … from the procedures module) and the changes of their program records (from the programs
 * module). Only what the viewer may see: a record of a category the viewer may not see whole adds nothing — not
 * even that it exists (the overview's panel says whom to ask); a program's changes only where the viewer may know
 * of the program; a 支援措置 person's 町丁目 withheld as their address is. Each look is audited, with what it showed.
 */
@Service
public class PersonTimeline {

    /** How many of the person's latest program changes are merged in (the overview shows as many). */
    static final int PROGRAM_CHANGES = 50;

    /** Where a line comes from (経過の種類). */
    public enum Kind {
        CONSULTATION("相談・通報"), LIFE_EVENT("ライフイベント"), PROGRAM("制度の変更");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One line of the 経過.
     *
     * @param at when: the entry's time (a record's 受付 at the time the call came in), the start of a life event's
     *     day in Tokyo, the import of a program change
     * @param dayOnly a life event is known by its day, not its time
     * @param title 「児童虐待 (電話) — つなぎ」, 「転入 (入間川一丁目)」, 「介護保険 資格 — 変更」
     * @param text an entry's text, a life event's note, or {@code null}
     * @param consultationId the record of a consultation line, else {@code null}
     * @param who the department (and extension) that wrote it, how the hub learnt of a life event, or the program's
     *     department
     */
    public record Line(Instant at, boolean dayOnly, Kind kind, String title, String text, Long consultationId,
            String who) {

        /** The time as the screen shows it: 和暦 to the minute, or the day alone. */
        public String shownAt() {
            return dayOnly ? jp.tsunagu.japanese.JapaneseDates.warekiWithYear(day()) : TokyoTime.minutes(at);
        }

        public LocalDate day() {
            return at.atZone(TokyoTime.ZONE).toLocalDate();
        }
    }

    /** The 経過 of one person: who, and the lines oldest first. */
    public record Timeline(String personKey, String name, List<Line> lines) {
    }

    private final ResidentIndex residents;
    private final PersonConsultations consultations;
    private final ConsultationAccess access;
    private final Procedures procedures;
    private final Programs programs;
    private final AuditTrail audit;

    PersonTimeline(ResidentIndex residents, PersonConsultations consultations, ConsultationAccess access,
            Procedures procedures, Programs programs, AuditTrail audit) {
        this.residents = residents;
        this.consultations = consultations;
        this.access = access;
        this.procedures = procedures;
        this.programs = programs;
        this.audit = audit;
    }

    /**
     * The person's 経過 as this viewer may see it, audited ({@code screen}: html, api).
     *
     * @throws ConsultationNotFound when no person has this key
     */
    public Timeline of(String personKey, Viewer viewer, String screen) {
        Person person = residents.find(personKey).orElseThrow(() -> ConsultationNotFound.person(personKey));
        ViewerAccess may = access.scope(viewer).may();
        List<Line> lines = new ArrayList<>();
        Set<Long> records = new LinkedHashSet<>();
        for (PersonConsultations.TimelineItem e : consultations.timeline(personKey, viewer)) {
            lines.add(new Line(e.at(), false, Kind.CONSULTATION, e.title(), e.text(), e.consultationId(),
                    e.department()));
            records.add(e.consultationId());
        }
        Procedures.PersonProcedures known = procedures.of(personKey, viewer);
        List<String> events = new ArrayList<>();
        for (LifeEvent e : known.events()) {
            String town = known.town(e);
            lines.add(new Line(e.occurredOn().atStartOfDay(TokyoTime.ZONE).toInstant(), true, Kind.LIFE_EVENT,
                    e.kindLabel() + (town == null || town.isBlank() ? "" : " (" + town + ")"), e.note(), null,
                    e.originLabel()));
            events.add(Long.toString(e.seq()));
        }
        Set<String> sources = new LinkedHashSet<>();
        for (var change : programs.timeline(personKey, null, PROGRAM_CHANGES)) {
            programs.source(change.sourceId())
                    .filter(s -> may.level(s.id(), s.department().id(), personKey) != GrantLevel.NONE)
                    .ifPresent(s -> {
                        lines.add(new Line(change.at().toInstant(), false, Kind.PROGRAM,
                                s.name() + " — " + change.kindLabel(), null, null,
                                s.department().name() + " (" + s.department().contact() + ")"));
                        sources.add(s.id());
                    });
        }
        // oldest first; on one day a life event (known by its day alone) before what was written that day
        lines.sort(Comparator.comparing(Line::at).thenComparing(l -> !l.dayOnly()));
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "consultation.timeline." + screen);
        detail.put("consultations", String.join(",", records.stream().map(String::valueOf).toList()));
        detail.put("lifeEvents", String.join(",", events));
        detail.put("programs", String.join(",", sources));
        boolean breakGlass = may.breakGlass(personKey).isPresent();
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, personKey, detail,
                person.addressProtected() || breakGlass));
        return new Timeline(personKey, person.name(), List.copyOf(lines));
    }
}
