package jp.tsunagu.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a staff member who has given their password but still owes a second-factor code at
 * {@code /account/totp} until they enter it (or enrol, when their role requires a second factor
 * and they have none yet): every other page redirects there.
 */
class TotpGate extends OncePerRequestFilter {

    static final String STATE = TotpGate.class.getName() + ".state";
    static final String PENDING = "pending";
    static final String DONE = "done";
    static final String PAGE = "/account/totp";

    private static final List<String> OPEN = List.of(PAGE, "/logout", "/login", "/css/", "/webjars/",
            "/favicon.ico", "/error");

    private final TotpPolicy policy;

    TotpGate(TotpPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            HttpSession session = request.getSession();
            Object state = session.getAttribute(STATE);
            if (state == null) {
                // logged in by a way that did not pass the login page's success handler: decide now
                state = policy.requiresCode(auth) ? PENDING : DONE;
                session.setAttribute(STATE, state);
            }
            if (PENDING.equals(state) && !open(request)) {
                SessionTimeouts.redirect(request, response, PAGE);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean open(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return OPEN.stream().anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p)
                || path.startsWith(p + "/"));
    }
}
