package jp.tsunagu.evacuation;

/** The answer to the consent request (同意の回答); no answer recorded is 未回答. */
public enum ConsentAnswer {
    AGREED("同意"),
    REFUSED("不同意");

    private final String label;

    ConsentAnswer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The label of an answer, 未回答 for none. */
    public static String label(ConsentAnswer answer) {
        return answer == null ? "未回答" : answer.label;
    }
}
