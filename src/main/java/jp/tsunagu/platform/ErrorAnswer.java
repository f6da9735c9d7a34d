package jp.tsunagu.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * A refusal told in Japanese (日本語のエラー応答): the error page ({@code error.html}, with the
 * message as its heading) for screens, {@code {"status":400,"error":"…"}} for the API under
 * {@code /api/}. It writes the response itself, so that it can answer from a servlet filter or a
 * security handler (outside Spring MVC) as well as from an exception handler, and the answer is the
 * same wherever the input was refused. The message names at most the parameter; it never repeats the
 * value sent, nor anything about the server.
 */
public class ErrorAnswer {

    /** Security headers for answers written before (or without) the security chain's own. */
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            HttpHeaders.CACHE_CONTROL, "no-store");

    private final MessageSource messages;
    private final LocaleResolver locales;
    private final ThymeleafViewResolver views;

    ErrorAnswer(MessageSource messages, LocaleResolver locales, ThymeleafViewResolver views) {
        this.messages = messages;
        this.locales = locales;
        this.views = views;
    }

    /** Whether the request is one of the JSON API's: such clients get JSON, not a page. */
    public static boolean isApi(HttpServletRequest request) {
        // on the error dispatch the request URI is /error; the path the client asked for is kept aside
        Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String o ? o : request.getRequestURI();
        String path = uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length()) : uri;
        return path.equals("/api") || path.startsWith("/api/");
    }

    /**
     * Answers with the message {@code code} of {@code messages.properties}, in the viewer's language
     * (Japanese unless the session chose English).
     */
    public void send(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
            Object... args) throws IOException {
        Locale locale = locales.resolveLocale(request);
        sendText(request, response, status, messages.getMessage(code, args, locale));
    }

    /** Answers with a message that is already written out (a value type's own Japanese sentence). */
    public void sendText(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status.value());
        PAGE_HEADERS.forEach((name, value) -> {
            if (!response.containsHeader(name)) {
                response.setHeader(name, value);
            }
        });
        if (isApi(request)) {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"status\":" + status.value() + ",\"error\":" + json(message) + "}");
            response.getWriter().flush();
            return;
        }
        page(request, response, status, message);
    }

    private void page(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        // outside the DispatcherServlet the page would otherwise take the browser's language
        request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
        Locale locale = locales.resolveLocale(request);
        response.setContentType("text/html;charset=UTF-8");
        try {
            View view = views.resolveViewName("error", locale);
            if (view == null) {
                throw new IllegalStateException("error.html がありません");
            }
            view.render(Map.of("status", status.value(), "message", message), request, response);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("エラー画面を表示できません", e);
        }
    }

    /** A JSON string: quotes, backslashes and every control character escaped, and {@code <} too. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
