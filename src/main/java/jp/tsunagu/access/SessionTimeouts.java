package jp.tsunagu.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a logged-in session after {@code idle} without a request (default 30 minutes, from
 * {@code server.servlet.session.timeout}) or {@code absolute} after the login however busy it has
 * been (default 12 hours), and sends the browser to {@code /login?expired}, which says so.
 *
 * <p>Both are measured here with the application's {@link Clock} rather than left to the servlet
 * container, so that the user is told why, and so that tests can move the clock. The container's
 * own timeout is set a little longer at login, as a backstop.
 */
class SessionTimeouts extends OncePerRequestFilter {

    static final String LOGIN_AT = SessionTimeouts.class.getName() + ".loginAt";
    static final String LAST_SEEN = SessionTimeouts.class.getName() + ".lastSeen";
    static final String EXPIRED_URL = "/login?expired";

    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final AuditTrail audit;

    SessionTimeouts(Clock clock, Duration idle, Duration absolute, AuditTrail audit) {
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
        this.audit = audit;
    }

    /** Called at login: the absolute timeout counts from now. */
    void started(HttpSession session) {
        long now = clock.millis();
        session.setAttribute(LOGIN_AT, now);
        session.setAttribute(LAST_SEEN, now);
        session.setMaxInactiveInterval((int) idle.plusMinutes(5).toSeconds());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            Long loginAt = (Long) session.getAttribute(LOGIN_AT);
            Long lastSeen = (Long) session.getAttribute(LAST_SEEN);
            long now = clock.millis();
            if (loginAt != null && lastSeen != null) {
                String reason = now - loginAt > absolute.toMillis() ? "absolute-timeout"
                        : now - lastSeen > idle.toMillis() ? "idle-timeout" : null;
                if (reason != null) {
                    expire(request, response, session, reason, loginAt);
                    return;
                }
                session.setAttribute(LAST_SEEN, now);
            } else if (loggedIn()) {
                // logged in by a way that did not pass the login page's success handler
                started(session);
            }
        }
        chain.doFilter(request, response);
    }

    private void expire(HttpServletRequest request, HttpServletResponse response, HttpSession session,
            String reason, long loginAt) throws IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        session.invalidate();
        SecurityContextHolder.clearContext();
        if (who != null && !(who instanceof AnonymousAuthenticationToken)) {
            audit.record(AuditEvent.of(who.getName(), AuditAction.LOGOUT, Map.of("reason", reason,
                    "loginAt", Instant.ofEpochMilli(loginAt).toString())));
        }
        redirect(request, response, EXPIRED_URL);
    }

    /** A redirect that htmx follows as a whole page rather than swapping the login page into a fragment. */
    static void redirect(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String url = request.getContextPath() + path;
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", url);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            response.sendRedirect(url);
        }
    }

    private static boolean loggedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
