package jp.tsunagu.printing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A printable sheet (帳票): what {@link PdfPrinter} prints on A4 paper. Every page carries a header — the
 * title, the optional header line (「地区: 入間川一丁目 / 提供先: 民生委員 山田様」) and 「取扱注意」 when
 * {@code handleWithCare} — and a footer with the city's name, the date printed and 「1 / 3」.
 *
 * <p>Build one with {@link Sheets#sheet(String)}, which fills in the city's name and today's date in Tokyo, or
 * with {@link #builder(String)} when the caller has both.
 *
 * @param title          the sheet's name, on every page (「おくやみ手続きチェックリスト」)
 * @param cityName       the municipality printing it (「狭山市」)
 * @param printedOn      the day it is printed, in Tokyo
 * @param orientation    portrait or landscape A4
 * @param headerLine     a line under the title on every page, or {@code null}
 * @param handleWithCare whether every page says 「取扱注意」 (personal data on paper)
 * @param blocks         the body, top to bottom
 */
public record Sheet(String title, String cityName, LocalDate printedOn, Orientation orientation, String headerLine,
        boolean handleWithCare, List<Block> blocks) {

    public Sheet {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(cityName, "cityName");
        Objects.requireNonNull(printedOn, "printedOn");
        Objects.requireNonNull(orientation, "orientation");
        blocks = List.copyOf(blocks);
        if (headerLine != null && headerLine.isBlank()) {
            headerLine = null;
        }
    }

    /** A builder for a sheet titled {@code title}; city and date must be given before {@link Builder#build()}. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Builds a {@link Sheet}; portrait, no header line and not 取扱注意 unless said. */
    public static final class Builder {
        private final String title;
        private String cityName;
        private LocalDate printedOn;
        private Orientation orientation = Orientation.PORTRAIT;
        private String headerLine;
        private boolean handleWithCare;
        private final List<Block> blocks = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder cityName(String cityName) {
            this.cityName = cityName;
            return this;
        }

        public Builder printedOn(LocalDate printedOn) {
            this.printedOn = printedOn;
            return this;
        }

        public Builder orientation(Orientation orientation) {
            this.orientation = orientation;
            return this;
        }

        /** A4 landscape. */
        public Builder landscape() {
            return orientation(Orientation.LANDSCAPE);
        }

        public Builder headerLine(String headerLine) {
            this.headerLine = headerLine;
            return this;
        }

        /** Prints 「取扱注意」 in every page's header. */
        public Builder handleWithCare() {
            return handleWithCare(true);
        }

        public Builder handleWithCare(boolean handleWithCare) {
            this.handleWithCare = handleWithCare;
            return this;
        }

        public Builder add(Block block) {
            blocks.add(Objects.requireNonNull(block, "block"));
            return this;
        }

        public Builder heading(String text) {
            return add(new Block.Heading(text));
        }

        public Builder paragraph(String text) {
            return add(new Block.Paragraph(text));
        }

        public Builder keyValues(String... labelsAndValues) {
            return add(Block.KeyValues.of(labelsAndValues));
        }

        public Builder checklist(List<String> items) {
            return add(new Block.Checklist(items));
        }

        public Builder pageBreak() {
            return add(new Block.PageBreak());
        }

        public Builder labels(List<String> texts, int columns, int rows) {
            return add(new Block.Labels(texts, columns, rows));
        }

        public Sheet build() {
            return new Sheet(title, cityName, printedOn, orientation, headerLine, handleWithCare, blocks);
        }
    }
}
