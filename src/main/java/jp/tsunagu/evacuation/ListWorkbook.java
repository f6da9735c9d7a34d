package jp.tsunagu.evacuation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Excel files of the module (名簿の Excel): a district's list with only the statutory items, its page
 * header (district, recipient, day, 取扱注意) and page numbers when printed, and the changes since the last
 * list as a second sheet; and the consent mailing list.
 */
final class ListWorkbook {

    private ListWorkbook() {
    }

    static byte[] handover(Handovers.Given given, String givenOn) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            CellStyle bold = bold(book);
            Sheet sheet = book.createSheet("名簿");
            String title = "避難行動要支援者名簿 " + given.districtName() + " (" + given.handover().purpose().label() + " "
                    + given.handover().recipient() + ")";
            int r = 0;
            cell(sheet.createRow(r++), 0, title, bold);
            cell(sheet.createRow(r++), 0, "【取扱注意】 提供日 " + givenOn + "　返却・廃棄期限 "
                    + Roster.display(given.handover().returnBy()) + "　提供番号 " + given.handover().id()
                    + (given.handover().withoutConsent() ? "　災害時のため同意によらず提供" : ""), bold);
            Row head = sheet.createRow(++r);
            cell(head, 0, "番号", bold);
            for (int i = 0; i < StatutoryRow.HEADINGS.size(); i++) {
                cell(head, i + 1, StatutoryRow.HEADINGS.get(i), bold);
            }
            int firstRow = r;
            int n = 0;
            for (StatutoryRow row : given.rows()) {
                Row x = sheet.createRow(++r);
                x.createCell(0).setCellValue(++n);
                List<String> cells = row.cells();
                for (int i = 0; i < cells.size(); i++) {
                    x.createCell(i + 1).setCellValue(cells.get(i));
                }
            }
            sheet.createFreezePane(0, firstRow + 1);
            sheet.setRepeatingRows(new org.apache.poi.ss.util.CellRangeAddress(firstRow, firstRow, -1, -1));
            int[] widths = {6, 16, 22, 6, 40, 16, 40};
            for (int i = 0; i < widths.length; i++) {
                sheet.setColumnWidth(i, widths[i] * 256);
            }
            printed(sheet, given, givenOn);
            diffSheet(book, bold, given.diff());
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void diffSheet(XSSFWorkbook book, CellStyle bold, Handovers.Diff diff) {
        Sheet sheet = book.createSheet("前回からの変更");
        int r = 0;
        cell(sheet.createRow(r++), 0, diff.first() ? "この提供先への初めての提供です (全員が追加)"
                : "前回の提供 (提供番号 " + diff.previous().id() + "、" + jp.tsunagu.platform.TokyoTime.minutes(
                        diff.previous().givenAt().toInstant()) + ") からの変更", bold);
        Row head = sheet.createRow(r++);
        cell(head, 0, "区分", bold);
        cell(head, 1, "氏名", bold);
        cell(head, 2, "変わった項目", bold);
        for (StatutoryRow row : diff.added()) {
            Row x = sheet.createRow(r++);
            x.createCell(0).setCellValue("追加");
            x.createCell(1).setCellValue(row.name());
        }
        for (StatutoryRow row : diff.removed()) {
            Row x = sheet.createRow(r++);
            x.createCell(0).setCellValue("削除");
            x.createCell(1).setCellValue(row.name());
        }
        for (Handovers.Changed c : diff.changed()) {
            Row x = sheet.createRow(r++);
            x.createCell(0).setCellValue("変更");
            x.createCell(1).setCellValue(c.row().name());
            x.createCell(2).setCellValue(String.join("、", c.items()));
        }
        sheet.setColumnWidth(0, 8 * 256);
        sheet.setColumnWidth(1, 20 * 256);
        sheet.setColumnWidth(2, 40 * 256);
    }

    /** The consent mailing list: who is to be asked, with the address for the envelope. */
    static byte[] mailing(List<Roster.Entry> entries) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            CellStyle bold = bold(book);
            Sheet sheet = book.createSheet("同意確認書の送付先");
            Row head = sheet.createRow(0);
            String[] headings = {"氏名", "住所又は居所", "避難支援等を必要とする事由", "名簿に載った日"};
            for (int i = 0; i < headings.length; i++) {
                cell(head, i, headings[i], bold);
            }
            int r = 0;
            for (Roster.Entry e : entries) {
                StatutoryRow row = StatutoryRow.of(e);
                Row x = sheet.createRow(++r);
                x.createCell(0).setCellValue(row.name());
                x.createCell(1).setCellValue(row.address());
                x.createCell(2).setCellValue(row.reasons());
                x.createCell(3).setCellValue(Roster.display(e.since().atZoneSameInstant(
                        jp.tsunagu.platform.TokyoTime.ZONE).toLocalDate()));
            }
            sheet.createFreezePane(0, 1);
            int[] widths = {16, 44, 40, 22};
            for (int i = 0; i < widths.length; i++) {
                sheet.setColumnWidth(i, widths[i] * 256);
            }
            sheet.getHeader().setCenter("同意確認書の送付先 【取扱注意】");
            sheet.getFooter().setCenter("&P / &N");
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printed(Sheet sheet, Handovers.Given given, String givenOn) {
        PrintSetup print = sheet.getPrintSetup();
        print.setLandscape(true);
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        sheet.setFitToPage(false);
        sheet.getHeader().setLeft(given.districtName() + "　" + given.handover().purpose().label() + " "
                + given.handover().recipient());
        sheet.getHeader().setCenter("【取扱注意】 避難行動要支援者名簿");
        sheet.getHeader().setRight(givenOn);
        sheet.getFooter().setCenter("&P / &N");
    }

    private static CellStyle bold(XSSFWorkbook book) {
        CellStyle style = book.createCellStyle();
        Font font = book.createFont();
        font.setBold(true);
        style.setFont(font);
        return style;
    }

    private static void cell(Row row, int column, String text, CellStyle style) {
        var c = row.createCell(column);
        c.setCellValue(text);
        c.setCellStyle(style);
    }

    private static byte[] bytes(XSSFWorkbook book) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        return out.toByteArray();
    }
}
