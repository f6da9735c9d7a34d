package jp.tsunagu.printing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of bordered cells across the body's width (罫線付きの行), for tables and label/value lists: each cell's
 * text wraps within its column, the row is as tall as its tallest cell, and a row moves whole to the next page
 * unless it is taller than a page, when it continues line by line.
 */
final class Grid {

    private static final float PAD = 3f;
    private static final float LINE = 1.35f;

    private final PageFlow flow;
    private final float[] widths;
    private final float size;
    private final float lineHeight;

    Grid(PageFlow flow, double[] relative, float size) {
        this.flow = flow;
        this.size = size;
        this.lineHeight = size * LINE;
        double sum = 0;
        for (double r : relative) {
            sum += r;
        }
        widths = new float[relative.length];
        for (int i = 0; i < relative.length; i++) {
            widths[i] = (float) (flow.width() * relative[i] / sum);
        }
    }

    float lineHeight() {
        return lineHeight;
    }

    /** Each cell's lines. */
    List<List<String>> lines(List<String> cells) {
        List<List<String>> lines = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String printable = flow.font().printable(cells.get(i));
            lines.add(LineBreaker.lines(printable, flow.font(), size, widths[i] - 2 * PAD));
        }
        return lines;
    }

    /** The height of a row of these cells. */
    float height(List<List<String>> cells) {
        return height(tallest(cells));
    }

    private float height(int lineCount) {
        return 2 * PAD + lineCount * lineHeight;
    }

    /**
     * Draws a row at the current place, or on the next page when it does not fit here but would on a new page
     * (whose continuation takes {@code continuationHeight}). {@code greys} shades cells (null: none shaded).
     */
    void row(List<List<String>> cells, float[] greys, float continuationHeight) throws IOException {
        int count = tallest(cells);
        float height = height(count);
        if (height <= flow.available()) {
            draw(cells, 0, count, greys);
            return;
        }
        if (height <= flow.bodyHeight() - continuationHeight || flow.available() < height(Math.min(count, 3))) {
            flow.newPage();
            if (height <= flow.available()) {
                draw(cells, 0, count, greys);
                return;
            }
        }
        // taller than a page: as many lines as fit here, the rest on the next pages
        int from = 0;
        while (from < count) {
            int fit = Math.max(1, (int) Math.floor((flow.available() - 2 * PAD) / lineHeight));
            int take = Math.min(fit, count - from);
            draw(cells, from, take, greys);
            from += take;
            if (from < count) {
                flow.newPage();
            }
        }
    }

    /** Draws lines {@code from} to {@code from + count} of every cell as one row, and moves down past it. */
    void draw(List<List<String>> cells, int from, int count, float[] greys) throws IOException {
        float top = flow.y();
        float height = height(count);
        float x = flow.left();
        for (int c = 0; c < widths.length; c++) {
            if (greys != null && greys[c] < 1f) {
                flow.shade(x, top - height, widths[c], height, greys[c]);
            }
            flow.frame(x, top - height, widths[c], height, 0.5f, 0.35f);
            List<String> lines = cells.get(c);
            for (int l = from; l < Math.min(lines.size(), from + count); l++) {
                float lineTop = top - PAD - (l - from) * lineHeight;
                flow.text(lines.get(l), x + PAD, baseline(lineTop, lineHeight, size), size);
            }
            x += widths[c];
        }
        flow.advance(height);
    }

    /** The baseline of a line of {@code size} points centred in a line box whose top is {@code lineTop}. */
    static float baseline(float lineTop, float lineHeight, float size) {
        return lineTop - (lineHeight - size) / 2 - size * 0.88f;
    }

    private static int tallest(List<List<String>> cells) {
        int most = 1;
        for (List<String> lines : cells) {
            most = Math.max(most, lines.size());
        }
        return most;
    }
}
