package jp.tsunagu.procedures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.printing.Block;
import jp.tsunagu.printing.Sheet;
import jp.tsunagu.printing.Sheets;
import jp.tsunagu.resident.Person;
import org.springframework.stereotype.Component;

/**
 * The sheet a counter hands the family (手続きのご案内): for a death the おくやみ checklist, for a birth or a
 * move-in the welcome sheet — every procedure of the event across departments, grouped by where to go,
 * with the deadline and what to bring, on A4 with the city's name and the date. No address is printed
 * (a 支援措置 person's whereabouts never reach paper). A procedure whose details the clerk's department
 * may not see is named by its program and department only.
 */
@Component
class ChecklistSheet {

    private final Sheets sheets;

    ChecklistSheet(Sheets sheets) {
        this.sheets = sheets;
    }

    /** The title of the sheet for an event kind. */
    static String title(String kind, String label) {
        return switch (kind) {
            case "death" -> "おくやみ手続きのご案内";
            case "birth" -> "ご出生に伴う手続きのご案内";
            case "move-in" -> "転入された方への手続きのご案内";
            default -> label + "に伴う手続きのご案内";
        };
    }

    Sheet sheet(Person person, LifeEvent event, List<VisibleItem> items) {
        boolean death = event.kind().equals("death");
        Sheet.Builder sheet = sheets.sheet(title(event.kind(), event.kindLabel())).handleWithCare()
                .headerLine((death ? "故 " : "") + person.name() + " 様 ・ " + event.kindLabel() + " "
                        + JapaneseDates.wareki(event.occurredOn()));
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Paragraph(death
                ? "このたびは心よりお悔やみ申し上げます。亡くなられた方について、ご家族に必要な手続きをまとめました。"
                        + "窓口ごとに、期限と持ち物をご確認ください。"
                : "必要な手続きをまとめました。窓口ごとに、期限と持ち物をご確認ください。"));
        blocks.add(Block.KeyValues.of(death ? "亡くなられた方" : "お名前", person.name() + " (" + person.kana() + ")",
                "宛名番号", person.personKey(), event.kindLabel() + "の日", JapaneseDates.warekiWithYear(event.occurredOn()),
                "手続きの数", items.size() + " 件"));
        Map<String, List<VisibleItem>> byPlace = new LinkedHashMap<>();
        for (VisibleItem v : items) {
            String place = v.detail() && v.item().place() != null ? v.item().place() : v.departmentText();
            byPlace.computeIfAbsent(place, p -> new ArrayList<>()).add(v);
        }
        Block.Table.Builder table = Block.Table.builder().column("手続き", 0.34).column("期限", 0.18)
                .column("持ち物", 0.36).column("確認", 0.12);
        byPlace.forEach((place, list) -> {
            table.group("窓口: " + place);
            for (VisibleItem v : list) {
                ProcedureItem i = v.item();
                if (v.detail()) {
                    table.row(i.title(), i.dueOn() == null ? "—" : JapaneseDates.wareki(i.dueOn()) + "まで",
                            i.documents().isEmpty() ? "—" : String.join("、", i.documents()), "□");
                } else {
                    table.row(i.program() + " の手続き", "担当課でご案内します", "担当: " + v.departmentText(), "□");
                }
            }
        });
        blocks.add(new Block.Heading("手続きの一覧"));
        blocks.add(table.build());
        List<String> notes = items.stream().filter(VisibleItem::detail).map(VisibleItem::item)
                .filter(i -> i.note() != null).map(i -> i.program() + ": " + i.note()).distinct().toList();
        if (!notes.isEmpty()) {
            blocks.add(new Block.Heading("ご注意"));
            blocks.add(new Block.Checklist(notes));
        }
        blocks.forEach(sheet::add);
        return sheet.build();
    }
}
