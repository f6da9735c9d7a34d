package jp.tsunagu.printing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The font of one print (一回の印刷のフォント): embedded into that print's document as a subset, with what it can
 * draw. A character the font lacks is drawn as 〓 (ゲタ, the typesetter's mark for a missing character), so a
 * rare 外字 never fails a whole sheet and the reader sees that something is missing.
 */
final class PrintFont {

    /** The mark drawn for a character the font lacks. */
    static final int MISSING = '〓';

    private final PDType0Font font;
    private final CmapLookup cmap;
    private final int missing;
    private final Map<Integer, Float> widths = new HashMap<>();

    private PrintFont(PDType0Font font, CmapLookup cmap) {
        this.font = font;
        this.cmap = cmap;
        this.missing = cmap.getGlyphId(MISSING) != 0 ? MISSING : '?';
    }

    static PrintFont embed(PDDocument document, FontFile file) throws IOException {
        TrueTypeFont parsed = file.open();
        // Horizontal Japanese needs no glyph substitution, and PDFBox picks its Latin GSUB worker for IPAex,
        // which compiles regular expressions on every showText: most of a 1,000-row list's time went there
        parsed.setEnableGsub(false);
        return new PrintFont(PDType0Font.load(document, parsed, true), parsed.getUnicodeCmapLookup());
    }

    PDType0Font pdfFont() {
        return font;
    }

    /**
     * The text as it can be drawn: tabs as spaces, other control characters and variation selectors (IVS)
     * dropped, every character the font lacks as 〓. Line breaks are the caller's ({@link LineBreaker}).
     */
    String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                out.append(' ');
            } else if (cp == '\n') {
                out.append('\n');
            } else if (Character.isISOControl(cp) || isVariationSelector(cp)) {
                return;
            } else {
                out.appendCodePoint(cmap.getGlyphId(cp) != 0 ? cp : missing);
            }
        });
        return out.toString();
    }

    /** The advance width of one (printable) character at {@code size} points. */
    float width(int codePoint, float size) {
        return widths.computeIfAbsent(codePoint, this::thousandths) * size / 1000f;
    }

    /** The width of a printable text at {@code size} points. */
    float width(String printable, float size) {
        float total = 0;
        for (int i = 0; i < printable.length(); ) {
            int cp = printable.codePointAt(i);
            total += width(cp, size);
            i += Character.charCount(cp);
        }
        return total;
    }

    private float thousandths(int codePoint) {
        try {
            return font.getStringWidth(new String(Character.toChars(codePoint)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isVariationSelector(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}
