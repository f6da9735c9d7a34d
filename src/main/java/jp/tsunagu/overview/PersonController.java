package jp.tsunagu.overview;

import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.audit.AuditUnavailableException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/** {@code /persons/{personKey}}: one person on one screen. */
@Controller
@ConditionalOnWebApplication
class PersonController {

    private final PersonOverview overview;
    private final AccessPolicy access;

    PersonController(PersonOverview overview, AccessPolicy access) {
        this.overview = overview;
        this.access = access;
    }

    @GetMapping("/persons/{personKey}")
    String person(@PathVariable String personKey, Authentication user, Model model) {
        PersonOverview.View view = overview.view(personKey, access.viewer(user.getName()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("view", view);
        return "overview/person";
    }

    /** The same overview as JSON, for the one-stop counter system and others. */
    @GetMapping(path = "/api/v1/persons/{personKey}/overview", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<?> api(@PathVariable String personKey, Authentication user) {
        try {
            return overview.view(personKey, access.viewer(user.getName()))
                    .<org.springframework.http.ResponseEntity<?>>map(org.springframework.http.ResponseEntity::ok)
                    .orElseGet(() -> org.springframework.http.ResponseEntity.status(HttpStatus.NOT_FOUND)
                            .body(java.util.Map.of("error", "宛名番号 " + personKey + " の人は見つかりません")));
        } catch (AuditUnavailableException e) {
            return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(java.util.Map.of("error", "アクセス記録を書けないため、表示できません。管理者に連絡してください。"));
        }
    }

    @ExceptionHandler(AuditUnavailableException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    String auditDown(Model model) {
        model.addAttribute("message", "アクセス記録を書けないため、表示できません。管理者に連絡してください。");
        return "overview/unavailable";
    }
}
