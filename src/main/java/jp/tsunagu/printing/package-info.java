/**
 * Printing (帳票): printable A4 sheets as PDF with an embedded Japanese font, for every module that hands
 * staff a piece of paper — checklists, hand-over sheets, district lists, address labels. A module builds a
 * {@link jp.tsunagu.printing.Sheet} from {@link jp.tsunagu.printing.Block}s (headings, paragraphs, tables
 * whose header row repeats on every page, checklists, label grids) and asks
 * {@link jp.tsunagu.printing.PdfPrinter} for the bytes; a controller answers them with
 * {@link jp.tsunagu.printing.PdfAnswer}. The module reads no personal data itself and owns no tables:
 * what goes on the sheet, who may see it and the audit record of the read stay with the calling module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese"})
package jp.tsunagu.printing;
