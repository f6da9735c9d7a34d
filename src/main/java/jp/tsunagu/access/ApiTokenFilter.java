package jp.tsunagu.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jp.tsunagu.access.ApiTokenAuthenticator.Check;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.audit.AuditUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code Authorization: Bearer …} by its API token, in the
 * security chain for such requests only (no session, no CSRF: a bearer token is not sent by a
 * browser on its own, so it cannot be ridden by another site).
 *
 * <p>An unknown, malformed, revoked or expired token is answered {@code 401}, a path the token
 * was not given {@code 403}, both as JSON with a Japanese message; nothing else is looked at. An
 * accepted token runs the request as its service account. Every attempt is recorded in the audit
 * trail before the request goes on ({@code LOGIN} or {@code LOGIN_FAILED}, with the token's name),
 * and if it cannot be recorded, the request is refused.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    static final String METHOD = "api-token";
    /** The actor of a failed attempt whose token matches none. */
    static final String UNKNOWN_ACTOR = "(不明なAPIトークン)";

    static final String UNAUTHORIZED = "APIトークンがないか、正しくありません。";
    static final String REVOKED = "このAPIトークンは取り消されています。";
    static final String EXPIRED = "このAPIトークンは有効期限が切れています。";
    static final String FORBIDDEN = "このAPIトークンでは、このURLは使えません。";
    static final String AUDIT_DOWN = "アクセス記録を書けないため、処理を中止しました。管理者に連絡してください。";

    private final ApiTokenAuthenticator authenticator;
    private final AuditTrail audit;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiTokenFilter(ApiTokenAuthenticator authenticator, AuditTrail audit) {
        this.authenticator = authenticator;
        this.audit = audit;
    }

    /** Which requests the token chain takes: those offering a bearer token, wherever they go. */
    static boolean offersBearer(HttpServletRequest request) {
        return ApiTokenAuthenticator.offersBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /** The rule of the token chain: an accepted token, on a path it was given (checked here too). */
    static AuthorizationManager<RequestAuthorizationContext> scope() {
        return (authentication, context) -> new AuthorizationDecision(
                authentication.get() instanceof ApiTokenAuthentication token
                        && token.token().allows(path(context.getRequest())));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = path(request);
        Check check = authenticator.check(request.getHeader(HttpHeaders.AUTHORIZATION));
        try {
            if (!check.accepted()) {
                record(check.token(), AuditAction.LOGIN_FAILED, path, check.outcome().name().toLowerCase(Locale.ROOT));
                unauthorized(response, switch (check.outcome()) {
                    case REVOKED -> REVOKED;
                    case EXPIRED -> EXPIRED;
                    default -> UNAUTHORIZED;
                });
                return;
            }
            if (!check.token().allows(path)) {
                record(check.token(), AuditAction.LOGIN_FAILED, path, "endpoint-not-allowed");
                error(response, HttpServletResponse.SC_FORBIDDEN, FORBIDDEN);
                return;
            }
            record(check.token(), AuditAction.LOGIN, path, null);
        } catch (AuditUnavailableException e) {
            error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, AUDIT_DOWN);
            return;
        }
        authenticator.used(check.token());
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiTokenAuthentication(check.token()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    private void record(ApiToken token, AuditAction action, PathContainer path, String reason) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("method", METHOD);
        detail.put("path", path.value());
        if (token != null) {
            detail.put("token", token.name());
            detail.put("tokenId", Long.toString(token.id()));
        }
        if (reason != null) {
            detail.put("reason", reason);
        }
        audit.record(AuditEvent.of(token == null ? UNKNOWN_ACTOR : token.serviceAccount(), action, detail));
    }

    static PathContainer path(HttpServletRequest request) {
        return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
    }

    /** 401 for a token that was offered but is not accepted (RFC 6750 {@code invalid_token}). */
    static void unauthorized(HttpServletResponse response, String message) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tsunagu\", error=\"invalid_token\"");
        error(response, HttpServletResponse.SC_UNAUTHORIZED, message);
    }

    /** 401 for an API client that offered no credentials at all. */
    static void missing(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tsunagu\"");
        error(response, HttpServletResponse.SC_UNAUTHORIZED, UNAUTHORIZED);
    }

    /** {@code {"status":401,"error":"…"}}; the messages are constants without characters to escape. */
    static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"status\":" + status + ",\"error\":\"" + message + "\"}");
    }
}
