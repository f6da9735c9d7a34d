package jp.tsunagu.platform;

/**
 * 不正な入力 (invalid input): a request parameter that a handler cannot use. Answered 400 with the
 * message of {@code code} in {@code messages.properties}, as the error page or as the API's JSON,
 * by the web layer's exception handling; nothing has been read or changed when it is thrown.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient Object[] args;

    /**
     * @param code a message code of {@code messages.properties}, e.g. {@code input.age}
     * @param args its arguments, the parameter's name first
     */
    public InvalidInputException(String code, Object... args) {
        super(code);
        this.code = code;
        this.args = args.clone();
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args.clone();
    }
}
