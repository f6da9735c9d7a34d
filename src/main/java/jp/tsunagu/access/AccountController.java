package jp.tsunagu.access;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My account (アカウント), opened from the name in the header: who I am, changing my password, and
 * the state of my second factor with the way to set it up.
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class AccountController {

    private final StaffAccounts accounts;
    private final OwnPassword passwords;
    private final TotpPolicy totp;

    AccountController(StaffAccounts accounts, OwnPassword passwords, TotpPolicy totp) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.totp = totp;
    }

    @GetMapping("/account")
    String show(Authentication auth, Model model) {
        model.addAttribute("account", accounts.find(auth.getName()).orElse(null));
        model.addAttribute("totpRequired", totp.roleRequires(auth));
        model.addAttribute("passwordMin", AccountRules.PASSWORD_MIN);
        return "account/index";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam(defaultValue = "") String current,
            @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String repeated,
            Authentication auth, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        try {
            passwords.change(auth.getName(), current, password, repeated);
        } catch (AccountChangeRejected e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("passwordError", e.getMessage());
            return show(auth, model);
        }
        redirect.addFlashAttribute("passwordChanged", true);
        return "redirect:/account";
    }
}
