package jp.tsunagu.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /error} (エラー画面): what the servlet container forwards to after a {@code sendError} or an
 * exception no handler took. It answers like every other refusal ({@link ErrorAnswer}): the error page
 * in the layout, with the menu, a plain Japanese sentence for the status and the way back that fits
 * the viewer's role; JSON under {@code /api/}. Spring Boot's own controller answered a direct
 * {@code GET /error} (no error at all) with a 500; here that is a 404, as for any page that is not there.
 */
@Controller
@ConditionalOnWebApplication
class ErrorPage implements ErrorController {

    private final ErrorAnswer answer;

    ErrorPage(ErrorAnswer answer) {
        this.answer = answer;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        answer.send(request, response, status, switch (status.value()) {
            case 400 -> "error.400";
            case 401, 403 -> "error.403";
            case 404, 405 -> "error.404";
            case 413 -> "error.413";
            case 503 -> "error.503";
            default -> "error.other";
        });
    }

    private static HttpStatus status(Object code) {
        if (!(code instanceof Integer value)) {
            return HttpStatus.NOT_FOUND; // opened directly: there is no error to tell of
        }
        HttpStatus status = HttpStatus.resolve(value);
        return status == null || status.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
