package jp.tsunagu.audit;

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
 * The one answer when a read cannot be recorded (記録できないときの応答): 503 with
 * 「アクセス記録を書けないため、表示と出力を中止しました。…」 and no data — the error page in the layout, or
 * JSON under {@code /api/}. A controller whose refusal needs its own words (lifting a login refusal
 * that therefore stands) keeps its own handler, which Spring asks first.
 */
@ControllerAdvice
@ConditionalOnWebApplication
@Order(Ordered.LOWEST_PRECEDENCE)
class AuditUnavailableAdvice {

    private final ErrorAnswer answer;

    AuditUnavailableAdvice(ErrorAnswer answer) {
        this.answer = answer;
    }

    @ExceptionHandler(AuditUnavailableException.class)
    void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer.send(request, response, HttpStatus.SERVICE_UNAVAILABLE, "audit.unavailable.message");
    }
}
