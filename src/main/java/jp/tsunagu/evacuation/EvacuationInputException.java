package jp.tsunagu.evacuation;

/** Input the module refuses, with a Japanese message naming the field; nothing was changed. */
public class EvacuationInputException extends RuntimeException {

    public EvacuationInputException(String message) {
        super(message);
    }
}
