package jp.tsunagu.documents;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;

/** A message (伝言) as the JSON API gives it: each value typed beside its Japanese display form. */
@Schema(name = "Message", description = "伝言一件")
record MessageJson(@Schema(description = "伝言番号", example = "7") long id,
        @Schema(description = "宛名番号", example = "0000100002") String personKey,
        @Schema(description = "項目 (型付きの値)") List<TypedValue> fields) {

    static MessageJson of(Message m) {
        List<TypedValue> fields = new ArrayList<>();
        fields.add(TypedValue.text("personName", "対象者", m.personName()));
        fields.add(TypedValue.code("sender", "差出人", m.sender(), m.senderName()));
        fields.add(TypedValue.code("senderDepartment", "差出人の課", m.senderDepartment(), m.senderDepartmentName()));
        fields.add(m.toDepartment() != null
                ? TypedValue.code("toDepartment", "宛先の課", m.toDepartment(), m.toDepartmentName())
                : TypedValue.code("toUser", "宛先の職員", m.toUser(), m.toUserName()));
        fields.add(new TypedValue("urgent", "至急", m.urgent(), m.urgent() ? "至急" : "通常"));
        fields.add(TypedValue.text("body", "本文", m.body()));
        fields.add(m.follows() == null ? TypedValue.empty("follows", "続ける伝言")
                : TypedValue.number("follows", "続ける伝言", m.follows(), "伝言 " + m.follows() + " の続き"));
        fields.add(time("sentAt", "送信日時", m.sentAt()));
        String state = m.doneAt() != null ? "DONE" : m.readAt() != null ? "READ" : "UNREAD";
        fields.add(TypedValue.code("state", "状態", state, m.state()));
        fields.add(time("readAt", "既読日時", m.readAt()));
        fields.add(TypedValue.text("readBy", "既読にした職員", m.readBy()));
        fields.add(time("doneAt", "対応日時", m.doneAt()));
        fields.add(TypedValue.text("doneBy", "対応した職員", m.doneBy()));
        fields.add(TypedValue.text("doneNote", "対応の記録", m.doneNote()));
        fields.add(new TypedValue("overdue", "期限超過", m.overdue(), m.overdue() ? "期限超過" : ""));
        return new MessageJson(m.id(), m.personKey(), fields);
    }

    private static TypedValue time(String name, String label, java.time.Instant at) {
        return at == null ? TypedValue.empty(name, label) : new TypedValue(name, label, TokyoTime.iso(at),
                TokyoTime.minutes(at));
    }
}
