package jp.tsunagu.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses malformed input (不正な入力) with a Japanese 400 before anything reads it: the security
 * chain (login form, CSRF token), the controllers, the database. What is malformed is said by
 * {@link InputRules}; the answer is {@link ErrorAnswer}'s. Before this filter, a NUL in a search
 * term reached PostgreSQL, which refuses NUL in text, and came back as a 500.
 *
 * <p>It runs before Spring Security, so it also refuses such input from visitors who are not logged
 * in (a refusal tells them nothing about the data). A multipart request whose parts cannot be read
 * is left to the multipart handling, which knows the upload limits.
 */
class MalformedInputFilter extends OncePerRequestFilter {

    private final ErrorAnswer answer;

    MalformedInputFilter(ErrorAnswer answer) {
        this.answer = answer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<InputRules.Problem> problem = problem(request);
        if (problem.isPresent()) {
            answer.send(request, response, HttpStatus.BAD_REQUEST, problem.get().code(), problem.get().args());
            return;
        }
        chain.doFilter(request, response);
    }

    private static Optional<InputRules.Problem> problem(HttpServletRequest request) {
        Optional<InputRules.Problem> path = InputRules.checkPath(request.getRequestURI());
        if (path.isPresent()) {
            return path;
        }
        Optional<InputRules.Problem> query = InputRules.checkQuery(request.getQueryString());
        if (query.isPresent()) {
            return query;
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            if (isMultipart(request)) {
                return Optional.empty();
            }
            // the container could not decode the form body
            return Optional.of(new InputRules.Problem("input.unreadable"));
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                Optional<InputRules.Problem> invalid = InputRules.checkParameter(parameter.getKey(),
                        value == null ? "" : value);
                if (invalid.isPresent()) {
                    return invalid;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
    }
}
