package jp.tsunagu.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PatternParseException;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What an API token may be scoped to: path patterns under {@code /api/} (Spring's path patterns,
 * the ones controllers are mapped with: {@code /api/v1/persons}, {@code /api/v1/**}) and source IDs.
 * A pattern outside {@code /api/} is refused when the token is made, and a path outside it is
 * refused when the token is used, so that a token never opens a screen.
 */
final class ApiTokenEndpoints {

    static final String API_ROOT = "/api/";
    static final int MAX_ENTRIES = 50;

    private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");
    private static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Map<String, PathPattern> PARSED = new ConcurrentHashMap<>();

    private ApiTokenEndpoints() {
    }

    static boolean allows(List<String> patterns, PathContainer path) {
        if (!API.matches(path)) {
            return false;
        }
        for (String p : patterns) {
            if (PARSED.computeIfAbsent(p, PathPatternParser.defaultInstance::parse).matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** The problem with a pattern, in words an administrator can act on, or nothing. */
    static Optional<String> endpointProblem(String pattern) {
        if (!pattern.startsWith(API_ROOT)) {
            return Optional.of("URL「" + pattern + "」は " + API_ROOT + " で始めてください (画面はAPIトークンでは開けません)");
        }
        if (pattern.length() > 200 || pattern.chars().anyMatch(c -> Character.isISOControl(c)
                || Character.isWhitespace(c))) {
            return Optional.of("URL「" + pattern + "」に使えない文字があります");
        }
        try {
            PathPatternParser.defaultInstance.parse(pattern);
            return Optional.empty();
        } catch (PatternParseException e) {
            return Optional.of("URL「" + pattern + "」はパターンとして読めません");
        }
    }

    static Optional<String> sourceProblem(String source) {
        if (source.equals(ApiTokens.ALL_GRANTED_SOURCES) || SOURCE_ID.matcher(source).matches()) {
            return Optional.empty();
        }
        return Optional.of("連携元ID「" + source + "」は半角英小文字・数字・_ - にするか、所属の権限どおりなら * にしてください");
    }
}
