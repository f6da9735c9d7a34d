package jp.tsunagu.printing;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks printable text into lines that fit a width (改行と禁則). Japanese breaks between any two characters;
 * a run of Latin letters or digits moves whole to the next line when the line has room before it. 禁則 is kept
 * simple: a character that may not start a line (、。，．」』）】〕ー・ small kana ？！) takes the character before
 * it down to the next line (追い出し), so no line grows wider than its place, and an opening bracket does not end
 * a line.
 */
final class LineBreaker {

    private static final String NO_LINE_START = "、。，．,.」』）)】〕〉》］]｝}ゝゞヽヾーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・：；？！?!:;々";
    private static final String NO_LINE_END = "「『（(【〔〈《［[｛{";

    private LineBreaker() {
    }

    /** The lines of {@code printable} (already passed through {@link PrintFont#printable}) within {@code width}. */
    static List<String> lines(String printable, PrintFont font, float size, float width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : printable.split("\n", -1)) {
            wrap(paragraph, font, size, width, lines);
        }
        return lines;
    }

    private static void wrap(String text, PrintFont font, float size, float width, List<String> lines) {
        int[] cps = text.codePoints().toArray();
        int start = 0;
        int i = 0;
        float used = 0;
        while (i < cps.length) {
            float w = font.width(cps[i], size);
            if (used + w <= width || i == start) {
                used += w;
                i++;
                continue;
            }
            int end = breakBefore(cps, start, i);
            lines.add(stripTrailingSpaces(cps, start, end));
            start = end;
            // a continued line does not start with the space it was broken at
            while (start < cps.length && cps[start] == ' ') {
                start++;
            }
            i = Math.max(i, start);
            used = 0;
            for (int k = start; k < i; k++) {
                used += font.width(cps[k], size);
            }
        }
        lines.add(stripTrailingSpaces(cps, start, cps.length));
    }

    /** Where the line that overflows at {@code overflow} ends (exclusive); always after {@code start}. */
    private static int breakBefore(int[] cps, int start, int overflow) {
        int end = overflow;
        // 追い出し: the character before a closing mark goes down with it, an opening bracket with what follows
        while (end - 1 > start && (noLineStart(cps[end]) || noLineEnd(cps[end - 1]))) {
            end--;
        }
        if (noLineStart(cps[end])) {
            // a line of nothing but closing marks: they hang at its end instead (ぶら下げ)
            end = overflow;
            while (end < cps.length && noLineStart(cps[end])) {
                end++;
            }
            return end;
        }
        if (end == overflow && isWordChar(cps[end]) && isWordChar(cps[end - 1])) {
            for (int k = end - 1; k > start; k--) {
                if (!isWordChar(cps[k])) {
                    return k + 1;
                }
            }
        }
        return end;
    }

    private static boolean noLineStart(int cp) {
        return NO_LINE_START.indexOf(cp) >= 0;
    }

    private static boolean noLineEnd(int cp) {
        return NO_LINE_END.indexOf(cp) >= 0;
    }

    private static boolean isWordChar(int cp) {
        return cp < 0x80 && (Character.isLetterOrDigit(cp) || cp == '-' || cp == '\'');
    }

    private static String stripTrailingSpaces(int[] cps, int from, int to) {
        int end = to;
        while (end > from && cps[end - 1] == ' ') {
            end--;
        }
        return new String(cps, from, end - from);
    }
}
