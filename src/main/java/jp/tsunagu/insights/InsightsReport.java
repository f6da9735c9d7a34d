package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.printing.Block;
import jp.tsunagu.printing.PdfPrinter;
import jp.tsunagu.printing.Sheet;
import jp.tsunagu.printing.Sheets;
import org.springframework.stereotype.Component;

/**
 * The A4 report for the 福祉部長's meeting (福祉部長会議資料「福祉の関わりの状況」): the headline coverage, coverage by
 * age band, household type and town, the programs with their persons, the most frequent combinations and the
 * month-end trend — every figure suppressed, as the paper leaves the department. Printed by the printing
 * module with its Japanese font.
 */
@Component
class InsightsReport {

    private final Sheets sheets;
    private final PdfPrinter printer;
    private final Figures figures;

    InsightsReport(Sheets sheets, PdfPrinter printer, Figures figures) {
        this.sheets = sheets;
        this.printer = printer;
        this.figures = figures;
    }

    private List<String> notCounted() {
        return figures.sources().stream().filter(s -> !s.welfare()).map(Figures.Source::name).toList();
    }

    byte[] print(Dashboard.View view) {
        String described = InsightsRequest.describe(view.filter());
        CoverageTable.Row all = view.overall();
        Sheet.Builder sheet = sheets.sheet("福祉の関わりの状況").headerLine("統計 " + described)
                .keyValues("住民", all.residents().display() + " 人", "福祉の制度に関わる住民", all.covered().display() + " 人",
                        "割合", all.rate().display(), "3制度以上に関わる住民", view.overlaps().multi().display() + " 人")
                .paragraph("福祉の関わり: " + welfareNote(view) + "。住民記録・住登外と、" + String.join("・", notCounted())
                        + "は、設定により数えていません。");
        for (Dimension d : List.of(Dimension.AGE_BAND, Dimension.HOUSEHOLD, Dimension.TOWN)) {
            ExportTable t = ExportTable.coverage(view.coverage().get(d), "");
            sheet.heading(t.title()).add(table(t, d == Dimension.HOUSEHOLD ? 4 : 2));
        }
        sheet.heading("制度ごとの人数");
        Block.Table.Builder programs = Block.Table.builder().column("制度", 3).column("所管課", 2).column("人数", 1);
        view.overlaps().programs().forEach(p -> programs.row(p.name(), p.department(), p.persons().display()));
        sheet.add(programs.build());
        sheet.heading(ExportTable.combinations(view.overlaps(), "").title())
                .add(table(ExportTable.combinations(view.overlaps(), ""), 5));
        ExportTable trends = ExportTable.trends(view.trends(), "");
        Block.Table.Builder months = Block.Table.builder().column("月末", 2).column("住民", 2).column("関わりあり", 2)
                .column("割合", 1);
        trends.rows().forEach(r -> months.row(ExportTable.text(r.get(0)), ExportTable.text(r.get(1)),
                ExportTable.text(r.get(2)), ExportTable.text(r.get(3))));
        sheet.heading("月ごとの推移").add(months.build());
        sheet.paragraph(InsightsController.FOOTNOTE.formatted(view.threshold(), view.threshold()));
        return printer.print(sheet.build());
    }

    private static Block.Table table(ExportTable t, double firstWidth) {
        Block.Table.Builder b = Block.Table.builder();
        for (int i = 0; i < t.header().size(); i++) {
            b.column(t.header().get(i), i == 0 ? firstWidth : 1);
        }
        for (List<Object> row : t.rows()) {
            List<String> cells = new ArrayList<>();
            row.forEach(c -> cells.add(ExportTable.text(c)));
            b.row(cells);
        }
        return b.build();
    }

    private static String welfareNote(Dashboard.View view) {
        List<String> names = view.overlaps().programs().stream().map(Overlaps.Program::name).toList();
        return names.size() + "制度 (" + String.join("、", names) + ")";
    }
}
