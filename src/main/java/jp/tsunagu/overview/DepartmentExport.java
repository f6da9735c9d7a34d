package jp.tsunagu.overview;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.platform.SpreadsheetCells;
import jp.tsunagu.platform.TypedValue;
import jp.tsunagu.programs.ProgramSource;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * 課の一覧の出力 (the department list's files): one column per field — the person's own fields, then each
 * chosen program's fields — in the Excel file as typed cells (dates as date cells shown in 和暦, numbers as
 * numbers, a frozen header, an autofilter, column widths), in the CSV as one cell each (dates ISO 8601).
 * Rows are written as they arrive, so the file never waits for the whole list in memory.
 */
final class DepartmentExport {

    /** Excel's own 和暦 display (ロケール 411 = 日本語, g = 元号, e = 和暦の年), read by Excel and LibreOffice. */
    static final String WAREKI_FORMAT = "[$-411]ggge\"年\"m\"月\"d\"日\"";

    /** What a column holds, for its cell type and width. */
    enum Kind {
        KEY(12), TEXT(16), LONG_TEXT(36), DATE(20), NUMBER(8);

        final int width;

        Kind(int width) {
            this.width = width;
        }
    }

    /** A column: its header, kind, and (for a program's field) source and position among the source's columns. */
    record Column(String header, Kind kind, String sourceId, int field) {
    }

    private DepartmentExport() {
    }

    /** The header: 宛名番号 … 状態, then 「制度名: 項目名」 for each field of each source. */
    static List<Column> columns(List<ProgramSource> sources) {
        List<Column> columns = new ArrayList<>(List.of(new Column("宛名番号", Kind.KEY, null, 0),
                new Column("氏名", Kind.TEXT, null, 1), new Column("カナ氏名", Kind.TEXT, null, 2),
                new Column("生年月日", Kind.DATE, null, 3), new Column("年齢", Kind.NUMBER, null, 4),
                new Column("住所", Kind.LONG_TEXT, null, 5), new Column("状態", Kind.TEXT, null, 6)));
        for (ProgramSource s : sources) {
            List<ProgramSource.Field> fields = DepartmentList.columnFields(s);
            for (int i = 0; i < fields.size(); i++) {
                ProgramSource.Field f = fields.get(i);
                Kind kind = switch (f.type()) {
                    case DATE -> Kind.DATE;
                    case INTEGER, DECIMAL -> Kind.NUMBER;
                    default -> Kind.TEXT;
                };
                columns.add(new Column(s.name() + ": " + f.label(), kind, s.id(), i));
            }
        }
        return columns;
    }

    /**
     * The row's value in each column. A person with several records in one source gets them in one cell,
     * a line each, as text: a cell holds one value, and a row is one person.
     */
    static List<TypedValue> values(List<Column> columns, DepartmentList.Row row) {
        List<TypedValue> values = new ArrayList<>(List.of(TypedValue.text("personKey", "宛名番号", row.personKey()),
                TypedValue.text("name", "氏名", row.name()), TypedValue.text("kana", "カナ氏名", row.kana()),
                TypedValue.date("birthDate", "生年月日", row.born(), row.birthDate()),
                TypedValue.number("age", "年齢", row.age(), row.age() == null ? null : row.age().toString()),
                Withheld.addressField(row.address()),
                TypedValue.text("status", "状態", row.status())));
        for (Column c : columns.subList(values.size(), columns.size())) {
            List<List<TypedValue>> records = row.programColumns().getOrDefault(c.sourceId(), List.of());
            if (records.size() == 1) {
                values.add(records.get(0).get(c.field()));
            } else {
                List<String> shown = records.stream().map(r -> r.get(c.field()).display())
                        .map(d -> d == null ? "" : d).toList();
                values.add(TypedValue.text(c.header(), c.header(), records.isEmpty() ? null : String.join("\n", shown)));
            }
        }
        return values;
    }

    /** The Excel file: typed cells, 和暦 dates, frozen header, autofilter over every row, widths by kind. */
    static final class Xlsx implements AutoCloseable {

        private final SXSSFWorkbook book = new SXSSFWorkbook(100);
        private final SXSSFSheet sheet = book.createSheet("課の一覧");
        private final List<Column> columns;
        private final CellStyle date;
        private final CellStyle integer;
        private final CellStyle text;
        private int next;

        Xlsx(List<Column> columns) {
            this.columns = columns;
            date = book.createCellStyle();
            date.setDataFormat(book.createDataFormat().getFormat(WAREKI_FORMAT));
            integer = book.createCellStyle();
            integer.setDataFormat(book.createDataFormat().getFormat("0"));
            text = book.createCellStyle();
            text.setWrapText(true);
            CellStyle head = book.createCellStyle();
            Font bold = book.createFont();
            bold.setBold(true);
            head.setFont(bold);
            Row header = sheet.createRow(next++);
            for (int c = 0; c < columns.size(); c++) {
                Cell cell = header.createCell(c);
                cell.setCellStyle(head);
                SpreadsheetCells.text(cell, columns.get(c).header());
                sheet.setColumnWidth(c, Math.max(columns.get(c).kind().width, Math.min(40, columns.get(c).header().length() * 2)) * 256);
            }
            sheet.createFreezePane(0, 1);
        }

        void add(List<TypedValue> values) {
            Row row = sheet.createRow(next++);
            for (int c = 0; c < values.size(); c++) {
                TypedValue v = values.get(c);
                Cell cell = row.createCell(c);
                if (v.value() instanceof LocalDate d) {
                    cell.setCellValue(d);
                    cell.setCellStyle(date);
                } else if (v.value() instanceof Long n) {
                    cell.setCellValue(n);
                    cell.setCellStyle(integer);
                } else if (v.value() instanceof Integer n) {
                    cell.setCellValue(n);
                    cell.setCellStyle(integer);
                } else if (v.value() instanceof BigDecimal n) {
                    cell.setCellValue(n.doubleValue());
                } else if (v.display() != null) {
                    if (v.display().indexOf('\n') >= 0) {
                        cell.setCellStyle(text);
                    }
                    SpreadsheetCells.text(cell, v.display());
                }
            }
        }

        void write(OutputStream out) throws IOException {
            sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, next - 1), 0, columns.size() - 1));
            book.write(out);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            book.close();
        }
    }

    /**
     * The CSV: UTF-8 with a BOM (Excel reads it as UTF-8 then), or Shift_JIS (Windows-31J, for older
     * tools; a character it lacks becomes 〓 rather than failing the export half-way); every cell quoted,
     * each made by {@link SpreadsheetCells#csv} so that Excel runs no formula from it.
     */
    static final class Csv {

        private final Writer out;

        Csv(OutputStream stream, boolean shiftJis) throws IOException {
            if (shiftJis) {
                var encoder = Charset.forName("windows-31j").newEncoder()
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).onMalformedInput(CodingErrorAction.REPLACE)
                        .replaceWith("〓".getBytes(Charset.forName("windows-31j")));
                out = new OutputStreamWriter(stream, encoder);
            } else {
                out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                out.write('\uFEFF');
            }
        }

        void header(List<Column> columns) {
            line(columns.stream().map(c -> SpreadsheetCells.csvText(c.header())).toList());
        }

        void add(List<TypedValue> values) {
            line(values.stream().map(SpreadsheetCells::csv).toList());
        }

        private void line(List<String> cells) {
            try {
                for (int i = 0; i < cells.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write('"');
                    out.write(cells.get(i).replace("\"", "\"\""));
                    out.write('"');
                }
                out.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
