package jp.tsunagu.consultation;

import jp.tsunagu.access.Viewer;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.printing.Block;
import jp.tsunagu.printing.PdfPrinter;
import jp.tsunagu.printing.Sheet;
import jp.tsunagu.printing.Sheets;
import org.springframework.stereotype.Service;

/**
 * The weekend hand-over sheet (週末引継ぎ票): the hand-over board on A4 paper for the staff on call — one band
 * per person, a row per open item with its record, category, clock or due day and whom to call. Printed from the
 * board as the viewer sees it; the print is audited like the board (screen {@code consultation.board.print}).
 */
@Service
public class HandoverSheet {

    private final HandoverBoard board;
    private final Sheets sheets;
    private final PdfPrinter printer;
    private final Departments departments;

    HandoverSheet(HandoverBoard board, Sheets sheets, PdfPrinter printer, Departments departments) {
        this.board = board;
        this.sheets = sheets;
        this.printer = printer;
        this.departments = departments;
    }

    /** The sheet's PDF for this viewer. */
    public byte[] print(Viewer viewer, String viewerLabel) {
        HandoverBoard.Board b = board.board(viewer, "print");
        Sheet.Builder sheet = sheets.sheet("週末引継ぎ票").handleWithCare()
                .headerLine(TokyoTime.minutes(b.at()) + " 現在 / 印刷: " + viewerLabel);
        sheet.paragraph("終結していない緊急の記録、確認前の期限、受理待ちのつなぎ、次の開庁日 ("
                + JapaneseDates.warekiWithYear(b.nextWorkingDay()) + ") までの対応予定です。" + b.groups().size() + " 人・"
                + b.records() + " 件。赤字の警告は「警告」欄に示します。");
        if (b.groups().isEmpty()) {
            sheet.paragraph("引き継ぐものはありません。");
            return printer.print(sheet.build());
        }
        Block.Table.Builder table = Block.Table.builder().column("警告", 0.8).column("項目", 1.4).column("記録", 1.8)
                .column("期限・状況", 3).column("連絡先", 2);
        for (HandoverBoard.Group g : b.groups()) {
            table.group(g.title());
            for (HandoverBoard.Item i : g.items()) {
                ConsultationRecord r = i.record();
                table.row(i.alarming() ? "警告" : "", i.kind().label(),
                        "記録 " + r.id() + " " + r.category().label() + " (" + r.urgency().label() + ")",
                        detail(i, b), departments.contact(r.departmentId()));
            }
        }
        sheet.add(table.build());
        return printer.print(sheet.build());
    }

    private String detail(HandoverBoard.Item i, HandoverBoard.Board b) {
        ConsultationRecord r = i.record();
        return switch (i.kind()) {
            case URGENT, CLOCK -> r.clockDue() == null ? "受付 " + TokyoTime.minutes(r.receivedAt())
                    : r.category().clockLabel() + " 期限 " + TokyoTime.minutes(r.clockDue()) + " "
                            + r.clock(b.at()).label();
            case REFERRAL -> departments.contact(i.entry().departmentId()) + " → "
                    + departments.contact(i.entry().targetDepartment()) + " 受理待ち (" + TokyoTime.minutes(i.entry().at())
                    + " から)";
            case FOLLOW_UP -> i.entry().body() + " 担当 " + i.entry().assignee() + " 期日 "
                    + JapaneseDates.warekiWithYear(i.entry().dueOn());
        };
    }
}
