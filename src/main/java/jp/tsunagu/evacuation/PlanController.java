package jp.tsunagu.evacuation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.printing.PdfAnswer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Individual evacuation plans on screen and on one printed page (個別避難計画). */
@Controller
@ConditionalOnWebApplication
class PlanController {

    static final int SUPPORTERS = 3;

    private final ListHolders holders;
    private final Plans plans;
    private final Roster roster;
    private final CityMap map;
    private final ListPdf pdf;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final VisibleReasons visible;

    PlanController(ListHolders holders, Plans plans, Roster roster, CityMap map, ListPdf pdf, AccessPolicy access,
            AuditTrail audit, VisibleReasons visible) {
        this.visible = visible;
        this.holders = holders;
        this.plans = plans;
        this.roster = roster;
        this.map = map;
        this.pdf = pdf;
        this.access = access;
        this.audit = audit;
    }

    @PersonalData
    @GetMapping("/evacuation/persons/{personKey}/plan")
    String form(@PathVariable String personKey, Authentication user, Model model) {
        Viewer viewer = holders.holder(user);
        Roster.Entry entry = listed(personKey);
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, personKey,
                Map.of("screen", "evacuation.plan"), entry.protectedPerson()));
        Plans.Plan plan = plans.find(personKey).orElse(null);
        List<Plans.Supporter> supporters = new ArrayList<>(plan == null ? List.of() : plan.supporters());
        while (supporters.size() < SUPPORTERS) {
            supporters.add(new Plans.Supporter("", "", ""));
        }
        model.addAttribute("row", EvacuationController.Row.of(entry, access.of(viewer), visible));
        model.addAttribute("plan", plan);
        model.addAttribute("supporters", supporters);
        model.addAttribute("shelters", map.shelters());
        return "evacuation/plan";
    }

    @PostMapping("/evacuation/persons/{personKey}/plan")
    String save(@PathVariable String personKey, @RequestParam(required = false) String shelterId,
            @RequestParam(required = false) String means, @RequestParam(required = false) String notes,
            @RequestParam(required = false) List<String> supporterName,
            @RequestParam(required = false) List<String> supporterRelation,
            @RequestParam(required = false) List<String> supporterContact, Authentication user) {
        Viewer viewer = holders.holder(user);
        List<Plans.Supporter> supporters = new ArrayList<>();
        int n = supporterName == null ? 0 : supporterName.size();
        for (int i = 0; i < n; i++) {
            supporters.add(new Plans.Supporter(supporterName.get(i), at(supporterRelation, i), at(supporterContact, i)));
        }
        plans.save(personKey, shelterId, means, notes, supporters, viewer.username());
        return "redirect:/evacuation/persons/" + personKey + "/plan?saved";
    }

    @PersonalData
    @GetMapping("/evacuation/persons/{personKey}/plan.pdf")
    ResponseEntity<byte[]> print(@PathVariable String personKey, Authentication user) {
        Viewer viewer = holders.holder(user);
        Roster.Entry entry = listed(personKey);
        boolean withheld = access.of(viewer).withholdsWhereabouts(entry.protectedPerson(), personKey);
        audit.record(new AuditEvent(viewer.username(), AuditAction.EXPORT, personKey,
                Map.of("screen", "evacuation.plan", "format", "pdf"), entry.protectedPerson()));
        return PdfAnswer.attachment(pdf.plan(entry, plans.find(personKey).orElse(null), withheld),
                "個別避難計画_" + personKey + ".pdf");
    }

    private Roster.Entry listed(String personKey) {
        List<Roster.Entry> found = roster.entries(List.of(personKey));
        if (found.isEmpty()) {
            throw new EvacuationInputException("宛名番号 " + personKey + " の人は名簿に載っていません");
        }
        return found.get(0);
    }

    private static String at(List<String> values, int i) {
        return values == null || i >= values.size() ? null : values.get(i);
    }
}
