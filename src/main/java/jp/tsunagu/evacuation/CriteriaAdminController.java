package jp.tsunagu.evacuation;

import jp.tsunagu.programs.Programs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The criteria as configured (名簿の基準, administrators only — {@code /admin/**}): where they were read from,
 * each rule and whether its source is known, the districts with their 町丁目, and a button to recompute now.
 */
@Controller
@ConditionalOnWebApplication
class CriteriaAdminController {

    private final EvacuationSetup setup;
    private final Programs programs;
    private final ListRecompute recompute;
    private final Roster roster;

    CriteriaAdminController(EvacuationSetup setup, Programs programs, ListRecompute recompute, Roster roster) {
        this.setup = setup;
        this.programs = programs;
        this.recompute = recompute;
        this.roster = roster;
    }

    @GetMapping("/admin/evacuation")
    String page(Model model) {
        model.addAttribute("setup", setup);
        model.addAttribute("sources", setup.sources().stream()
                .collect(java.util.stream.Collectors.toMap(s -> s, s -> programs.source(s).map(p -> p.name()).orElse(""))));
        model.addAttribute("last", roster.lastRecompute().orElse(null));
        return "evacuation/criteria";
    }

    @PostMapping("/admin/evacuation/recompute")
    String recompute(Authentication user) {
        ListRecompute.Result result = recompute.recompute("管理者 " + user.getName());
        return "redirect:/admin/evacuation?listed=" + result.listed();
    }
}
