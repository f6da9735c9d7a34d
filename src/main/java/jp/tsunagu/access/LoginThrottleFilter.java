package jp.tsunagu.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login attempt for a user ID or from an address that {@link LoginThrottle} holds back,
 * before the password is looked at, with the same answer as a wrong password ({@link LoginFailure}).
 * It stands after the CSRF check, so that another site cannot spend a person's attempts.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private static final RequestMatcher LOGIN = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/login");

    private final LoginThrottle throttle;
    private final LoginFailure failure;

    LoginThrottleFilter(LoginThrottle throttle, LoginFailure failure) {
        this.throttle = throttle;
        this.failure = failure;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (LOGIN.matches(request)) {
            String username = LoginFailure.username(request);
            String address = request.getRemoteAddr();
            if (throttle.refuses(username, address)) {
                throttle.refused(username, address);
                failure.answer(request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
