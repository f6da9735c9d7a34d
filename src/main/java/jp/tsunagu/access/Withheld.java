package jp.tsunagu.access;

import jp.tsunagu.platform.TypedValue;

/**
 * 非表示の表示 (what a screen, an API and an export show in place of a value a viewer may not see): the
 * one wording for a 支援措置 person's whereabouts — the rule is {@link ViewerAccess#withholdsWhereabouts} —
 * and for a 要配慮 field masked from a department without the sensitive grant. Every module shows the
 * same words, so a clerk (and a test) recognises a withheld value wherever it appears.
 */
public final class Withheld {

    /** In place of the address, 方書, 電話 … of a 支援措置 person: that it is withheld, and why. */
    public static final String WHEREABOUTS = "（支援措置のため非表示）";

    /** In place of a 要配慮 field the viewer's department may not see. */
    public static final String SENSITIVE = "＊＊＊ (要配慮情報)";

    private Withheld() {
    }

    /** The text to show for a whereabouts field: {@code shown}, or {@link #WHEREABOUTS} when withheld. */
    public static String whereabouts(boolean withheld, String shown) {
        return withheld ? WHEREABOUTS : shown;
    }

    /** Whether a shown text is the 支援措置 wording: the value behind it was withheld. */
    public static boolean isWhereabouts(String shown) {
        return WHEREABOUTS.equals(shown);
    }

    /** A whereabouts field withheld: no value, the 支援措置 wording as its display. */
    public static TypedValue whereaboutsField(String name, String label) {
        return TypedValue.withheld(name, label, WHEREABOUTS);
    }

    /** A 要配慮 field masked: no value, the 要配慮 wording as its display. */
    public static TypedValue sensitiveField(String name, String label) {
        return TypedValue.withheld(name, label, SENSITIVE);
    }

    /**
     * The address field of a person as a list shows it: withheld when the shown text is the 支援措置
     * wording (the list replaced it where the viewer may not see it), the text otherwise.
     */
    public static TypedValue addressField(String shown) {
        return isWhereabouts(shown) ? whereaboutsField("address", "住所") : TypedValue.text("address", "住所", shown);
    }
}
