package jp.tsunagu.platform;

/**
 * 型付きの値 (a typed value): one field of a JSON answer as another system reads it and as a clerk
 * reads it. {@code value} is typed — an ISO-8601 date as {@code "1970-03-02"}, a number as a JSON
 * number, a code as the code itself — and {@code display} is its Japanese rendering (昭和45年3月2日
 * (1970), 95歳, the code's label). {@code value} is {@code null} when the field is empty or withheld.
 *
 * @param name the field's name in the API (English, stable)
 * @param label the field's Japanese label (生年月日)
 * @param value the typed value: {@link java.time.LocalDate}, a number, a code or text
 * @param display the value as the screens show it
 */
public record TypedValue(String name, String label, Object value, String display) {

    /** A field with no value: both value and display are {@code null}. */
    public static TypedValue empty(String name, String label) {
        return new TypedValue(name, label, null, null);
    }
}
