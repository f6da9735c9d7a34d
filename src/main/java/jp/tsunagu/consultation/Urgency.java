package jp.tsunagu.consultation;

/** How urgent (緊急度): an urgent record stays on the hand-over board until it is closed. */
public enum Urgency {
    URGENT("緊急"), HIGH("高"), NORMAL("通常");

    private final String label;

    Urgency(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
