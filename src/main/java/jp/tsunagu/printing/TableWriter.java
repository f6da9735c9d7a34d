package jp.tsunagu.printing;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Prints a {@link Block.Table} (表の印刷): the header row, then each group's band and rows; on every page the
 * table continues on, the header row again and, inside a group, its band with 「（続き）」.
 */
final class TableWriter {

    static final float SIZE = 9f;
    private static final float HEADER_GREY = 0.85f;
    private static final float BAND_GREY = 0.93f;

    private final PageFlow flow;
    private final Block.Table table;
    private final Grid grid;
    private final Grid band;
    private final List<List<String>> header;
    private final float[] headerGreys;
    private String openGroup;

    TableWriter(PageFlow flow, Block.Table table) {
        this.flow = flow;
        this.table = table;
        this.grid = new Grid(flow, table.columns().stream().mapToDouble(Block.Column::width).toArray(), SIZE);
        this.band = new Grid(flow, new double[] {1}, SIZE);
        this.header = grid.lines(table.columns().stream().map(Block.Column::title).toList());
        this.headerGreys = new float[table.columns().size()];
        Arrays.fill(headerGreys, HEADER_GREY);
    }

    void write() throws IOException {
        float headerHeight = grid.height(header);
        flow.gap(8);
        flow.ensure(headerHeight + firstRowHeight());
        grid.draw(header, 0, tallest(), headerGreys);
        flow.continuation(this::continueOnNewPage);
        try {
            for (Block.RowGroup group : table.groups()) {
                openGroup = null;
                if (group.label() != null) {
                    List<List<String>> label = band.lines(List.of(group.label()));
                    float first = group.rows().isEmpty() ? 0 : grid.height(grid.lines(group.rows().get(0)));
                    float needed = band.height(label) + first;
                    if (needed > flow.available() && needed <= flow.bodyHeight() - headerHeight) {
                        flow.newPage();
                    }
                    band.row(label, new float[] {BAND_GREY}, headerHeight);
                    openGroup = group.label();
                }
                for (List<String> row : group.rows()) {
                    grid.row(grid.lines(row), null, continuationHeight(headerHeight));
                }
            }
        } finally {
            flow.continuation(null);
            openGroup = null;
        }
    }

    private void continueOnNewPage() throws IOException {
        grid.draw(header, 0, tallest(), headerGreys);
        if (openGroup != null) {
            List<List<String>> label = band.lines(List.of(openGroup + "（続き）"));
            band.draw(label, 0, label.get(0).size(), new float[] {BAND_GREY});
        }
    }

    private float continuationHeight(float headerHeight) {
        return headerHeight + (openGroup == null ? 0 : band.height(band.lines(List.of(openGroup + "（続き）"))));
    }

    private float firstRowHeight() {
        for (Block.RowGroup group : table.groups()) {
            float label = group.label() == null ? 0 : band.height(band.lines(List.of(group.label())));
            if (!group.rows().isEmpty()) {
                return label + grid.height(grid.lines(group.rows().get(0)));
            }
            if (label > 0) {
                return label;
            }
        }
        return 0;
    }

    private int tallest() {
        int most = 1;
        for (List<String> lines : header) {
            most = Math.max(most, lines.size());
        }
        return most;
    }
}
