package jp.tsunagu.evacuation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.tsunagu.platform.ErrorAnswer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The module's answers on every screen: a refused input is a 400 and a viewer without the list a 403, each
 * with its Japanese sentence (a page, or JSON under {@code /api/}); and the disaster in force, which the
 * layout shows on every page as a banner.
 */
@ControllerAdvice
@ConditionalOnWebApplication
class EvacuationAdvice {

    private final ErrorAnswer errors;
    private final Disasters disasters;

    EvacuationAdvice(ErrorAnswer errors, Disasters disasters) {
        this.errors = errors;
        this.disasters = disasters;
    }

    @ModelAttribute("evacuationDisaster")
    Disasters.Disaster disaster() {
        return disasters.current().orElse(null);
    }

    @ExceptionHandler(EvacuationInputException.class)
    void refused(EvacuationInputException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        errors.sendText(request, response, HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ListHolders.NotAHolder.class)
    void notAHolder(ListHolders.NotAHolder e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        errors.sendText(request, response, HttpStatus.FORBIDDEN, e.getMessage());
    }
}
