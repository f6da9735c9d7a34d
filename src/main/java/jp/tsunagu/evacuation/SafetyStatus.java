package jp.tsunagu.evacuation;

/** 安否確認の結果. */
public enum SafetyStatus {
    UNCONFIRMED("未確認"),
    SAFE("無事"),
    NEEDS_HELP("要支援"),
    ABSENT("不在"),
    SHELTER("避難所"),
    TRANSPORTED("搬送");

    private final String label;

    SafetyStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
