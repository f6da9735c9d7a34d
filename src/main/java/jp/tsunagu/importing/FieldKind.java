package jp.tsunagu.importing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a field tells about where a person can be found (所在を示す項目の種類): a closed list. Every
 * field of one of these kinds is withheld for a 支援措置 person (and the household living with them)
 * from every viewer whose department does not hold the 支援措置 address permission, in every source:
 * the master's 住所 and a program's own 住所 column are the same secret.
 */
public enum FieldKind {

    /** 住所, 居所, 配達先住所. */
    ADDRESS("address", "住所"),
    /** 方書 (building, room). */
    ADDRESS_DETAIL("address-detail", "方書"),
    /** 電話番号, 緊急連絡先. */
    PHONE("phone", "電話番号・連絡先"),
    /** 郵便番号. */
    POSTCODE("postcode", "郵便番号"),
    /** 世帯番号, a guardian's or household member's 宛名番号: a link to the persons living with them. */
    HOUSEHOLD("household", "世帯・同居者との関係"),
    /** 勤務先. */
    WORKPLACE("workplace", "勤務先"),
    /** 学校名, 保育施設名. */
    SCHOOL("school", "学校・保育施設");

    /**
     * Header words that suggest a field of one of these kinds: a column whose header contains one
     * of them and that has no {@code kind} is reported at start.
     */
    public static final List<String> HINTS = List.of("住所", "所在地", "方書", "電話", "連絡先", "郵便", "学校", "勤務先");

    private final String yamlName;
    private final String label;

    FieldKind(String yamlName, String label) {
        this.yamlName = yamlName;
        this.label = label;
    }

    /** The name in a source definition ({@code kind: address-detail}). */
    public String yamlName() {
        return yamlName;
    }

    /** What the kind is called on screens. */
    public String label() {
        return label;
    }

    /** The kind of a source definition's {@code kind:} value. */
    public static FieldKind fromName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("項目の種類 (kind) '" + name + "' はありません。使えるのは "
                        + String.join(", ", Arrays.stream(values()).map(FieldKind::yamlName).toList()) + " です"));
    }

    /** Whether a column header (or label) looks like one of these kinds. */
    public static boolean looksLike(String header) {
        return header != null && HINTS.stream().anyMatch(header::contains);
    }
}
