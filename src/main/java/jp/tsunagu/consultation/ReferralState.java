package jp.tsunagu.consultation;

/** Where a referral stands (つなぎの状況). */
public enum ReferralState {
    PENDING("受理待ち"), ACCEPTED("受理済み"), RETURNED("返戻");

    private final String label;

    ReferralState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
