package jp.tsunagu.audit;

/** The audit trail could not be written: the data that was to be shown must not be returned. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
