package jp.tsunagu.access;

/** An account change that breaks a rule; the message says which, for the administrator. */
class AccountChangeRejected extends RuntimeException {

    AccountChangeRejected(String message) {
        super(message);
    }
}
