package jp.tsunagu.procedures;

/** A change of a procedure item or an event that is not allowed; the message says why, in Japanese. */
public class ItemChangeRefused extends RuntimeException {

    public ItemChangeRefused(String message) {
        super(message);
    }
}
