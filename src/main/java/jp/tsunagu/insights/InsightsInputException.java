package jp.tsunagu.insights;

/** A filter or parameter a request got wrong (統計の条件の誤り): answered 400 with the message, changing nothing. */
class InsightsInputException extends RuntimeException {

    InsightsInputException(String message) {
        super(message);
    }
}
