package jp.tsunagu.printing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * The pages of one print and where the next thing goes on them (ページ送り). The body runs from {@link #top}
 * down to {@link #bottom}; what does not fit starts a new page, on which a block that continues (a table) first
 * draws its continuation (the header row again). Header and footer are drawn by {@link PageFrame} once the
 * number of pages is known.
 */
final class PageFlow implements AutoCloseable {

    /** Millimetres to points. */
    static final float MM = 72f / 25.4f;

    /** A block's continuation on a new page (a table's header row), drawn before anything else there. */
    interface Continuation {
        void draw() throws IOException;
    }

    private final PDDocument document;
    private final PDRectangle size;
    private final PrintFont font;
    private final float left;
    private final float right;
    private final float top;
    private final float bottom;
    private final List<PDPage> pages = new ArrayList<>();
    private PDPageContentStream out;
    private float y;
    private boolean empty;
    private Continuation continuation;

    PageFlow(PDDocument document, PDRectangle size, PrintFont font, float margin, float headerHeight,
            float footerHeight) {
        this.document = document;
        this.size = size;
        this.font = font;
        this.left = margin;
        this.right = size.getWidth() - margin;
        this.top = size.getHeight() - margin - headerHeight;
        this.bottom = margin + footerHeight;
    }

    List<PDPage> pages() {
        return pages;
    }

    PrintFont font() {
        return font;
    }

    float left() {
        return left;
    }

    float width() {
        return right - left;
    }

    float y() {
        return y;
    }

    float top() {
        return top;
    }

    float bottom() {
        return bottom;
    }

    /** The height of a whole body, header to footer. */
    float bodyHeight() {
        return top - bottom;
    }

    /** The height left on this page. */
    float available() {
        return y - bottom;
    }

    /** Whether nothing has been drawn on this page's body yet (a continuation does not count). */
    boolean empty() {
        return empty;
    }

    /** Moves down by {@code height} after drawing there. */
    void advance(float height) {
        y -= height;
        empty = false;
    }

    /** Leaves space above the next thing, unless it would go at the top of a page. */
    void gap(float height) {
        if (!empty) {
            y = Math.max(bottom, y - height);
        }
    }

    /** Starts a new page when {@code height} does not fit on this one (and this one has something on it). */
    void ensure(float height) throws IOException {
        if (out == null || (height > available() && !empty)) {
            newPage();
        }
    }

    /** Starts a new page, draws the current continuation on it and returns. */
    void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(size);
        document.addPage(page);
        pages.add(page);
        out = new PDPageContentStream(document, page);
        y = top;
        if (continuation != null) {
            continuation.draw();
        }
        empty = true;
    }

    /** Marks this page full, so that the next block starts on a new page. */
    void fill() {
        y = bottom;
        empty = false;
    }

    void continuation(Continuation continuation) {
        this.continuation = continuation;
    }

    /** Draws printable text with its baseline at {@code baseline}. */
    void text(String printable, float x, float baseline, float fontSize) throws IOException {
        if (printable.isEmpty()) {
            return;
        }
        out.beginText();
        out.setFont(font.pdfFont(), fontSize);
        out.newLineAtOffset(x, baseline);
        out.showText(printable);
        out.endText();
    }

    /** A filled rectangle in grey {@code grey} (0 black, 1 white). */
    void shade(float x, float yBottom, float w, float h, float grey) throws IOException {
        out.setNonStrokingColor(grey, grey, grey);
        out.addRect(x, yBottom, w, h);
        out.fill();
        out.setNonStrokingColor(0f, 0f, 0f);
    }

    /** A rectangle's outline. */
    void frame(float x, float yBottom, float w, float h, float lineWidth, float grey) throws IOException {
        out.setStrokingColor(grey, grey, grey);
        out.setLineWidth(lineWidth);
        out.addRect(x, yBottom, w, h);
        out.stroke();
        out.setStrokingColor(0f, 0f, 0f);
    }

    /** A dashed outline (a cutting guide). */
    void dashedFrame(float x, float yBottom, float w, float h) throws IOException {
        out.setLineDashPattern(new float[] {3, 3}, 0);
        frame(x, yBottom, w, h, 0.3f, 0.6f);
        out.setLineDashPattern(new float[] {}, 0);
    }

    /** A horizontal rule. */
    void rule(float x1, float x2, float at, float lineWidth, float grey) throws IOException {
        out.setStrokingColor(grey, grey, grey);
        out.setLineWidth(lineWidth);
        out.moveTo(x1, at);
        out.lineTo(x2, at);
        out.stroke();
        out.setStrokingColor(0f, 0f, 0f);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
