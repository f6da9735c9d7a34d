package jp.tsunagu.platform;

/**
 * 見えない書式文字の可視化 (invisible format characters made visible): what a screen or a printed sheet shows
 * for a value that carries a Unicode bidirectional override or another invisible format character. A name
 * such as {@code 山田\u202Eexe.txt} would otherwise be drawn reversed ("山田txt.exe"), and a name with a
 * zero-width space looks like another person's. Each such character is shown as {@code [U+202E]}.
 *
 * <p>Only the display changes: the stored value stays as imported (the audit trail, JSON, CSV and xlsx
 * carry it as data), and search keys are made from the stored value as before. Shown visibly: the
 * embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C,
 * the zero-width space U+200B, the word joiner and invisible operators U+2060–U+2064, and U+FEFF. Not
 * touched: ZWJ/ZWNJ (U+200C/U+200D, parts of emoji and of some scripts' spelling) and the variation
 * selectors (IVS), which choose a kanji's glyph in 住民記録 names.
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** Whether a character is one of the invisible format characters this class shows. */
    public static boolean shown(int codePoint) {
        return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069)
                || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x061C || codePoint == 0x200B
                || (codePoint >= 0x2060 && codePoint <= 0x2064) || codePoint == 0xFEFF;
    }

    /** The text with every invisible format character written as {@code [U+202E]} (its code point in hexadecimal); the same text if none. */
    public static String visible(String text) {
        if (text == null) {
            return null;
        }
        int first = firstShown(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (shown(c)) {
                out.append("[U+").append(String.format("%04X", (int) c)).append(']');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Where the first invisible format character is, or -1. All of them are in the BMP. */
    public static int firstShown(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (shown(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
