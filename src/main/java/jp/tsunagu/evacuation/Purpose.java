package jp.tsunagu.evacuation;

/** Who a list is given to in normal times, and what the person consents to (提供先・同意の目的). */
public enum Purpose {
    MINSEI("民生委員"),
    JISHUBO("自主防災組織・自治会"),
    SHAKYO("社会福祉協議会"),
    FIRE("消防"),
    POLICE("警察");

    private final String label;

    Purpose(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The purpose with this name, or a Japanese refusal naming the value's field. */
    static Purpose parse(String name) {
        for (Purpose p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new EvacuationInputException("提供先 (purpose) は MINSEI・JISHUBO・SHAKYO・FIRE・POLICE のどれかです");
    }
}
