package jp.tsunagu.printing;

import java.io.IOException;
import java.util.List;

/**
 * Prints an address-label sheet (宛名ラベルの印刷): the body divided into {@code columns × rows} labels with
 * dashed cutting guides, filled left to right and top to bottom, a new page for each full sheet. A text too long
 * for its label is printed smaller (down to 7 pt) before a line is left out, and then its last line ends in ….
 */
final class LabelWriter {

    private static final float SIZE = 11f;
    private static final float SMALLEST = 7f;
    private static final float PAD = 4 * PageFlow.MM;
    private static final float LINE = 1.45f;

    private final PageFlow flow;

    LabelWriter(PageFlow flow) {
        this.flow = flow;
    }

    void write(Block.Labels labels) throws IOException {
        if (!flow.empty()) {
            flow.newPage();
        }
        int perPage = labels.columns() * labels.rows();
        float width = flow.width() / labels.columns();
        float height = flow.bodyHeight() / labels.rows();
        float top = flow.top();
        for (int i = 0; i < labels.texts().size(); i++) {
            int slot = i % perPage;
            if (slot == 0 && i > 0) {
                flow.newPage();
            }
            float x = flow.left() + (slot % labels.columns()) * width;
            float labelTop = top - (slot / labels.columns()) * height;
            flow.dashedFrame(x, labelTop - height, width, height);
            label(labels.texts().get(i), x + PAD, labelTop - PAD, width - 2 * PAD, height - 2 * PAD);
        }
        flow.fill();
    }

    private void label(String text, float x, float top, float width, float height) throws IOException {
        String printable = flow.font().printable(text);
        float size = SIZE;
        List<String> lines = LineBreaker.lines(printable, flow.font(), size, width);
        while (lines.size() * size * LINE > height && size > SMALLEST) {
            size -= 0.5f;
            lines = LineBreaker.lines(printable, flow.font(), size, width);
        }
        float line = size * LINE;
        int fit = Math.max(1, (int) Math.floor(height / line));
        for (int i = 0; i < Math.min(fit, lines.size()); i++) {
            String shown = lines.get(i);
            if (i == fit - 1 && lines.size() > fit) {
                // what does not fit even small is marked as cut, not dropped unseen
                shown = (shown.isEmpty() ? "" : shown.substring(0, shown.offsetByCodePoints(shown.length(), -1)))
                        + flow.font().printable("…");
            }
            flow.text(shown, x, Grid.baseline(top - i * line, line, size), size);
        }
    }
}
