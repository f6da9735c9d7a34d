package jp.tsunagu.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Every failed login gets one answer (ログイン失敗): a wrong password, an unknown user ID, a disabled
 * account and an attempt refused by {@link LoginThrottle} alike go to {@value #URL}, whose page says
 * only that the ID or password was wrong and that repeated failures make one wait. Anything more
 * would tell which IDs exist. Each failure that got as far as the password is counted.
 */
class LoginFailure implements AuthenticationFailureHandler {

    static final String URL = "/login?error";

    private final LoginThrottle throttle;
    private final RedirectStrategy redirect = new DefaultRedirectStrategy();

    LoginFailure(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        throttle.failed(username(request), request.getRemoteAddr());
        answer(request, response);
    }

    /** The answer to any failed attempt, counted or refused. */
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        redirect.sendRedirect(request, response, URL);
    }

    /** The user ID as Spring Security's form login reads it. */
    static String username(HttpServletRequest request) {
        String username = request.getParameter("username");
        return username == null ? "" : username.trim();
    }
}
