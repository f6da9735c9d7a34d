package jp.tsunagu.documents;

/** A field of an upload or a message that is wrong (入力の誤り): the message names the field in Japanese. */
public class InvalidDocumentException extends RuntimeException {

    private final String field;

    InvalidDocumentException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault ({@code title}, {@code kind} …). */
    public String field() {
        return field;
    }
}
