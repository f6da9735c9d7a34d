package jp.tsunagu.overview;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import jp.tsunagu.platform.TypedValue;
import jp.tsunagu.resident.Person;

/**
 * One field as a program card shows it (カードの項目): the value, whether it is a date (kept on one
 * line), and whether it is a 氏名, カナ or 生年月日 that differs from the header's (住民記録と異なる).
 *
 * <p>Programs export the person's name, kana and birth date beside their own fields; on a card under
 * the header that already says them they are only noise, so a field that says the same as the header
 * is left out. One that says something else (a maiden name, another reading, a birth date typed wrong
 * in the program's system) is what a clerk must notice: it stays, flagged.
 */
public record CardField(TypedValue value, boolean date, boolean differs) {

    private static final Set<String> NAMES = Set.of("name", "氏名");
    private static final Set<String> KANAS = Set.of("kana", "カナ氏名", "カナ");
    private static final Set<String> BIRTH_DATES = Set.of("birth_date", "birthDate", "生年月日");

    /** The record's fields in their order, without those that repeat the header. */
    static List<CardField> besidesHeader(List<TypedValue> record, Person header) {
        return record.stream().map(f -> of(f, header)).filter(Objects::nonNull).toList();
    }

    /** {@code null} when the field only repeats the header. */
    private static CardField of(TypedValue f, Person header) {
        boolean date = f.value() instanceof LocalDate;
        Object same = headerValue(f, header);
        if (same == null || f.value() == null) {
            return new CardField(f, date, false);
        }
        boolean equal = same instanceof LocalDate day ? day.equals(f.value()) : folded(same).equals(folded(f.value()));
        return equal ? null : new CardField(f, date, true);
    }

    /** The header's value this field would repeat, or {@code null} when it is not a header field. */
    private static Object headerValue(TypedValue f, Person header) {
        if (is(f, NAMES)) {
            return header.name();
        }
        if (is(f, KANAS)) {
            return header.kana();
        }
        return is(f, BIRTH_DATES) ? header.birthDate() : null;
    }

    private static boolean is(TypedValue f, Set<String> names) {
        return names.contains(f.name()) || names.contains(f.label());
    }

    /** Width, half-width kana and spacing are how a system writes a name, not a different name. */
    private static String folded(Object value) {
        return Normalizer.normalize(value.toString(), Normalizer.Form.NFKC).replaceAll("\\s", "");
    }
}
