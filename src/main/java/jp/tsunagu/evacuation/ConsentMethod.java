package jp.tsunagu.evacuation;

/** How the answer came (回答の方法). */
public enum ConsentMethod {
    POST("郵送回答"),
    VISIT("訪問"),
    COUNTER("窓口");

    private final String label;

    ConsentMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
