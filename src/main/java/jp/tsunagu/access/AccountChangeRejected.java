package jp.tsunagu.access;

/** An account change that breaks a rule; the message says which, for the administrator. */
public class AccountChangeRejected extends RuntimeException {

    public AccountChangeRejected(String message) {
        super(message);
    }
}
