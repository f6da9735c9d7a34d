package jp.tsunagu.insights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.tsunagu.platform.SpreadsheetCells;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The statistics' files (統計の出力): CSV (UTF-8 with a BOM, so that Excel reads it as UTF-8; every cell
 * quoted) and xlsx (figures as number cells, 「10未満」 as text, a bold header, the table's title above it).
 */
final class ExportFiles {

    private ExportFiles() {
    }

    static byte[] csv(ExportTable table, String footnote) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, List.of(table.title()));
        line(out, table.header());
        for (List<Object> row : table.rows()) {
            line(out, row.stream().map(ExportTable::text).toList());
        }
        line(out, List.of(footnote));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] xlsx(ExportTable table, String footnote) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            XSSFSheet sheet = book.createSheet("統計");
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle integer = book.createCellStyle();
            integer.setDataFormat(book.createDataFormat().getFormat("#,##0"));
            int r = 0;
            SpreadsheetCells.text(sheet.createRow(r++).createCell(0), table.title());
            Row head = sheet.createRow(r++);
            for (int c = 0; c < table.header().size(); c++) {
                Cell cell = head.createCell(c);
                cell.setCellStyle(bold);
                SpreadsheetCells.text(cell, table.header().get(c));
                sheet.setColumnWidth(c, Math.min(40, Math.max(10, table.header().get(c).length() * 2 + 2)) * 256);
            }
            for (List<Object> values : table.rows()) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < values.size(); c++) {
                    Cell cell = row.createCell(c);
                    Object v = values.get(c);
                    if (v instanceof Shown s && !s.suppressed() && s.value() != null) {
                        cell.setCellValue(s.value());
                        cell.setCellStyle(integer);
                    } else if (v instanceof Integer n) {
                        cell.setCellValue(n);
                    } else {
                        SpreadsheetCells.text(cell, ExportTable.text(v));
                    }
                }
            }
            SpreadsheetCells.text(sheet.createRow(r + 1).createCell(0), footnote);
            sheet.createFreezePane(0, 2);
            book.write(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            // a cell that starts like a formula is not run by Excel
            String v = SpreadsheetCells.csvText(cells.get(i));
            out.append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
    }
}
