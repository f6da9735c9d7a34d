package jp.tsunagu.documents;

/**
 * A file refused before anything was stored (受け付けないファイル): the message says why in Japanese, naming the
 * file, so that the clerk knows what to do (scan it again as PDF, take the photo again …).
 */
public class RefusedFileException extends RuntimeException {

    private final String reasonCode;

    RefusedFileException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    RefusedFileException(String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /** A short stable code of the reason ({@code type}, {@code pdf-script}, {@code zip-bomb} …), for the audit trail and tests. */
    public String reasonCode() {
        return reasonCode;
    }
}
