package jp.tsunagu.platform;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * The answer of Tomcat itself (コンテナのエラー応答), for requests it refuses before the application
 * sees them: a path whose percent-encoding is not UTF-8 or holds a NUL or an encoded slash
 * ({@code /persons/%FF}), a request line or headers over its size limit. Tomcat's own page is
 * English ("HTTP Status 400 – Bad Request"); this one is Japanese, shaped like {@code error.html}
 * (whose renderer is not reachable from here) with the menu's first entries (who is logged in is
 * not known here), or JSON under {@code /api/}. It never shows the
 * exception or the server's name.
 */
final class ContainerErrorReport extends ErrorReportValve {

    private final MessageSource messages;

    ContainerErrorReport(MessageSource messages) {
        this.messages = messages;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String message = text(status == 400 ? "input.container" : status == 404 ? "error.404" : "error.other");
        boolean api = isApi(request);
        try {
            response.setContentType(api ? "application/json" : "text/html");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
            response.setHeader("X-Content-Type-Options", "nosniff");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(api ? "{\"status\":" + status + ",\"error\":" + ErrorAnswer.json(message) + "}"
                        : page(status, message));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client has gone, or the response was committed meanwhile: nothing more to say
        }
    }

    private String page(int status, String message) {
        return """
                <!DOCTYPE html>
                <html lang="ja">
                <head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s | つなぐ</title><link rel="stylesheet" href="/css/tsunagu.css"></head>
                <body>
                <header class="site-header"><a class="brand" href="/">つなぐ <small>Tsunagu</small></a>
                <nav aria-label="メインメニュー"><ul><li><a href="/search">人の検索</a></li>
                <li><a href="/department">課の一覧</a></li><li><a href="/imports">連携取込</a></li></ul></nav></header>
                <main id="main" class="error-page">
                  <h1>%s</h1>
                  %s
                  <p class="muted">%s</p>
                </main>
                </body>
                </html>
                """.formatted(escaped("error.title"), HtmlUtils.htmlEscape(message),
                status == 400 ? "<p>" + escaped("error.400.hint") + "</p>" : "",
                HtmlUtils.htmlEscape(messages.getMessage("error.status", new Object[] {status}, Locale.JAPANESE)));
    }

    private String escaped(String code) {
        return HtmlUtils.htmlEscape(text(code));
    }

    private String text(String code) {
        return messages.getMessage(code, null, code, Locale.JAPANESE);
    }

    /** Under {@code /api/}, judged on the raw path: the request may not have been decoded at all. */
    private static boolean isApi(Request request) {
        try {
            String uri = request.getCoyoteRequest().requestURI().toString();
            return uri != null && (uri.equals("/api") || uri.startsWith("/api/"));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
