package jp.tsunagu.printing;

import java.io.IOException;
import java.util.List;

/** Prints the text blocks (見出し・本文・チェックリスト・項目一覧) one after the other. */
final class TextWriter {

    static final float HEADING = 13f;
    static final float BODY = 10.5f;
    private static final float BODY_LINE = BODY * 1.6f;
    private static final float HEADING_LINE = HEADING * 1.4f;
    private static final String BOX = "□";
    private static final float LABEL_GREY = 0.93f;

    private final PageFlow flow;

    TextWriter(PageFlow flow) {
        this.flow = flow;
    }

    /** A heading with a rule under it, on the page where at least two lines of what follows fit. */
    void heading(Block.Heading heading) throws IOException {
        flow.gap(10);
        List<String> lines = lines(heading.text(), HEADING, flow.width());
        float height = lines.size() * HEADING_LINE + 4;
        flow.ensure(height + 2 * BODY_LINE);
        float top = flow.y();
        for (int i = 0; i < lines.size(); i++) {
            flow.text(lines.get(i), flow.left(), Grid.baseline(top - i * HEADING_LINE, HEADING_LINE, HEADING), HEADING);
        }
        flow.rule(flow.left(), flow.left() + flow.width(), top - height + 2, 0.6f, 0.5f);
        flow.advance(height);
        flow.gap(2);
    }

    /** A paragraph, continued line by line on the next page. */
    void paragraph(Block.Paragraph paragraph) throws IOException {
        flow.gap(6);
        for (String line : lines(paragraph.text(), BODY, flow.width())) {
            flow.ensure(BODY_LINE);
            flow.text(line, flow.left(), Grid.baseline(flow.y(), BODY_LINE, BODY), BODY);
            flow.advance(BODY_LINE);
        }
    }

    /** Each item after □, its continuation lines indented under its text; an item is kept on one page. */
    void checklist(Block.Checklist checklist) throws IOException {
        flow.gap(6);
        String box = flow.font().printable(BOX);
        float indent = flow.font().width(box, BODY) + BODY * 0.5f;
        for (String item : checklist.items()) {
            List<String> lines = lines(item, BODY, flow.width() - indent);
            float height = lines.size() * BODY_LINE + 3;
            flow.ensure(Math.min(height, flow.bodyHeight()));
            for (int i = 0; i < lines.size(); i++) {
                flow.ensure(BODY_LINE);
                float baseline = Grid.baseline(flow.y(), BODY_LINE, BODY);
                if (i == 0) {
                    flow.text(box, flow.left(), baseline, BODY);
                }
                flow.text(lines.get(i), flow.left() + indent, baseline, BODY);
                flow.advance(BODY_LINE);
            }
            flow.advance(3);
        }
    }

    /** Labels in a shaded narrow column, values beside them. */
    void keyValues(Block.KeyValues keyValues) throws IOException {
        flow.gap(8);
        Grid grid = new Grid(flow, new double[] {1, 2.8}, BODY);
        float[] greys = {LABEL_GREY, 1f};
        for (Block.KeyValue entry : keyValues.entries()) {
            grid.row(grid.lines(List.of(entry.label(), entry.value())), greys, 0);
        }
    }

    private List<String> lines(String text, float size, float width) {
        return LineBreaker.lines(flow.font().printable(text), flow.font(), size, width);
    }
}
