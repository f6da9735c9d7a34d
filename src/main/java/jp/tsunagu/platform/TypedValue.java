package jp.tsunagu.platform;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A value as every JSON API gives it (型付きの値): the field's name, its Japanese label, the typed value
 * for a program to read, and the Japanese rendering a screen shows.
 *
 * <p>The value is typed by what the field is: a date is an ISO 8601 date ({@code "2019-05-01"}), a
 * number is a JSON number, a code is an object {@code {"code": "1", "label": "要介護1"}}, text is a
 * string; {@code null} when the field has no value or is withheld (then {@code display} says why:
 * 「（支援措置のため非表示）」, 「＊＊＊ (要配慮情報)」). {@code display} is what the HTML screen shows
 * ({@code "令和元年5月1日 (2019)"}).
 *
 * @param name the field's name in the hub ({@code birthDate}, {@code careLevel})
 * @param label the Japanese label (生年月日, 要介護度)
 * @param value the typed value: an ISO date, a number, a {@link Code} or a string
 * @param display the Japanese rendering
 */
@Schema(name = "TypedValue", description = "型付きの値。value は型に応じて ISO 8601 の日付 (文字列)、数値、"
        + "コード ({\"code\", \"label\"})、文字列のいずれか。非表示・マスクのときは null で、display に理由。"
        + "display は画面と同じ日本語の表示")
public record TypedValue(
        @Schema(description = "項目名", example = "birthDate") String name,
        @Schema(description = "表示名", example = "生年月日") String label,
        @Schema(description = "型付きの値: 日付は ISO 8601、数値は数値、コードは {code, label}、文字列",
                example = "2019-05-01", nullable = true,
                oneOf = {LocalDate.class, BigDecimal.class, TypedValue.Code.class, String.class}) Object value,
        @Schema(description = "日本語の表示", example = "令和元年5月1日 (2019)") String display) {

    public TypedValue {
        Objects.requireNonNull(name, "name");
    }

    /** A code with its label (コードと名称): {@code {"code": "3", "label": "要介護1"}}. */
    @Schema(name = "CodeValue", description = "コードとその名称")
    public record Code(@Schema(example = "3") String code, @Schema(example = "要介護1") String label) {
    }

    public static TypedValue text(String name, String label, String value) {
        return new TypedValue(name, label, value, value);
    }

    public static TypedValue date(String name, String label, LocalDate value, String display) {
        return new TypedValue(name, label, value, display);
    }

    public static TypedValue number(String name, String label, Number value, String display) {
        return new TypedValue(name, label, value, display);
    }

    public static TypedValue code(String name, String label, String code, String codeLabel) {
        return new TypedValue(name, label, code == null ? null : new Code(code, codeLabel), codeLabel);
    }

    /** A field with no value: both value and display are {@code null}. */
    public static TypedValue empty(String name, String label) {
        return new TypedValue(name, label, null, null);
    }

    /** A value not given (withheld or masked): no value, and the display says why. */
    public static TypedValue withheld(String name, String label, String display) {
        return new TypedValue(name, label, null, display);
    }

    /** Reads a decimal text as the number it is, an integer when it has no fraction. */
    public static Number numberOf(String text) {
        BigDecimal decimal = new BigDecimal(text.strip());
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException e) {
            return decimal;
        }
    }
}
