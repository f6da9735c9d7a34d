package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * OWASP's CSV-injection rule, decided per typed value: formula-like text is quoted, a number stays a number,
 * plain text is left as it is — in CSV cells and in xlsx cells read back with Apache POI.
 */
class SpreadsheetCellsTests {

    /** OWASP's examples and the full-width forms Japanese Excel converts. */
    static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://hostile.invalid/\",\"詳細\")",
            "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "＝ＳＵＭ(1,1)",
            "＋1", "－1", "＠SUM(A1)", "-");

    static final List<String> PLAIN = List.of("狭山 花子", "入間川一丁目1番1号", "1-2-3", "要介護5", "0000001",
            "<script>alert(1)</script>", "a=b", "'=1+1", "");

    @Test
    void formulaLikeTextIsPrefixedWithAQuoteInCsvAndPlainTextIsLeftAlone() {
        for (String f : FORMULAS) {
            assertThat(SpreadsheetCells.formulaLike(f)).as(f).isTrue();
            assertThat(SpreadsheetCells.csvText(f)).as(f).isEqualTo("'" + f);
            assertThat(SpreadsheetCells.csv(TypedValue.text("x", "x", f))).as(f).isEqualTo("'" + f);
        }
        for (String p : PLAIN) {
            assertThat(SpreadsheetCells.formulaLike(p)).as(p).isFalse();
            assertThat(SpreadsheetCells.csvText(p)).as(p).isEqualTo(p);
        }
        assertThat(SpreadsheetCells.csvText(null)).isEmpty();
    }

    @Test
    void aTypedNumberOrDateStaysWhatItIsWhileTheSameTextInATextFieldIsQuoted() {
        assertThat(SpreadsheetCells.csv(TypedValue.number("amount", "月額", -1L, "-1"))).isEqualTo("-1");
        assertThat(SpreadsheetCells.csv(TypedValue.number("rate", "率", new BigDecimal("-0.50"), "-0.50")))
                .isEqualTo("-0.50");
        assertThat(SpreadsheetCells.csv(TypedValue.date("d", "日", LocalDate.of(2019, 5, 1), "令和元年5月1日 (2019)")))
                .isEqualTo("2019-05-01");
        assertThat(SpreadsheetCells.csv(TypedValue.text("memo", "備考", "-1"))).isEqualTo("'-1");
        assertThat(SpreadsheetCells.csv(TypedValue.code("level", "区分", "=1", "=HYPERLINK(\"x\")")))
                .as("a code is shown by its label, which is text").isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(SpreadsheetCells.csv(TypedValue.withheld("address", "住所", "（支援措置のため非表示）")))
                .isEqualTo("（支援措置のため非表示）");
    }

    @Test
    void anXlsxCellOfFormulaLikeTextIsAQuotePrefixedStringKeepingItsValueAndAStyleSetBeforeStays() throws Exception {
        for (boolean streaming : new boolean[] {false, true}) {
            byte[] bytes;
            try (var book = streaming ? new SXSSFWorkbook(10) : new XSSFWorkbook()) {
                var sheet = book.createSheet("試験");
                var bold = book.createCellStyle();
                var font = book.createFont();
                font.setBold(true);
                bold.setFont(font);
                for (int i = 0; i < FORMULAS.size(); i++) {
                    Row row = sheet.createRow(i);
                    Cell styled = row.createCell(0);
                    styled.setCellStyle(bold);
                    SpreadsheetCells.text(styled, FORMULAS.get(i));
                    row.createCell(1).setCellValue(-1);
                }
                for (int i = 0; i < PLAIN.size(); i++) {
                    SpreadsheetCells.text(sheet.createRow(FORMULAS.size() + i).createCell(0), PLAIN.get(i));
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                book.write(out);
                bytes = out.toByteArray();
            }
            try (XSSFWorkbook read = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
                var sheet = read.getSheetAt(0);
                for (int i = 0; i < FORMULAS.size(); i++) {
                    Cell cell = sheet.getRow(i).getCell(0);
                    assertThat(cell.getCellType()).as(FORMULAS.get(i)).isEqualTo(CellType.STRING);
                    assertThat(cell.getStringCellValue()).as("kept as imported").isEqualTo(FORMULAS.get(i));
                    assertThat(cell.getCellStyle().getQuotePrefixed()).as(FORMULAS.get(i)).isTrue();
                    assertThat(read.getFontAt(cell.getCellStyle().getFontIndex()).getBold()).as("the style set before")
                            .isTrue();
                    Cell number = sheet.getRow(i).getCell(1);
                    assertThat(number.getCellType()).isEqualTo(CellType.NUMERIC);
                    assertThat(number.getNumericCellValue()).isEqualTo(-1);
                }
                for (int i = 0; i < PLAIN.size(); i++) {
                    Cell cell = sheet.getRow(FORMULAS.size() + i).getCell(0);
                    assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                    assertThat(cell.getStringCellValue()).isEqualTo(PLAIN.get(i));
                    assertThat(cell.getCellStyle().getQuotePrefixed()).as(PLAIN.get(i)).isFalse();
                }
            }
        }
    }
}
