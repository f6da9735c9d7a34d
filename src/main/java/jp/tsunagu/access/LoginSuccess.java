package jp.tsunagu.access;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * After a correct password: starts the session's clocks, then either asks for the second factor or
 * completes the login (the failed-login count starts again) and goes to the page first asked for.
 */
class LoginSuccess implements AuthenticationSuccessHandler {

    private final SessionTimeouts timeouts;
    private final TotpPolicy totp;
    private final LoginThrottle throttle;
    private final SavedRequestAwareAuthenticationSuccessHandler target = new SavedRequestAwareAuthenticationSuccessHandler();

    LoginSuccess(SessionTimeouts timeouts, TotpPolicy totp, LoginThrottle throttle) {
        this.timeouts = timeouts;
        this.totp = totp;
        this.throttle = throttle;
        target.setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException, ServletException {
        HttpSession session = request.getSession();
        timeouts.started(session);
        if (totp.requiresCode(authentication)) {
            session.setAttribute(TotpGate.STATE, TotpGate.PENDING);
            response.sendRedirect(request.getContextPath() + TotpGate.PAGE);
            return;
        }
        session.setAttribute(TotpGate.STATE, TotpGate.DONE);
        completed(request, response, authentication);
    }

    /** The login is complete (after the second factor, when there is one). */
    void completed(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        throttle.succeeded(authentication.getName());
        target.onAuthenticationSuccess(request, response, authentication);
    }
}
