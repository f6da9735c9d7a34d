package jp.tsunagu.administration;

import jp.tsunagu.access.AccountChangeRejected;
import jp.tsunagu.access.ApiToken;
import jp.tsunagu.access.ApiTokenAdministration;
import jp.tsunagu.access.ApiTokenIssued;
import jp.tsunagu.access.StaffAccounts;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The API tokens screen (APIトークン管理), for administrators. A new token's secret is handed to the
 * list as a flash attribute, so it is shown once and is gone on reload; revoking asks once.
 */
@Controller
@ConditionalOnWebApplication
@RequestMapping("/admin/tokens")
class ApiTokenAdminController {

    static final String DEFAULT_ENDPOINT = "/api/v1/persons";

    private final ApiTokenAdministration administration;
    private final StaffAccounts accounts;
    private final Clock clock;

    ApiTokenAdminController(ApiTokenAdministration administration, StaffAccounts accounts, Clock clock) {
        this.administration = administration;
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("tokens", administration.page(page, StaffAdminController.PAGE_SIZE));
        model.addAttribute("now", clock.instant());
        return "admin/tokens";
    }

    @GetMapping("/new")
    String newToken(Model model) {
        return form(model, "", "", DEFAULT_ENDPOINT, "", "");
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String departmentId,
            @RequestParam(defaultValue = "") String endpoints, @RequestParam(defaultValue = "") String sources,
            @RequestParam(defaultValue = "") String expiresOn, Authentication auth, Model model,
            RedirectAttributes redirect) {
        try {
            ApiTokenIssued issued = administration.create(auth.getName(), name, departmentId, entries(endpoints),
                    entries(sources), expiry(expiresOn));
            redirect.addFlashAttribute("issuedSecret", issued.secret());
            redirect.addFlashAttribute("issuedName", issued.token().name());
            redirect.addFlashAttribute("done", "created");
            return "redirect:/admin/tokens";
        } catch (AccountChangeRejected e) {
            model.addAttribute("error", e.getMessage());
            return form(model, name, departmentId, endpoints, sources, expiresOn);
        }
    }

    /** Asks once before revoking. */
    @GetMapping("/{id}/revoke")
    String confirmRevoke(@PathVariable long id, Model model) {
        model.addAttribute("token", existing(id));
        return "admin/tokens-confirm";
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable long id, Authentication auth, RedirectAttributes redirect) {
        existing(id);
        try {
            administration.revoke(auth.getName(), id);
            redirect.addFlashAttribute("done", "revoked");
        } catch (AccountChangeRejected e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/tokens";
    }

    private String form(Model model, String name, String departmentId, String endpoints, String sources,
            String expiresOn) {
        model.addAttribute("name", name);
        model.addAttribute("departmentId", departmentId);
        model.addAttribute("endpoints", endpoints);
        model.addAttribute("sources", sources);
        model.addAttribute("expiresOn", expiresOn);
        model.addAttribute("departments", accounts.departments());
        return "admin/tokens-form";
    }

    private ApiToken existing(long id) {
        return administration.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** One entry per line, or separated by commas or spaces. */
    private static List<String> entries(String text) {
        return Arrays.stream(text.split("[\\s,、]+")).filter(s -> !s.isBlank()).toList();
    }

    private Instant expiry(String date) {
        if (date.isBlank()) {
            return null;
        }
        try {
            // the last day on which the token works ends at midnight in Japan, whatever the server's zone
            return LocalDate.parse(date.strip()).plusDays(1).atStartOfDay(jp.tsunagu.platform.TokyoTime.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new AccountChangeRejected("有効期限は 2026-03-31 の形で書いてください");
        }
    }
}
