package jp.tsunagu.evacuation;

import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.printing.Block;
import jp.tsunagu.printing.PdfPrinter;
import jp.tsunagu.printing.Sheet;
import jp.tsunagu.printing.Sheets;
import org.springframework.stereotype.Component;

/**
 * The module's printed sheets (帳票) through the printing module: a district's list (A4 landscape, 取扱注意,
 * district, recipient and day in every page's header, page numbers, the header row on every page), with the
 * changes since the last list to the same recipient on its last page; and the consent letters with their
 * address labels.
 */
@Component
class ListPdf {

    private final PdfPrinter printer;
    private final Sheets sheets;
    private final CityMap map;

    ListPdf(PdfPrinter printer, Sheets sheets, CityMap map) {
        this.printer = printer;
        this.sheets = sheets;
        this.map = map;
    }

    /** The one-page individual plan; the whereabouts withheld when the viewer may not see a 支援措置 person's. */
    byte[] plan(Roster.Entry entry, Plans.Plan plan, boolean withheld) {
        StatutoryRow row = StatutoryRow.of(entry);
        Sheet.Builder sheet = sheets.sheet("個別避難計画").handleWithCare().headerLine(row.name() + " 様");
        sheet.keyValues("氏名", row.name(), "生年月日", Roster.display(row.birthDate()), "性別", row.sex(),
                "住所又は居所", withheld ? jp.tsunagu.access.Withheld.WHEREABOUTS : row.address(),
                "電話番号その他の連絡先", withheld ? jp.tsunagu.access.Withheld.WHEREABOUTS : row.phone(),
                "避難支援等を必要とする事由", row.reasons());
        sheet.heading("避難先");
        String shelter = plan == null || plan.shelterId() == null ? "(未定)"
                : map.shelter(plan.shelterId()).map(s -> s.name() + " (" + s.address() + ")").orElse(plan.shelterId());
        sheet.keyValues("指定避難所", shelter, "避難の方法", plan == null || plan.means() == null ? "(未定)" : plan.means());
        sheet.heading("避難支援等実施者");
        Block.Table.Builder supporters = Block.Table.builder().column("氏名", 3).column("続柄・関係", 2).column("連絡先", 3);
        if (plan == null || plan.supporters().isEmpty()) {
            supporters.row("(未定)", "", "");
        } else {
            plan.supporters().forEach(s -> supporters.row(s.name(), s.relation(), s.contact()));
        }
        sheet.add(supporters.build());
        sheet.heading("備考");
        sheet.paragraph(plan == null || plan.notes() == null ? "なし" : plan.notes());
        return printer.print(sheet.build());
    }

    byte[] handover(Handovers.Given given) {
        Handovers.Handover h = given.handover();
        String givenOn = Roster.display(h.givenAt().atZoneSameInstant(TokyoTime.ZONE).toLocalDate());
        Sheet.Builder sheet = sheets.sheet("避難行動要支援者名簿").landscape().handleWithCare()
                .headerLine("地区: " + given.districtName() + " / 提供先: " + h.purpose().label() + " " + h.recipient()
                        + " / 提供日: " + givenOn + " / 提供番号 " + h.id());
        sheet.paragraph("返却・廃棄期限: " + Roster.display(h.returnBy()) + "。この名簿は避難支援等のためにだけ使い、"
                + "期限までに市へ返却するか廃棄してください (災害対策基本法 49条の13 の秘密保持義務があります)。"
                + (h.withoutConsent() ? "災害の発生 (またはそのおそれ) により、本人の同意によらず提供しています。" : ""));
        Block.Table.Builder table = Block.Table.builder().column("番号", 0.6);
        double[] widths = {2, 2.4, 0.7, 4.2, 1.8, 3.6};
        for (int i = 0; i < StatutoryRow.HEADINGS.size(); i++) {
            table.column(StatutoryRow.HEADINGS.get(i), widths[i]);
        }
        int n = 0;
        for (StatutoryRow row : given.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(++n));
            cells.addAll(row.cells());
            table.row(cells);
        }
        if (given.rows().isEmpty()) {
            sheet.paragraph("この地区・提供先に提供できる人はいません。");
        } else {
            sheet.add(table.build());
        }
        sheet.heading("前回の提供からの変更");
        Handovers.Diff diff = given.diff();
        if (diff.first()) {
            sheet.paragraph("この提供先への初めての提供です (全員が追加)。");
        } else {
            Block.Table.Builder changes = Block.Table.builder().column("区分", 1).column("氏名", 3).column("変わった項目", 6);
            diff.added().forEach(r -> changes.row("追加", r.name(), ""));
            diff.removed().forEach(r -> changes.row("削除", r.name(), "名簿を廃棄してください"));
            diff.changed().forEach(c -> changes.row("変更", c.row().name(), String.join("、", c.items())));
            if (diff.added().isEmpty() && diff.removed().isEmpty() && diff.changed().isEmpty()) {
                sheet.paragraph("前回 (提供番号 " + diff.previous().id() + ") から変更はありません。");
            } else {
                sheet.add(changes.build());
            }
        }
        return printer.print(sheet.build());
    }

    /** One letter per person asking for consent, then their address labels (12 to an A4 sheet). */
    byte[] consentLetters(List<Roster.Entry> entries) {
        Sheet.Builder sheet = sheets.sheet("避難行動要支援者名簿への情報提供についての同意確認書").handleWithCare();
        List<String> labels = new ArrayList<>();
        boolean first = true;
        for (Roster.Entry e : entries) {
            StatutoryRow row = StatutoryRow.of(e);
            if (!first) {
                sheet.pageBreak();
            }
            first = false;
            sheet.heading(row.name() + " 様");
            sheet.paragraph("あなたは、災害が起きたときに避難の支援が必要な方の名簿 (避難行動要支援者名簿) に載っています"
                    + " (事由: " + row.reasons() + ")。ふだんから地域の支援者に名簿の情報をお渡しすることに同意いただけるか、"
                    + "提供先ごとに○をつけてご返送ください。お渡しするのは、氏名、生年月日、性別、住所、電話番号、"
                    + "避難の支援が必要な理由だけです。同意いただけない場合も、災害時には法律にもとづき提供することがあります。");
            Block.Table.Builder answers = Block.Table.builder().column("提供先", 3).column("同意する", 1).column("同意しない", 1);
            for (Purpose p : Purpose.values()) {
                answers.row(p.label(), "□", "□");
            }
            sheet.add(answers.build());
            sheet.keyValues("住所", row.address(), "生年月日", Roster.display(row.birthDate()));
            labels.add(row.address() + "\n" + row.name() + " 様");
        }
        if (!labels.isEmpty()) {
            sheet.labels(labels, 2, 6);
        } else {
            sheet.paragraph("送付する人はいません。");
        }
        return printer.print(sheet.build());
    }
}
