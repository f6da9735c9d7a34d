package jp.tsunagu.platform;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellPropertyType;
import org.apache.poi.ss.util.CellUtil;

/**
 * 表計算のセル (spreadsheet cells): the one rule by which every CSV and Excel (xlsx) cell the hub writes
 * is kept from being run as a formula (OWASP "CSV Injection"). A departmental export may carry any text —
 * {@code =HYPERLINK("http://…","詳細")}, {@code +cmd|' /C calc'!A0}, {@code -1+1}, {@code @SUM(…)} — and a
 * clerk opens the hub's files in Excel.
 *
 * <p>The rule, decided per typed value ({@link TypedValue}):
 * <ul>
 * <li>A <b>number</b> (a field typed integer or decimal, an age) is written as the number it is — in CSV
 * its plain digits ({@code -1}, {@code 12.5}), in xlsx a numeric cell. Its text is made from a
 * {@link Number}, never from the source's text, so it can hold nothing but a sign, digits and a point:
 * Excel reads a number, and {@code -1} stays minus one.</li>
 * <li>A <b>date</b> is ISO 8601 in CSV and a date cell in xlsx.</li>
 * <li>Everything else is <b>text</b> (names, addresses, codes' labels, identifiers, a text field that
 * happens to read {@code -1}): when it begins with {@code = + - @}, a tab or a carriage return (OWASP's
 * list), or their full-width forms {@code ＝ ＋ － ＠} (Japanese Excel turns those typed into a cell
 * into the ASCII ones), the CSV cell gets a leading {@code '}, which Excel takes as "this is text" and
 * does not show; the xlsx cell stays a string cell with the value exactly as imported and the
 * "quote prefix" style (Excel's own {@code '}), so that editing the cell in Excel does not turn it
 * into a formula either.</li>
 * </ul>
 * No writer sets an xlsx string cell itself ({@code SpreadsheetRulesTests} fails the build when one
 * does).
 */
public final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    /**
     * Whether a text would be read as a formula (or a DDE call) by a spreadsheet: it begins with
     * {@code = + - @}, a tab, a carriage return, or {@code ＝ ＋ － ＠}.
     */
    public static boolean formulaLike(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠' -> true;
            default -> false;
        };
    }

    /** A CSV cell for a text: empty for {@code null}, a leading {@code '} when it is formula-like. */
    public static String csvText(String text) {
        if (text == null) {
            return "";
        }
        return formulaLike(text) ? "'" + text : text;
    }

    /**
     * A CSV cell for a typed value: a number's plain digits, a date ISO 8601, anything else its display
     * through {@link #csvText}.
     */
    public static String csv(TypedValue value) {
        if (value.value() instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value.value() instanceof Number || value.value() instanceof LocalDate) {
            return value.value().toString();
        }
        return csvText(value.display());
    }

    /**
     * Sets an xlsx cell to a text: a string cell (never a formula) holding the text as it is; a
     * formula-like text also gets the quote-prefix style, derived from the cell's present style (so set
     * the cell's style, e.g. bold or wrapped, before calling this).
     */
    public static void text(Cell cell, String text) {
        cell.setCellValue(text == null ? "" : text);
        if (formulaLike(text)) {
            CellUtil.setCellStyleProperty(cell, CellPropertyType.QUOTE_PREFIXED, true);
        }
    }
}
