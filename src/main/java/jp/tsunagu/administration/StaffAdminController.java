package jp.tsunagu.administration;

import jp.tsunagu.access.AccountAdministration;
import jp.tsunagu.access.AccountChangeRejected;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccount;
import jp.tsunagu.access.StaffAccounts;
import java.time.Clock;
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
 * The staff accounts screen (職員アカウント管理), for administrators. A generated password is handed
 * to the next page as a flash attribute, so it is shown once and is gone on reload.
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
@RequestMapping("/admin/staff")
class StaffAdminController {

    static final int PAGE_SIZE = 50;

    private final StaffAccounts accounts;
    private final AccountAdministration administration;
    private final Clock clock;

    StaffAdminController(StaffAccounts accounts, AccountAdministration administration, Clock clock) {
        this.accounts = accounts;
        this.administration = administration;
        this.clock = clock;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "1") int page,
            Model model) {
        model.addAttribute("q", q);
        model.addAttribute("staff", accounts.page(q, page, PAGE_SIZE));
        model.addAttribute("now", clock.instant());
        return "admin/staff-list";
    }

    @GetMapping("/new")
    String newAccount(Model model) {
        return form(model, null, "", "", "", Role.VIEWER);
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String departmentId, @RequestParam Role role, Authentication auth,
            Model model, RedirectAttributes redirect) {
        try {
            String password = administration.create(auth.getName(), username.strip(), displayName, departmentId,
                    role);
            redirect.addFlashAttribute("issuedPassword", password);
            redirect.addFlashAttribute("done", "created");
            redirect.addAttribute("username", username.strip());
            return "redirect:/admin/staff/{username}/edit";
        } catch (AccountChangeRejected e) {
            model.addAttribute("error", e.getMessage());
            return form(model, null, username, displayName, departmentId, role);
        }
    }

    @GetMapping("/{username}/edit")
    String edit(@PathVariable String username, Model model) {
        StaffAccount account = existing(username);
        return form(model, account, account.username(), account.displayName(), account.departmentId(),
                account.role());
    }

    @PostMapping("/{username}/edit")
    String update(@PathVariable String username, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String departmentId, @RequestParam Role role,
            @RequestParam(defaultValue = "false") boolean enabled, Authentication auth, Model model,
            RedirectAttributes redirect) {
        StaffAccount account = existing(username);
        try {
            boolean changed = administration.update(auth.getName(), username, displayName, departmentId, role,
                    enabled);
            redirect.addFlashAttribute("done", changed ? "updated" : "unchanged");
            redirect.addAttribute("username", username);
            return "redirect:/admin/staff/{username}/edit";
        } catch (AccountChangeRejected e) {
            model.addAttribute("error", e.getMessage());
            return form(model, account, username, displayName, departmentId, role);
        }
    }

    /** Asks once before replacing a password. */
    @GetMapping("/{username}/password")
    String confirmPasswordReset(@PathVariable String username, Model model) {
        model.addAttribute("account", existing(username));
        model.addAttribute("action", "password");
        return "admin/staff-confirm";
    }

    @PostMapping("/{username}/password")
    String resetPassword(@PathVariable String username, Authentication auth, RedirectAttributes redirect) {
        existing(username);
        redirect.addFlashAttribute("issuedPassword", administration.resetPassword(auth.getName(), username));
        redirect.addFlashAttribute("done", "password");
        redirect.addAttribute("username", username);
        return "redirect:/admin/staff/{username}/edit";
    }

    @PostMapping("/{username}/unlock")
    String unlock(@PathVariable String username, Authentication auth, RedirectAttributes redirect) {
        existing(username);
        administration.unlock(auth.getName(), username);
        redirect.addFlashAttribute("done", "unlocked");
        redirect.addAttribute("username", username);
        return "redirect:/admin/staff/{username}/edit";
    }

    /** Asks once before removing a second factor. */
    @GetMapping("/{username}/totp")
    String confirmTotpReset(@PathVariable String username, Model model) {
        model.addAttribute("account", existing(username));
        model.addAttribute("action", "totp");
        return "admin/staff-confirm";
    }

    @PostMapping("/{username}/totp")
    String resetTotp(@PathVariable String username, Authentication auth, RedirectAttributes redirect) {
        existing(username);
        administration.resetTotp(auth.getName(), username);
        redirect.addFlashAttribute("done", "totp");
        redirect.addAttribute("username", username);
        return "redirect:/admin/staff/{username}/edit";
    }

    private String form(Model model, StaffAccount account, String username, String displayName,
            String departmentId, Role role) {
        model.addAttribute("account", account);
        model.addAttribute("username", username);
        model.addAttribute("displayName", displayName);
        model.addAttribute("departmentId", departmentId);
        model.addAttribute("role", role);
        model.addAttribute("roles", Role.values());
        model.addAttribute("departments", accounts.departments());
        model.addAttribute("now", clock.instant());
        return "admin/staff-form";
    }

    private StaffAccount existing(String username) {
        return accounts.find(username).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
