package jp.tsunagu.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The 400s of Spring MVC, told in Japanese: a parameter that is not a number, not one of the allowed
 * values, missing, or a form without its file. Spring's own answer for these is a bare 400 (an
 * English or empty error page); here it is the error page with a message naming the parameter, or
 * {@code {"error": "…"}} under {@code /api/}. A controller's own {@code @ExceptionHandler} still
 * comes first.
 */
@ControllerAdvice
@ConditionalOnWebApplication
@Order(Ordered.LOWEST_PRECEDENCE)
class BadInputAdvice {

    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

    private final ErrorAnswer answer;

    BadInputAdvice(ErrorAnswer answer) {
        this.answer = answer;
    }

    @ExceptionHandler(InvalidInputException.class)
    void invalid(InvalidInputException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        answer.send(request, response, HttpStatus.BAD_REQUEST, e.code(), e.args());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    void typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Class<?> type = e.getRequiredType();
        boolean wholeNumber = type != null && (type == int.class || type == long.class || type == short.class
                || Integer.class == type || Long.class == type || Short.class == type);
        answer.send(request, response, HttpStatus.BAD_REQUEST, wholeNumber ? "input.integer" : "input.value",
                e.getName());
    }

    /** A JSON body that cannot be read (not JSON, a field of the wrong type, none at all). */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    void unreadableBody(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer.send(request, response, HttpStatus.BAD_REQUEST, "input.body");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    void missing(MissingServletRequestParameterException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        answer.send(request, response, HttpStatus.BAD_REQUEST, "input.missing", e.getParameterName());
    }

    /** A form that should carry a file came without one, or was not sent as a file upload at all. */
    @ExceptionHandler({MissingServletRequestPartException.class, MultipartException.class})
    void noFile(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (e instanceof MaxUploadSizeExceededException) {
            throw e; // 413, as before
        }
        answer.send(request, response, HttpStatus.BAD_REQUEST, "input.file");
    }

    /**
     * A handler's own 400 ({@code new ResponseStatusException(BAD_REQUEST, reason)}): its reason when it
     * is a Japanese sentence, else the general one. Other statuses go on to Spring's handling.
     */
    @ExceptionHandler(ResponseStatusException.class)
    void status(ResponseStatusException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (e.getStatusCode().value() != HttpStatus.BAD_REQUEST.value()) {
            throw e;
        }
        String reason = e.getReason();
        if (reason != null && JAPANESE.matcher(reason).find()) {
            answer.sendText(request, response, HttpStatus.BAD_REQUEST, reason);
        } else {
            answer.send(request, response, HttpStatus.BAD_REQUEST, "error.400");
        }
    }
}
