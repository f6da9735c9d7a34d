package jp.tsunagu.administration;

import jp.tsunagu.access.LoginThrottle;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jp.tsunagu.audit.AuditEntry;
import jp.tsunagu.audit.AuditUnavailableException;
import jp.tsunagu.audit.SecurityEvents;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' view of login throttling (ログイン制限): the user IDs and addresses whose logins
 * are refused now, with a button to lift a refusal, and the latest refusals and liftings from the
 * audit trail.
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
@RequestMapping("/admin/logins")
class LoginThrottleAdminController {

    private final LoginThrottle throttle;
    private final SecurityEvents events;

    LoginThrottleAdminController(LoginThrottle throttle, SecurityEvents events) {
        this.throttle = throttle;
        this.events = events;
    }

    /** One line of the latest events: a refusal that began, or one an administrator lifted. */
    record EventLine(String at, boolean lifted, String liftedBy, boolean account, String subject, String refusal,
            String delay, Instant until) {

        static EventLine of(AuditEntry entry) {
            Map<String, String> d = entry.detail();
            Instant until = d.containsKey("until") ? Instant.parse(d.get("until")) : null;
            String delay = d.containsKey("delay") ? words(Duration.parse(d.get("delay"))) : "";
            return new EventLine(entry.atText(), "lifted".equals(d.get("change")), entry.actor(),
                    !"address".equals(d.get("kind")), d.get("subject"), d.getOrDefault("refusal", ""), delay, until);
        }

        /** 30秒, 2分, 1時間30分. */
        static String words(Duration d) {
            long seconds = d.toSeconds();
            if (seconds < 60) {
                return seconds + "秒";
            }
            if (seconds < 3600) {
                return seconds / 60 + "分" + (seconds % 60 == 0 ? "" : seconds % 60 + "秒");
            }
            return seconds / 3600 + "時間" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "分");
        }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("current", throttle.current());
        model.addAttribute("events", events.loginThrottles().stream().map(EventLine::of).toList());
        model.addAttribute("limit", SecurityEvents.LIMIT);
        return "admin/logins";
    }

    @PostMapping("/lift")
    String lift(@RequestParam LoginThrottle.Kind kind, @RequestParam String subject, Authentication auth,
            RedirectAttributes redirect) {
        boolean lifted = throttle.lift(auth.getName(), kind, subject);
        redirect.addFlashAttribute("done", lifted ? "lifted" : "none");
        redirect.addFlashAttribute("doneSubject", subject);
        return "redirect:/admin/logins";
    }

    /** Lifting could not be recorded, so the refusal stands. */
    @ExceptionHandler(AuditUnavailableException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    String unavailable() {
        return "admin/logins-unavailable";
    }
}
