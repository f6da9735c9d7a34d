package jp.tsunagu.printing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Prints a {@link Sheet} as an A4 PDF (帳票の印刷) with the Japanese font embedded as a subset. Safe to call
 * from many threads at once: each print builds its own document (PDFBox documents are not thread-safe) over
 * font bytes read once.
 *
 * <p>Throws {@link PrintingUnavailable} when no Japanese font is found; a web request then gets the
 * Japanese message as an error page or JSON (503) from {@code PrintingUnavailableAdvice}.
 */
public class PdfPrinter {

    private final JapaneseFont font;

    PdfPrinter(JapaneseFont font) {
        this.font = font;
    }

    /** The font file sheets embed (for the log and the print benchmark); {@link PrintingUnavailable} when none. */
    public java.nio.file.Path fontFile() {
        return font.file().path();
    }

    /** The sheet as the bytes of a PDF file. */
    public byte[] print(Sheet sheet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        print(sheet, out);
        return out.toByteArray();
    }

    /** Writes the sheet as a PDF file to {@code out}, which is left open. */
    public void print(Sheet sheet, OutputStream out) {
        FontFile file = font.file();
        try (PDDocument document = new PDDocument()) {
            PrintFont printFont = PrintFont.embed(document, file);
            PDRectangle size = sheet.orientation() == Orientation.LANDSCAPE
                    ? new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth())
                    : PDRectangle.A4;
            PageFrame frame = new PageFrame(sheet, printFont, size.getWidth());
            try (PageFlow flow = new PageFlow(document, size, printFont, PageFrame.MARGIN, frame.headerHeight(),
                    frame.footerHeight())) {
                flow.newPage();
                body(sheet, flow);
                flow.close();
                frame.draw(document, flow.pages());
            }
            describe(document, sheet);
            document.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("帳票「" + sheet.title() + "」を印刷できませんでした", e);
        }
    }

    private static void body(Sheet sheet, PageFlow flow) throws IOException {
        TextWriter text = new TextWriter(flow);
        for (Block block : sheet.blocks()) {
            // a switch over the sealed interface's records needs Java 21; the project is on Java 17
            if (block instanceof Block.Heading heading) {
                text.heading(heading);
            } else if (block instanceof Block.Paragraph paragraph) {
                text.paragraph(paragraph);
            } else if (block instanceof Block.KeyValues keyValues) {
                text.keyValues(keyValues);
            } else if (block instanceof Block.Checklist checklist) {
                text.checklist(checklist);
            } else if (block instanceof Block.Table table) {
                new TableWriter(flow, table).write();
            } else if (block instanceof Block.Labels labels) {
                new LabelWriter(flow).write(labels);
            } else if (block instanceof Block.PageBreak && !flow.empty()) {
                flow.newPage();
            }
        }
    }

    private static void describe(PDDocument document, Sheet sheet) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(sheet.title());
        info.setAuthor(sheet.cityName());
        info.setCreator("Tsunagu");
    }
}
