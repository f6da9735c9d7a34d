package jp.tsunagu.insights;

import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The multi-need households screen ({@code /insights/households}): names persons, so it is audited and marked. */
@Controller
@ConditionalOnWebApplication
class HouseholdsController {

    private final MultiNeedHouseholds households;
    private final AccessPolicy access;

    HouseholdsController(MultiNeedHouseholds households, AccessPolicy access) {
        this.households = households;
        this.access = access;
    }

    @PersonalData
    @GetMapping("/insights/households")
    String page(@RequestParam(defaultValue = "1") int page, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        model.addAttribute("result", households.page(viewer, access.of(viewer), page, "insights.households.html"));
        return "insights/households";
    }
}
