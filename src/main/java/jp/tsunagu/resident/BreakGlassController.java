package jp.tsunagu.resident;

import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.BreakGlass;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * 緊急閲覧: a staff member who must see what their department may not (a 支援措置 person's address,
 * a program's detail) types why; for 30 minutes they see that one person in full. Recorded and
 * flagged to auditors before it takes effect.
 */
@Controller
@ConditionalOnWebApplication
class BreakGlassController {

    private final AccessPolicy access;
    private final ResidentIndex index;

    BreakGlassController(AccessPolicy access, ResidentIndex index) {
        this.access = access;
        this.index = index;
    }

    @GetMapping("/persons/{personKey}/break-glass")
    String form(@PathVariable String personKey, Model model) {
        model.addAttribute("personKey", personKey);
        return "resident/break-glass";
    }

    @PostMapping("/persons/{personKey}/break-glass")
    String open(@PathVariable String personKey, @RequestParam(defaultValue = "") String reason, Authentication user,
            Model model, RedirectAttributes redirect) {
        Viewer viewer = access.viewer(user.getName());
        if (index.find(personKey).isEmpty()) {
            model.addAttribute("personKey", personKey);
            model.addAttribute("error", "宛名番号 " + personKey + " の人は見つかりません");
            return "resident/break-glass";
        }
        try {
            BreakGlass open = access.openBreakGlass(viewer, personKey, reason);
            redirect.addFlashAttribute("notice", "緊急閲覧を開始しました (" + java.time.LocalTime.ofInstant(
                    open.expiresAt(), TokyoTime.ZONE).withNano(0) + " まで)。この閲覧は記録され、監査者に通知されます。");
        } catch (IllegalArgumentException e) {
            model.addAttribute("personKey", personKey);
            model.addAttribute("reason", reason);
            model.addAttribute("error", e.getMessage());
            return "resident/break-glass";
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/persons/{k}").buildAndExpand(personKey).toUriString();
    }
}
