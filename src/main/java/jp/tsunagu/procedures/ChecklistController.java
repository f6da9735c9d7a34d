package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /procedures/persons/{personKey}}: one person's life events and checklists (手続きのチェックリスト),
 * each item with its history, the buttons that move it on (for its department's caseworkers), and the
 * forms that record a life change and add a procedure by hand. Every view is audited.
 */
@Controller
@ConditionalOnWebApplication
class ChecklistController {

    private final Procedures procedures;
    private final ItemStore store;
    private final ItemChanges changes;
    private final ManualEvents manual;
    private final ProcedureRegistry registry;
    private final ResidentIndex residents;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final ChecklistSheet sheet;
    private final jp.tsunagu.printing.PdfPrinter printer;

    ChecklistController(Procedures procedures, ItemStore store, ItemChanges changes, ManualEvents manual,
            ProcedureRegistry registry, ResidentIndex residents, AccessPolicy access, AuditTrail audit,
            ChecklistSheet sheet, jp.tsunagu.printing.PdfPrinter printer) {
        this.sheet = sheet;
        this.printer = printer;
        this.procedures = procedures;
        this.store = store;
        this.changes = changes;
        this.manual = manual;
        this.registry = registry;
        this.residents = residents;
        this.access = access;
        this.audit = audit;
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/procedures/persons/{personKey}")
    String person(@PathVariable String personKey, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        Person person = residents.find(personKey).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Procedures.PersonProcedures shown = procedures.of(personKey, viewer);
        Map<Long, List<ItemStore.History>> history = new HashMap<>();
        shown.open().forEach(v -> history.put(v.item().itemId(), v.detail() ? store.history(v.item().itemId()) : List.of()));
        shown.closed().forEach(v -> history.put(v.item().itemId(), v.detail() ? store.history(v.item().itemId()) : List.of()));
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, personKey, Map.of("section", "procedures",
                "items", Integer.toString(shown.open().size() + shown.closed().size()),
                "itemsInDetail", Long.toString(shown.open().stream().filter(VisibleItem::detail).count()
                        + shown.closed().stream().filter(VisibleItem::detail).count())), person.addressProtected()));
        model.addAttribute("person", person);
        model.addAttribute("shown", shown);
        model.addAttribute("history", history);
        model.addAttribute("kinds", registry.kinds());
        model.addAttribute("viewer", viewer);
        return "procedures/person";
    }

    /**
     * The sheet for the family (おくやみ for a death, the welcome sheet for a birth or a move-in) as PDF: the
     * procedures of the event ({@code event}, else the person's latest death, birth or move-in) across
     * departments. Written to the audit trail as an export before it is answered.
     */
    @jp.tsunagu.platform.PersonalData
    @GetMapping("/procedures/persons/{personKey}/sheet.pdf")
    org.springframework.http.ResponseEntity<byte[]> sheet(@PathVariable String personKey,
            @RequestParam(required = false) Long event, Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        Person person = residents.find(personKey).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        List<LifeEvent> events = store.eventsOf(personKey);
        // without an event asked for: the latest death, birth or move-in (the sheets a counter hands out), else the latest
        LifeEvent chosen = (event != null
                ? events.stream().filter(e -> e.seq() == event).findFirst()
                : events.stream().filter(e -> List.of("death", "birth", "move-in").contains(e.kind())).findFirst()
                        .or(() -> events.stream().findFirst()))
                .orElseThrow(() -> new ItemChangeRefused(event != null ? "この人の出来事 " + event + " はありません"
                        : "この人にはライフイベントの記録がありません (案内の用紙は出来事ごとに作ります)"));
        Procedures.PersonProcedures shown = procedures.of(personKey, viewer);
        List<VisibleItem> items = new java.util.ArrayList<>();
        shown.open().stream().filter(v -> v.item().eventSeq() == chosen.seq()).forEach(items::add);
        shown.closed().stream().filter(v -> v.item().eventSeq() == chosen.seq()).forEach(items::add);
        byte[] pdf = printer.print(sheet.sheet(person, chosen, items));
        audit.record(new AuditEvent(viewer.username(), AuditAction.EXPORT, personKey, Map.of("sheet",
                ChecklistSheet.title(chosen.kind(), chosen.kindLabel()), "event", Long.toString(chosen.seq()),
                "items", Integer.toString(items.size())), person.addressProtected()));
        return jp.tsunagu.printing.PdfAnswer.inline(pdf, ChecklistSheet.title(chosen.kind(), chosen.kindLabel()) + "_"
                + personKey + ".pdf");
    }

    @PostMapping("/procedures/items/{itemId}")
    String change(@PathVariable long itemId, @RequestParam String action, @RequestParam int version,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String note,
            Authentication user, RedirectAttributes redirect) {
        Viewer viewer = access.viewer(user.getName());
        ProcedureItem changed = switch (action) {
            case "guided" -> changes.markGuided(itemId, version, viewer, note);
            case "done" -> changes.complete(itemId, version, viewer, note);
            case "not-applicable" -> changes.notApplicable(itemId, version, viewer, reason);
            case "reopen" -> changes.reopen(itemId, version, viewer, reason);
            default -> throw new ItemChangeRefused("知らない操作です: " + action);
        };
        redirect.addFlashAttribute("done", changed.title() + " を「" + changed.status().label() + "」にしました");
        return "redirect:/procedures/persons/" + changed.personKey() + "#item-" + itemId;
    }

    @PostMapping("/procedures/persons/{personKey}/events")
    String recordEvent(@PathVariable String personKey, @RequestParam String kind, @RequestParam String day,
            @RequestParam(required = false) String note, Authentication user, RedirectAttributes redirect) {
        Viewer viewer = access.viewer(user.getName());
        ManualEvents.Recorded recorded = manual.record(personKey, kind, date(day), note, viewer);
        redirect.addFlashAttribute("done", registry.kind(kind).map(EventKind::label).orElse(kind) + " を記録し、手続き "
                + recorded.items() + " 件を作りました");
        return "redirect:/procedures/persons/" + personKey;
    }

    @PostMapping("/procedures/persons/{personKey}/items")
    String addItem(@PathVariable String personKey, @RequestParam long event, @RequestParam String program,
            @RequestParam String name, @RequestParam(required = false) String due,
            @RequestParam(required = false) String note, Authentication user, RedirectAttributes redirect) {
        Viewer viewer = access.viewer(user.getName());
        long id = manual.addItem(personKey, event, program, name, due == null || due.isBlank() ? null : date(due), note,
                viewer);
        redirect.addFlashAttribute("done", "手続きを追加しました");
        return "redirect:/procedures/persons/" + personKey + "#item-" + id;
    }

    /** A day in any notation a clerk types: 2026-04-02, R8.4.2, 令和8年4月2日. */
    static LocalDate date(String text) {
        try {
            return JapaneseDates.parseAny(text);
        } catch (RuntimeException e) {
            throw new ItemChangeRefused("日付として読めません: " + text + " (2026-04-02、令和8年4月2日、R8.4.2 のように)");
        }
    }

    @ExceptionHandler(ItemChangeRefused.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String refused(ItemChangeRefused e, Model model) {
        model.addAttribute("message", e.getMessage());
        return "procedures/refused";
    }
}
