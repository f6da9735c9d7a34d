package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What staff record by hand (職員による記録): a life change the registry does not show (離職, 入院 …),
 * or one it shows late, with the checklist the registry gives it; and a procedure the registry does not
 * list, added to an event's checklist. Written to the audit trail like every change of a checklist.
 */
@Service
public class ManualEvents {

    private final ResidentIndex residents;
    private final ProcedureRegistry registry;
    private final LifeEventRecorder recorder;
    private final Checklists checklists;
    private final ItemStore store;
    private final AuditTrail audit;
    private final TokyoTime time;

    ManualEvents(ResidentIndex residents, ProcedureRegistry registry, LifeEventRecorder recorder, Checklists checklists,
            ItemStore store, AuditTrail audit, TokyoTime time) {
        this.residents = residents;
        this.registry = registry;
        this.recorder = recorder;
        this.checklists = checklists;
        this.store = store;
        this.audit = audit;
        this.time = time;
    }

    /** The event just recorded and the number of its items. */
    public record Recorded(long seq, int items) {
    }

    /**
     * Records a life event of this kind on this day for the person, with its checklist; an event of that
     * kind on that day recorded before is refused (it has its checklist already).
     */
    @Transactional
    public Recorded record(String personKey, String kindId, LocalDate day, String note, Viewer viewer) {
        mayRecord(viewer);
        EventKind kind = registry.kind(kindId).orElseThrow(() -> new ItemChangeRefused("出来事の種類を選んでください"));
        Person person = residents.find(personKey)
                .orElseThrow(() -> new ItemChangeRefused("宛名番号 " + personKey + " の人は見つかりません"));
        LocalDate on = ItemChanges.eventDay(day, time.today());
        String cleanNote = ItemChanges.optional(note);
        LifeEventRecorder.Added added = recorder.record(List.of(new LifeEvents.NewEvent(personKey, kind.id(), on,
                "MANUAL", null, null, person.householdKey(), Towns.of(person.address()), cleanNote, viewer.username(),
                person.birthDate())));
        if (added.events().isEmpty()) {
            throw new ItemChangeRefused(kind.label() + " (" + on + ") はこの人について記録済みです");
        }
        long seq = added.events().get(0).seq();
        audit.record(new AuditEvent(viewer.username(), AuditAction.PROCEDURE_CHANGE, personKey,
                Map.of("event", Long.toString(seq), "kind", kind.label(), "day", on.toString(),
                        "items", Integer.toString(added.items())), false));
        return new Recorded(seq, added.items());
    }

    /** Adds a procedure by hand to one of the person's events, for the viewer's own department. */
    @Transactional
    public long addItem(String personKey, long eventSeq, String program, String name, LocalDate dueOn, String note,
            Viewer viewer) {
        mayRecord(viewer);
        LifeEvent event = store.event(eventSeq).filter(e -> e.personKey().equals(personKey))
                .orElseThrow(() -> new ItemChangeRefused("この人の出来事 " + eventSeq + " はありません"));
        String cleanProgram = ItemChanges.optional(program);
        String cleanName = ItemChanges.optional(name);
        if (cleanProgram == null || cleanName == null) {
            throw new ItemChangeRefused("制度と手続きの名前を入力してください");
        }
        if (viewer.departmentId() == null) {
            throw new ItemChangeRefused("所属のない職員は手続きを追加できません");
        }
        long id = checklists.addManual(eventSeq, personKey, event.kind(), event.town(), cleanProgram, cleanName,
                viewer.departmentId(), dueOn, ItemChanges.optional(note), viewer.username());
        audit.record(new AuditEvent(viewer.username(), AuditAction.PROCEDURE_CHANGE, personKey,
                Map.of("item", Long.toString(id), "procedure", cleanProgram + " — " + cleanName, "to", "要対応"), false));
        return id;
    }

    private static void mayRecord(Viewer viewer) {
        if (viewer.role() != Role.CASEWORKER && viewer.role() != Role.ADMIN) {
            throw new ItemChangeRefused("出来事と手続きを記録できるのは担当者と管理者です");
        }
    }
}
