package jp.tsunagu.procedures;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;

/** The JSON answers of the life-event feed and a person's procedures (typed values beside the display). */
final class ProceduresDocuments {

    private ProceduresDocuments() {
    }

    @Schema(name = "LifeEvent", description = "ライフイベント。kind・origin はコード ({code, label})、occurredOn は ISO 8601 の日付")
    record Event(@Schema(description = "この出来事の番号 (次の取得の since に渡す)", example = "1024") String cursor,
            @Schema(example = "0000100002") String personKey,
            @Schema(description = "出来事の種類", example = "{\"name\":\"kind\",\"label\":\"出来事\",\"value\":{\"code\":\"birth\",\"label\":\"出生\"},\"display\":\"出生\"}") TypedValue kind,
            @Schema(description = "出来事の日", example = "{\"name\":\"occurredOn\",\"label\":\"出来事の日\",\"value\":\"2026-04-02\",\"display\":\"令和8年4月2日 (2026)\"}") TypedValue occurredOn,
            @Schema(description = "分かった経路: IMPORT (住民記録の取込)、DAILY (日次処理)、MANUAL (職員が記録)") TypedValue origin,
            @Schema(description = "取込で検出したときの連携元 ID", example = "jumin-kiroku", nullable = true) String sourceId,
            @Schema(description = "取込で検出したときの取込番号", example = "42", nullable = true) Long runId,
            @Schema(description = "記録した日時 (ISO 8601、日本時間)", example = "2026-04-02T09:15:00+09:00") String recordedAt) {

        static Event of(LifeEvent e) {
            return new Event(Long.toString(e.seq()), e.personKey(), TypedValue.code("kind", "出来事", e.kind(), e.kindLabel()),
                    TypedValue.date("occurredOn", "出来事の日", e.occurredOn(), JapaneseDates.warekiWithYear(e.occurredOn())),
                    TypedValue.code("origin", "経路", e.origin(), e.originLabel()), e.sourceId(), e.runId(),
                    TokyoTime.iso(e.recordedAt()));
        }
    }

    @Schema(name = "LifeEventPage", description = "ライフイベントの1ページ。next を次の since に渡すと、取込の最中でも抜けも重複もなく続きを取れる")
    record Page(@ArraySchema(schema = @Schema(implementation = Event.class)) List<Event> events,
            @Schema(description = "次の取得の since (このページの最後の番号。出来事がなければ渡した since のまま)", example = "2048") String next,
            @Schema(description = "このページが上限まで埋まった (続きがあるかもしれない)") boolean more) {
    }

    @Schema(name = "ProcedureItem", description = """
            手続きの項目。detail が false のときは閲覧者の所属に詳細が許されておらず、制度と担当課だけを返す (name・status・dueOn などは null)""")
    record Item(@Schema(example = "17") long itemId, @Schema(description = "詳細を返したか") boolean detail,
            @Schema(example = "児童手当") String program, @Schema(example = "認定請求", nullable = true) String name,
            @Schema(description = "担当課 ({code, label})") TypedValue department,
            @Schema(description = "担当課の連絡先", example = "内線 2410", nullable = true) String contact,
            @Schema(description = "出来事の番号", example = "1024") String event,
            @Schema(description = "状況: OPEN 要対応、GUIDED 案内済、DONE 完了、NOT_APPLICABLE 対象外", nullable = true) TypedValue status,
            @Schema(description = "期限 (ISO 8601)", nullable = true) TypedValue dueOn,
            @Schema(description = "対象外・要対応に戻した理由", nullable = true) String reason,
            @Schema(description = "窓口", nullable = true) String place,
            @ArraySchema(schema = @Schema(description = "持ち物", example = "請求者名義の預金通帳")) List<String> documents) {

        static Item of(VisibleItem v, String contact) {
            ProcedureItem i = v.item();
            TypedValue department = TypedValue.code("department", "担当課", i.departmentId(), v.departmentName());
            if (!v.detail()) {
                return new Item(i.itemId(), false, i.program(), null, department, contact, Long.toString(i.eventSeq()),
                        null, null, null, null, List.of());
            }
            return new Item(i.itemId(), true, i.program(), i.name(), department, contact, Long.toString(i.eventSeq()),
                    TypedValue.code("status", "状況", i.status().name(), i.status().label()),
                    i.dueOn() == null ? TypedValue.empty("dueOn", "期限")
                            : TypedValue.date("dueOn", "期限", i.dueOn(), JapaneseDates.warekiWithYear(i.dueOn())),
                    i.reason(), i.place(), i.documents());
        }
    }

    @Schema(name = "PersonProcedures", description = "一人の人のライフイベントと手続き (閲覧者の所属の権限を適用済み)")
    record Person(@Schema(example = "0000100002") String personKey,
            @ArraySchema(schema = @Schema(implementation = Event.class)) List<Event> events,
            @ArraySchema(schema = @Schema(implementation = Item.class)) List<Item> items) {
    }
}
