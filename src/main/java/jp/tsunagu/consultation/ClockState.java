package jp.tsunagu.consultation;

/** Where a record's statutory clock stands (期限の状況). */
public enum ClockState {
    NONE("期限なし"), RUNNING("期限内・未確認"), OVERDUE("期限超過・未確認"), MET("期限内に確認済み"), LATE("期限後に確認");

    private final String label;

    ClockState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Shown red on the board and in the lists. */
    public boolean alarming() {
        return this == OVERDUE;
    }

    /** Still waiting for the confirmation. */
    public boolean running() {
        return this == RUNNING || this == OVERDUE;
    }
}
