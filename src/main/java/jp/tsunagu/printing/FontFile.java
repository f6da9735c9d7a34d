package jp.tsunagu.printing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * A font file's bytes, read once (フォントファイル). Every print parses its own {@link TrueTypeFont} from them:
 * a parsed font is read lazily and is not safe to share between threads, the bytes are.
 *
 * @param path       where the bytes came from (for the log)
 * @param bytes      the whole file
 * @param collection whether it is a collection (.ttc), of which the first usable font is taken
 * @param fontName   the PostScript name of the font taken from a collection, else {@code null}
 */
record FontFile(Path path, byte[] bytes, boolean collection, String fontName) {

    /** A new parsed font over the bytes; the caller closes it (or hands it to a document that does). */
    TrueTypeFont open() throws IOException {
        if (collection) {
            // the collection is a view over the same bytes; closing it would close the font taken from it
            TrueTypeCollection fonts = new TrueTypeCollection(new ByteArrayInputStream(bytes));
            TrueTypeFont font = fonts.getFontByName(fontName);
            if (font == null) {
                throw new IOException(path + " に " + fontName + " がありません");
            }
            return font;
        }
        boolean openType = bytes.length > 4 && bytes[0] == 'O' && bytes[1] == 'T' && bytes[2] == 'T' && bytes[3] == 'O';
        return openType ? new OTFParser().parse(new RandomAccessReadBuffer(bytes))
                : new TTFParser().parse(new RandomAccessReadBuffer(bytes));
    }

    static boolean isCollection(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".ttc") || name.endsWith(".otc");
    }
}
