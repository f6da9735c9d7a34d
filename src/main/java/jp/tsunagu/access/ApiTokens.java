package jp.tsunagu.access;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;

/**
 * What the API token behind a request allows, for modules that return data per source.
 *
 * <p>A request made with an API token ({@code Authorization: Bearer tsunagu_…} on {@code /api/**})
 * runs as the token's service account, so {@link AccessPolicy} already applies that account's
 * department grants. On top of them, a token names the sources it may receive: a module that
 * returns data per source must leave out every source for which {@link #allowsSource} is false.
 * For a logged-in staff member (no token) nothing is added: every method answers as if the token
 * allowed everything.
 */
public final class ApiTokens {

    /** In {@link #allowedSources}: no narrowing beyond the service account's department grants. */
    public static final String ALL_GRANTED_SOURCES = "*";

    private ApiTokens() {
    }

    /**
     * The source IDs the token behind this request may receive.
     *
     * @return empty when the request was not made with an API token; otherwise the sources, which
     *     may be an empty set (none) or hold only {@link #ALL_GRANTED_SOURCES} (whatever the
     *     department is granted)
     */
    public static Optional<Set<String>> allowedSources(Authentication authentication) {
        return token(authentication).map(t -> Set.copyOf(t.sources()));
    }

    /** Whether data of this source may go out in answer to this request. */
    public static boolean allowsSource(Authentication authentication, String sourceId) {
        return token(authentication).map(t -> t.allSources() || t.sources().contains(sourceId)).orElse(true);
    }

    /** The name of the token behind this request (e.g. 総合窓口システム), for audit details. */
    public static Optional<String> tokenName(Authentication authentication) {
        return token(authentication).map(ApiToken::name);
    }

    private static Optional<ApiToken> token(Authentication authentication) {
        return authentication instanceof ApiTokenAuthentication t ? Optional.of(t.token()) : Optional.empty();
    }
}
