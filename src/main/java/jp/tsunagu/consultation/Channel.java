package jp.tsunagu.consultation;

/** How the consultation or report came in (受付方法). */
public enum Channel {
    PHONE("電話"), OFFICE("来庁"), HOME_VISIT("訪問"), MAIL("メール"), AGENCY("関係機関から");

    private final String label;

    Channel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
