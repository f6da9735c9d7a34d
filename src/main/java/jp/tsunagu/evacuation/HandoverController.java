package jp.tsunagu.evacuation;

import java.util.Map;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Handovers (名簿情報の提供): the form that gives a district's list to a recipient as Excel or PDF — recorded
 * before the file is answered — and the lists not yet returned or destroyed.
 */
@Controller
@ConditionalOnWebApplication
class HandoverController {

    private final ListHolders holders;
    private final Handovers handovers;
    private final EvacuationSetup setup;
    private final TokyoTime time;
    private final HandoverFiles files;

    HandoverController(ListHolders holders, Handovers handovers, EvacuationSetup setup, TokyoTime time,
            HandoverFiles files) {
        this.holders = holders;
        this.handovers = handovers;
        this.setup = setup;
        this.time = time;
        this.files = files;
    }

    /** The form and the outstanding lists: recipients are supporters, not residents, so no person is named. */
    @GetMapping("/evacuation/handovers")
    String page(@RequestParam(required = false) String district, @RequestParam(required = false) String purpose,
            @RequestParam(required = false) String recipient, Authentication user, Model model) {
        holders.holder(user);
        model.addAttribute("districts", setup.districts());
        model.addAttribute("purposes", Purpose.values());
        model.addAttribute("outstanding", handovers.outstanding());
        model.addAttribute("recent", handovers.recent(50));
        model.addAttribute("today", time.today());
        model.addAttribute("names", districtNames());
        if (district != null && purpose != null) {
            Handovers.Selection selection = handovers.selection(district, Purpose.parse(purpose));
            model.addAttribute("selection", selection);
            if (recipient != null && !recipient.isBlank()) {
                Handovers.Diff diff = handovers.diff(district, selection.purpose(), recipient, selection.rows());
                model.addAttribute("diffCounts", Map.of("added", diff.added().size(), "removed", diff.removed().size(),
                        "changed", diff.changed().size(), "first", diff.first()));
            }
        }
        model.addAttribute("chosenDistrict", district);
        model.addAttribute("chosenPurpose", purpose);
        model.addAttribute("chosenRecipient", recipient);
        return "evacuation/handovers";
    }

    @PersonalData
    @PostMapping("/evacuation/handovers")
    ResponseEntity<byte[]> give(@RequestParam String district, @RequestParam String purpose,
            @RequestParam String recipient, @RequestParam(defaultValue = "xlsx") String format, Authentication user) {
        Viewer viewer = holders.holder(user);
        Handovers.Given given = handovers.give(district, Purpose.parse(purpose), recipient, format, viewer.username());
        return files.answer(given);
    }

    @PostMapping("/evacuation/handovers/{id}/returned")
    String returned(@PathVariable long id, Authentication user) {
        Viewer viewer = holders.holder(user);
        handovers.returned(id, viewer.username());
        return "redirect:/evacuation/handovers?returned=" + id;
    }

    private Map<String, String> districtNames() {
        Map<String, String> names = new java.util.HashMap<>();
        setup.districts().forEach(d -> names.put(d.id(), d.name()));
        return names;
    }
}
