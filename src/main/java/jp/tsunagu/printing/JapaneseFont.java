package jp.tsunagu.printing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Japanese font every sheet embeds (帳票のフォント): the file named by {@code tsunagu.print.font}, else the
 * first usable one of the search list. A candidate is used only after a trial print with it succeeded, so a font
 * PDFBox cannot embed is passed over rather than failing every print. The bytes are read once and kept; while no
 * font is found, each print looks again (a font installed while the server runs is then taken) and fails with
 * {@link PrintingUnavailable}.
 */
class JapaneseFont {

    private static final Logger log = LoggerFactory.getLogger(JapaneseFont.class);

    private final Path configured;
    private final List<Path> searchList;
    private volatile FontFile found;

    JapaneseFont(Path configured, List<Path> searchList) {
        this.configured = configured;
        this.searchList = List.copyOf(searchList);
    }

    /** The font file to embed; {@link PrintingUnavailable} when there is none. */
    FontFile file() {
        FontFile file = found;
        if (file == null) {
            synchronized (this) {
                file = found;
                if (file == null) {
                    file = locate();
                    found = file;
                }
            }
        }
        return file;
    }

    private FontFile locate() {
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(configured);
        }
        candidates.addAll(searchList);
        for (Path candidate : candidates) {
            if (!Files.isRegularFile(candidate)) {
                if (candidate.equals(configured)) {
                    log.warn("tsunagu.print.font のフォントファイル {} がありません。ほかの場所を探します。", candidate);
                }
                continue;
            }
            try {
                FontFile file = usable(candidate);
                log.info("帳票のフォント: {}{}", candidate, file.fontName() == null ? "" : " (" + file.fontName() + ")");
                return file;
            } catch (IOException | RuntimeException e) {
                log.warn("フォント {} は帳票に使えません: {}", candidate, e.toString());
            }
        }
        throw new PrintingUnavailable();
    }

    private static FontFile usable(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        if (!FontFile.isCollection(path)) {
            FontFile file = new FontFile(path, bytes, false, null);
            trial(file);
            return file;
        }
        List<String> names = new ArrayList<>();
        try (TrueTypeCollection fonts = new TrueTypeCollection(new java.io.ByteArrayInputStream(bytes))) {
            fonts.processAllFonts(font -> names.add(font.getName()));
        }
        IOException last = new IOException(path + " にフォントがありません");
        for (String name : names) {
            FontFile file = new FontFile(path, bytes, true, name);
            try {
                trial(file);
                return file;
            } catch (IOException | RuntimeException e) {
                last = new IOException(name + ": " + e, e);
            }
        }
        throw last;
    }

    /** Embeds a subset with kanji and kana and writes the document away: what every print will do. */
    private static void trial(FontFile file) throws IOException {
        try (PDDocument document = new PDDocument()) {
            TrueTypeFont parsed = file.open();
            parsed.setEnableGsub(false);
            if (parsed.getUnicodeCmapLookup().getGlyphId('日') == 0) {
                throw new IOException("日本語の文字がありません");
            }
            PDType0Font font = PDType0Font.load(document, parsed, true);
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                out.beginText();
                out.setFont(font, 10);
                out.showText("日本語のかなカナ");
                out.endText();
            }
            document.save(OutputStream.nullOutputStream());
        }
    }
}
