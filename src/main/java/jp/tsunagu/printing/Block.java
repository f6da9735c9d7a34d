package jp.tsunagu.printing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One piece of a sheet's body (帳票の部品), laid out top to bottom in the order given. Text is printed as
 * written; line breaks ({@code \n}) in it are kept, and a line too long for its place wraps at any character
 * (Japanese has no spaces to wait for), never starting a line with 、。」 and the like.
 */
public sealed interface Block permits Block.Heading, Block.Paragraph, Block.KeyValues, Block.Table,
        Block.Checklist, Block.PageBreak, Block.Labels {

    /** A heading (見出し), kept on the same page as the start of what follows it. */
    record Heading(String text) implements Block {
        public Heading {
            text = Objects.requireNonNull(text, "text");
        }
    }

    /** A paragraph (本文); it may continue on the next page. */
    record Paragraph(String text) implements Block {
        public Paragraph {
            text = Objects.requireNonNull(text, "text");
        }
    }

    /** Label and value pairs (項目と内容) in two columns, such as 氏名 / 住所 / 連絡先 on an individual plan. */
    record KeyValues(List<KeyValue> entries) implements Block {
        public KeyValues {
            entries = List.copyOf(entries);
        }

        /** {@code of("氏名", "山田 太郎", "住所", "…")}: labels and values alternating. */
        public static KeyValues of(String... labelsAndValues) {
            if (labelsAndValues.length % 2 != 0) {
                throw new IllegalArgumentException("項目名と内容を組にして渡してください (" + labelsAndValues.length + " 個)");
            }
            List<KeyValue> entries = new ArrayList<>();
            for (int i = 0; i < labelsAndValues.length; i += 2) {
                entries.add(new KeyValue(labelsAndValues[i], labelsAndValues[i + 1]));
            }
            return new KeyValues(entries);
        }
    }

    /** One label and its value; a {@code null} value prints as empty. */
    record KeyValue(String label, String value) {
        public KeyValue {
            label = Objects.requireNonNull(label, "label");
            value = value == null ? "" : value;
        }
    }

    /**
     * A table (表): its header row is printed again at the top of every page it continues on, its cells wrap,
     * and a row is never split across pages unless it is taller than a whole page. Rows come in groups; a group
     * with a label (one person on a hand-over sheet) starts with a band showing the label, shown again with
     * 「（続き）」 when the group continues on the next page.
     */
    record Table(List<Column> columns, List<RowGroup> groups) implements Block {
        public Table {
            columns = List.copyOf(columns);
            groups = List.copyOf(groups);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("表には列が一つ以上必要です");
            }
            for (RowGroup group : groups) {
                for (List<String> row : group.rows()) {
                    if (row.size() != columns.size()) {
                        throw new IllegalArgumentException("表の行の項目数 (" + row.size() + ") が列の数 ("
                                + columns.size() + ") と違います: " + row);
                    }
                }
            }
        }

        /** A table of ungrouped rows. */
        public static Table of(List<Column> columns, List<List<String>> rows) {
            return new Table(columns, List.of(new RowGroup(null, rows)));
        }

        /** A builder: {@code Table.builder().column("氏名", 2).column("住所", 4).row("…", "…").build()}. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a table column by column and row by row; {@link #group} starts a labelled group. */
        public static final class Builder {
            private final List<Column> columns = new ArrayList<>();
            private final List<RowGroup> groups = new ArrayList<>();
            private String label;
            private List<List<String>> rows = new ArrayList<>();

            private Builder() {
            }

            /** A column with its width relative to the others (2 is twice as wide as 1). */
            public Builder column(String title, double width) {
                columns.add(new Column(title, width));
                return this;
            }

            /** Starts a group of rows under {@code label}; rows added before it form a group of their own. */
            public Builder group(String label) {
                closeGroup();
                this.label = Objects.requireNonNull(label, "label");
                return this;
            }

            /** A row, one text per column ({@code null} prints as empty). */
            public Builder row(String... cells) {
                List<String> row = new ArrayList<>(cells.length);
                for (String cell : cells) {
                    row.add(cell == null ? "" : cell);
                }
                rows.add(row);
                return this;
            }

            /** A row, one text per column. */
            public Builder row(List<String> cells) {
                return row(cells.toArray(String[]::new));
            }

            public Table build() {
                closeGroup();
                return new Table(columns, groups);
            }

            private void closeGroup() {
                if (label != null || !rows.isEmpty()) {
                    groups.add(new RowGroup(label, rows));
                }
                label = null;
                rows = new ArrayList<>();
            }
        }
    }

    /** A column of a table: its title in the header row and its width relative to the other columns. */
    record Column(String title, double width) {
        public Column {
            title = Objects.requireNonNull(title, "title");
            if (!(width > 0) || Double.isInfinite(width)) {
                throw new IllegalArgumentException("列「" + title + "」の幅は正の数にしてください: " + width);
            }
        }
    }

    /** Rows printed together, under an optional label ({@code null}: no band). */
    record RowGroup(String label, List<List<String>> rows) {
        public RowGroup {
            rows = rows.stream().map(row -> row.stream().map(c -> c == null ? "" : c).toList()).toList();
        }
    }

    /** A checklist (チェックリスト): each item after an empty box □ to tick by hand. */
    record Checklist(List<String> items) implements Block {
        public Checklist {
            items = List.copyOf(items);
        }
    }

    /** The next block starts on a new page (改ページ). */
    record PageBreak() implements Block {
    }

    /**
     * An address-label sheet (宛名ラベル): {@code columns × rows} labels per page, filled row by row, as many
     * pages as the labels need; each text (〒, address, name 様, one per line) is printed inside its label.
     * Labels start on a new page and the block after them too.
     */
    record Labels(List<String> texts, int columns, int rows) implements Block {
        public Labels {
            texts = List.copyOf(texts);
            if (columns < 1 || rows < 1 || columns > 10 || rows > 20) {
                throw new IllegalArgumentException("ラベルの列数は1〜10、行数は1〜20にしてください: " + columns + "×" + rows);
            }
        }
    }
}
