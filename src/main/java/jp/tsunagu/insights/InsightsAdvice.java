package jp.tsunagu.insights;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.tsunagu.platform.ErrorAnswer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refused filter of the statistics is a 400 with its Japanese sentence (a page, or JSON under {@code /api/}). */
@ControllerAdvice
@ConditionalOnWebApplication
class InsightsAdvice {

    private final ErrorAnswer errors;

    InsightsAdvice(ErrorAnswer errors) {
        this.errors = errors;
    }

    @ExceptionHandler(InsightsInputException.class)
    void refused(InsightsInputException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        errors.sendText(request, response, HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
