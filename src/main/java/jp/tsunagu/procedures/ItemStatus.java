package jp.tsunagu.procedures;

/** Where a procedure item stands (手続きの状況). 要対応 and 案内済 are open; 完了 and 対象外 are closed. */
public enum ItemStatus {
    OPEN("要対応"),
    GUIDED("案内済"),
    DONE("完了"),
    NOT_APPLICABLE("対象外");

    private final String label;

    ItemStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean open() {
        return this == OPEN || this == GUIDED;
    }
}
