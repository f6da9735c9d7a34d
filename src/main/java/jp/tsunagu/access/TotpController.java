package jp.tsunagu.access;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second factor (二段階認証): enrolling an authenticator app, and entering its code after the
 * password. A wrong code counts as a failed login ({@link LoginThrottle}).
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
@RequestMapping(TotpGate.PAGE)
class TotpController {

    private static final String PENDING_SECRET = TotpController.class.getName() + ".secret";
    private static final String ISSUER = "Tsunagu";

    private final TotpSecrets secrets;
    private final TotpPolicy policy;
    private final LoginThrottle throttle;
    private final LoginSuccess loginSuccess;

    TotpController(TotpSecrets secrets, TotpPolicy policy, LoginThrottle throttle, LoginSuccess loginSuccess) {
        this.secrets = secrets;
        this.policy = policy;
        this.throttle = throttle;
        this.loginSuccess = loginSuccess;
    }

    @GetMapping
    String show(Authentication auth, HttpSession session, Model model) {
        boolean enrolled = secrets.enrolled(auth.getName());
        boolean pending = TotpGate.PENDING.equals(session.getAttribute(TotpGate.STATE));
        model.addAttribute("pending", pending);
        model.addAttribute("enrolled", enrolled);
        model.addAttribute("required", policy.roleRequires(auth));
        if (!enrolled) {
            byte[] secret = (byte[]) session.getAttribute(PENDING_SECRET);
            if (secret == null) {
                secret = Totp.newSecret();
                session.setAttribute(PENDING_SECRET, secret);
            }
            model.addAttribute("secret", spaced(Base32.encode(secret)));
            String uri = Totp.uri(ISSUER, auth.getName(), secret);
            model.addAttribute("uri", uri);
            model.addAttribute("qr", QrCode.svg(uri, "二段階認証の登録用QRコード"));
        }
        return "admin/totp";
    }

    @PostMapping("/enrol")
    String enrol(@RequestParam(defaultValue = "") String code, Authentication auth, HttpServletRequest request,
            HttpServletResponse response, Model model) throws IOException, ServletException {
        HttpSession session = request.getSession();
        byte[] secret = (byte[]) session.getAttribute(PENDING_SECRET);
        if (secret == null || secrets.enrolled(auth.getName())) {
            return "redirect:" + TotpGate.PAGE;
        }
        if (!secrets.enrol(auth.getName(), secret, code)) {
            model.addAttribute("codeError", true);
            return show(auth, session, model);
        }
        session.removeAttribute(PENDING_SECRET);
        if (TotpGate.PENDING.equals(session.getAttribute(TotpGate.STATE))) {
            passed(request, response, auth);
            return null;
        }
        return "redirect:" + TotpGate.PAGE + "?enrolled";
    }

    @PostMapping("/verify")
    String verify(@RequestParam(defaultValue = "") String code, Authentication auth, HttpServletRequest request,
            HttpServletResponse response, Model model) throws IOException, ServletException {
        HttpSession session = request.getSession();
        if (!TotpGate.PENDING.equals(session.getAttribute(TotpGate.STATE))) {
            return "redirect:/";
        }
        // codes are not tried while the user ID or the address is held back: the password alone buys no guesses
        if (throttle.refuses(auth.getName(), request.getRemoteAddr())) {
            throttle.refused(auth.getName(), request.getRemoteAddr());
            new SecurityContextLogoutHandler().logout(request, response, auth);
            return "redirect:" + LoginFailure.URL;
        }
        if (secrets.verify(auth.getName(), code)) {
            passed(request, response, auth);
            return null;
        }
        if (throttle.failed(auth.getName(), request.getRemoteAddr())) {
            new SecurityContextLogoutHandler().logout(request, response, auth);
            return "redirect:" + LoginFailure.URL;
        }
        model.addAttribute("codeError", true);
        return show(auth, session, model);
    }

    /** The second factor is given: a new session ID for the now fully logged-in session, then on. */
    private void passed(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException, ServletException {
        request.getSession().setAttribute(TotpGate.STATE, TotpGate.DONE);
        request.changeSessionId();
        loginSuccess.completed(request, response, auth);
    }

    private static String spaced(String base32) {
        return base32.replaceAll("(.{4})(?!$)", "$1 ");
    }
}
