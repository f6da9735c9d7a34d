package jp.tsunagu.printing;

/**
 * Printing is not possible on this server (帳票を作れない): no Japanese font was found. Its message is the
 * sentence an operator needs; a web request that meets it gets that sentence as an ordinary error page or
 * JSON error (503), never a stack trace.
 */
public class PrintingUnavailable extends RuntimeException {

    /** The one wording, also {@code printing.unavailable.message} in messages.properties. */
    public static final String MESSAGE = "日本語フォントが見つかりません。fonts-ipaexfont-gothic をインストールするか、"
            + "tsunagu.print.font にフォントファイルを指定してください。";

    PrintingUnavailable() {
        super(MESSAGE);
    }
}
