package jp.tsunagu.evacuation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Disaster mode on screen (災害モード): declaring and ending it (administrators), the live dashboard of
 * confirmation by district, and the phone-sized page on which staff record 安否確認 — entries queue on the
 * device and are sent when the connection returns ({@code /js/evacuation-safety.js}).
 */
@Controller
@ConditionalOnWebApplication
class DisasterController {

    private final ListHolders holders;
    private final Disasters disasters;
    private final SafetyChecks safety;
    private final EvacuationSetup setup;
    private final Roster roster;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final VisibleReasons visible;
    private final TokyoTime time;

    DisasterController(ListHolders holders, Disasters disasters, SafetyChecks safety, EvacuationSetup setup,
            Roster roster, AccessPolicy access, AuditTrail audit, TokyoTime time, VisibleReasons visible) {
        this.visible = visible;
        this.holders = holders;
        this.disasters = disasters;
        this.safety = safety;
        this.setup = setup;
        this.roster = roster;
        this.access = access;
        this.audit = audit;
        this.time = time;
    }

    /** The mode, the form to declare or end it, and the dashboard: counts only, no person named. */
    @GetMapping("/evacuation/disaster")
    String page(Authentication user, Model model) {
        Viewer viewer = holders.confirmer(user);
        model.addAttribute("administrator", viewer.role() == Role.ADMIN);
        model.addAttribute("districts", setup.districts());
        model.addAttribute("past", disasters.all());
        disasters.current().ifPresent(d -> model.addAttribute("tallies", safety.dashboard(d)));
        model.addAttribute("statuses", SafetyStatus.values());
        return "evacuation/disaster";
    }

    /** The dashboard alone, polled by the page every few seconds (htmx). */
    @GetMapping("/evacuation/disaster/dashboard")
    String dashboard(Authentication user, Model model) {
        holders.confirmer(user);
        disasters.current().ifPresent(d -> model.addAttribute("tallies", safety.dashboard(d)));
        model.addAttribute("statuses", SafetyStatus.values());
        return "evacuation/disaster :: dashboard";
    }

    @PostMapping("/evacuation/disaster")
    String declare(@RequestParam String kind, @RequestParam(required = false) List<String> district,
            Authentication user) {
        Viewer viewer = administrator(user);
        disasters.declare(kind, district, time.now().toOffsetDateTime(), viewer.username());
        return "redirect:/evacuation/disaster";
    }

    @PostMapping("/evacuation/disaster/end")
    String end(Authentication user) {
        Viewer viewer = administrator(user);
        disasters.end(viewer.username());
        return "redirect:/evacuation/disaster";
    }

    /** The phone page: the persons of one district of the disaster, with their latest state. */
    @PersonalData
    @GetMapping("/evacuation/safety")
    String safety(@RequestParam(required = false) String district, Authentication user, Model model) {
        Viewer viewer = holders.confirmer(user);
        java.util.Optional<Disasters.Disaster> disaster = disasters.current();
        // outside a disaster the page is a drill (訓練): the list of a district, nothing can be recorded
        List<District> choosable = disaster.map(d -> d.districts().stream().map(setup::district)
                .flatMap(java.util.Optional::stream).toList()).orElse(setup.districts());
        if (choosable.isEmpty()) {
            throw new EvacuationInputException("地区が設定されていません");
        }
        District chosen = choosable.stream().filter(d -> d.id().equals(district)).findFirst().orElse(choosable.get(0));
        ViewerAccess sees = access.of(viewer);
        List<Roster.Entry> entries = roster.entries(roster.keys(chosen.id())).stream()
                .filter(e -> !sees.withholdsWhereabouts(e.protectedPerson(), e.person().personKey())).toList();
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, Map.of("screen", "evacuation.safety",
                "district", chosen.id(), "count", Integer.toString(entries.size())),
                entries.stream().anyMatch(Roster.Entry::protectedPerson)));
        model.addAttribute("disaster", disaster.orElse(null));
        model.addAttribute("district", chosen);
        model.addAttribute("districts", choosable);
        model.addAttribute("rows", entries.stream().map(e -> EvacuationController.Row.of(e, sees, visible)).toList());
        model.addAttribute("latest", disaster.map(d -> safety.latest(d.id(),
                entries.stream().map(e -> e.person().personKey()).toList())).orElse(Map.of()));
        model.addAttribute("statuses", SafetyStatus.values());
        return "evacuation/safety";
    }

    /** Entries from the phone page's queue; an entry already stored (a resend) is skipped. */
    @PostMapping(path = "/evacuation/safety/entries", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Integer> entries(@RequestBody List<SafetyApi.EntryInput> entries, Authentication user) {
        Viewer viewer = holders.confirmer(user);
        int stored = safety.record(entries.stream().map(SafetyApi.EntryInput::entry).toList(), viewer.username());
        return Map.of("received", entries.size(), "stored", stored);
    }

    private Viewer administrator(Authentication user) {
        Viewer viewer = holders.holder(user);
        if (viewer.role() != Role.ADMIN) {
            throw new ListHolders.NotAHolder("災害モードの宣言と終了は管理者だけができます");
        }
        return viewer;
    }

    static OffsetDateTime now(TokyoTime time) {
        return time.now().toOffsetDateTime();
    }
}
