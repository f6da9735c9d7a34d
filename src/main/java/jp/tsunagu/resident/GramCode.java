package jp.tsunagu.resident;

/**
 * 文字片の番号 (a gram as a number): the grams of {@link SearchGrams} as the gram index stores them since migration
 * 5.14.0, one {@code bigint} each ({@code person.grams BIGINT[]}) instead of a text. The gram index (GIN) compares
 * its entries for every entry it gathers; a number is compared in the node that holds it, a text through a pointer to
 * bytes elsewhere. Measured on the grams of a 1,000,000-resident city (1,030,001 persons, 56.5 million grams,
 * 1.5 million distinct; PostgreSQL 17.6 alone on two cores, 64 MB, three builds each, alternating): 62.0, 70.3 and
 * 63.8 s as texts, 31.4, 40.8 and 34.0 s as numbers; the column 756 against 500 MB, the index 229 against 207 MB.
 * The gram index is the longest step of a first index, so that the first index of a city is shorter by about as
 * much.
 *
 * <p>The number holds, from the highest bits: the kind (4 bits: {@code n:} 1, {@code k:} 2, {@code a:} 3,
 * {@code y:} 4), the birth year of a gram of the year (14 bits; 0 for none: {@code n1985:翔}, {@code a1985:間川},
 * and the year of {@code y:1985}), and the gram's one or two code points (21 bits each; the second 0 for a
 * one-character gram). Every gram has one number and every number one gram ({@link #text}), so that equality — all
 * the gram index is asked — is the same as before, and the statistics' most common elements read back as grams
 * ({@link CommonGrams}). The migration's SQL function {@code gram_code} gives the same numbers
 * ({@code GramCodeTests} compares them).
 */
final class GramCode {

    private static final int CODE_POINT_BITS = 21;
    private static final int YEAR_SHIFT = 2 * CODE_POINT_BITS;
    private static final int KIND_SHIFT = YEAR_SHIFT + 14;
    private static final long CODE_POINT_MASK = (1L << CODE_POINT_BITS) - 1;
    private static final long YEAR_MASK = (1L << 14) - 1;
    private static final String KINDS = "?nkay";
    /** The kinds of gram: a name's ({@code n:}), a reading's ({@code k:}), an address's ({@code a:}). */
    static final int NAME = 1;
    static final int KANA = 2;
    static final int ADDRESS = 3;
    private static final int YEAR = 4;

    private GramCode() {
    }

    /** The number of a gram of {@link SearchGrams}. */
    static long of(String gram) {
        int colon = gram.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("文字片ではありません: " + gram);
        }
        int kind = KINDS.indexOf(gram.charAt(0));
        if (kind < 1) {
            throw new IllegalArgumentException("文字片の種類が不明です: " + gram);
        }
        if (kind == YEAR) {
            return ofYear((int) year(gram.substring(colon + 1), gram));
        }
        long year = colon == 1 ? 0 : year(gram.substring(1, colon), gram);
        int first = colon + 1;
        if (first >= gram.length()) {
            throw new IllegalArgumentException("文字片が空です: " + gram);
        }
        int second = gram.offsetByCodePoints(first, 1);
        long code = (long) kind << KIND_SHIFT | year << YEAR_SHIFT | (long) gram.codePointAt(first) << CODE_POINT_BITS;
        if (second < gram.length()) {
            if (gram.offsetByCodePoints(second, 1) != gram.length()) {
                throw new IllegalArgumentException("文字片は 1 文字か 2 文字です: " + gram);
            }
            code |= gram.codePointAt(second);
        }
        return code;
    }

    /** The number of a gram of a kind, of a year (0 for none), of one code point ({@code second} 0) or two. */
    static long of(int kind, int year, int first, int second) {
        return (long) kind << KIND_SHIFT | (long) year << YEAR_SHIFT | (long) first << CODE_POINT_BITS | second;
    }

    /** The number of the gram of a birth year alone ({@code y:1985}). */
    static long ofYear(int year) {
        return (long) YEAR << KIND_SHIFT | (long) year << YEAR_SHIFT;
    }

    /** The numbers of grams, in their order. */
    static long[] of(String[] grams) {
        long[] codes = new long[grams.length];
        for (int i = 0; i < grams.length; i++) {
            codes[i] = of(grams[i]);
        }
        return codes;
    }

    /**
     * The numbers of a search's grams: a gram no number can hold (a year beyond {@link #storable}) is in no person,
     * and is asked as 0, which no gram has.
     */
    static long[] ofQuery(String[] grams) {
        long[] codes = new long[grams.length];
        for (int i = 0; i < grams.length; i++) {
            try {
                codes[i] = of(grams[i]);
            } catch (IllegalArgumentException e) {
                codes[i] = 0;
            }
        }
        return codes;
    }

    /** The gram of a number ({@link #of}'s inverse). */
    static String text(long code) {
        int kind = (int) (code >>> KIND_SHIFT);
        long year = code >>> YEAR_SHIFT & YEAR_MASK;
        if (kind < 1 || kind >= KINDS.length() || code >>> KIND_SHIFT + 4 != 0) {
            throw new IllegalArgumentException("文字片の番号ではありません: " + code);
        }
        if (kind == YEAR) {
            return "y:" + year;
        }
        StringBuilder text = new StringBuilder().append(KINDS.charAt(kind));
        if (year != 0) {
            text.append(year);
        }
        text.append(':').appendCodePoint((int) (code >>> CODE_POINT_BITS & CODE_POINT_MASK));
        int second = (int) (code & CODE_POINT_MASK);
        if (second != 0) {
            text.appendCodePoint(second);
        }
        return text.toString();
    }

    /** The grams of numbers, in their order. */
    static String[] texts(long[] codes) {
        String[] grams = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            grams[i] = text(codes[i]);
        }
        return grams;
    }

    /** Whether a year can be a gram's ({@link SearchGrams} writes the grams of the year only for these). */
    static boolean storable(int year) {
        return year >= 1 && year <= YEAR_MASK;
    }

    private static long year(String digits, String gram) {
        int year;
        try {
            year = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("文字片の年が読めません: " + gram, e);
        }
        if (!storable(year)) {
            throw new IllegalArgumentException("文字片の年が範囲外です: " + gram);
        }
        return year;
    }
}
