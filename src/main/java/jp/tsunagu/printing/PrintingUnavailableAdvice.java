package jp.tsunagu.printing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.tsunagu.platform.ErrorAnswer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * When a sheet cannot be printed for want of a Japanese font (帳票を作れないときの応答): 503 with
 * 「日本語フォントが見つかりません。…」 — the error page in the layout, or JSON under {@code /api/} — for every
 * controller of every module that prints, so none of them needs its own handler.
 */
@ControllerAdvice
@ConditionalOnWebApplication
@Order(Ordered.LOWEST_PRECEDENCE)
class PrintingUnavailableAdvice {

    private final ErrorAnswer answer;

    PrintingUnavailableAdvice(ErrorAnswer answer) {
        this.answer = answer;
    }

    @ExceptionHandler(PrintingUnavailable.class)
    void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer.send(request, response, HttpStatus.SERVICE_UNAVAILABLE, "printing.unavailable.message");
    }
}
