package jp.tsunagu.documents;

import java.time.Instant;

/**
 * A message about a resident (伝言), as a viewer is shown it: to a department or to one staff member, with its
 * urgency, when it was read (既読) and dealt with (対応済, with a note). Never edited or deleted: a correction is a
 * new message that follows this one ({@code follows}).
 *
 * @param overdue urgent, not dealt with, and older than the configured time: its department's head is told
 */
public record Message(long id, String personKey, String personName, String sender, String senderName,
        String senderDepartment, String senderDepartmentName, String toDepartment, String toDepartmentName,
        String toUser, String toUserName, boolean urgent, String body, Long follows, Instant sentAt, Instant readAt,
        String readBy, Instant doneAt, String doneBy, String doneNote, boolean overdue) {

    /** 宛先: the department's name, or the staff member's name. */
    public String recipient() {
        return toDepartment != null ? toDepartmentName : toUserName + " (" + toUser + ")";
    }

    /** 状態: 未読, 既読, 対応済. */
    public String state() {
        return doneAt != null ? "対応済" : readAt != null ? "既読" : "未読";
    }

    public String sentText() {
        return jp.tsunagu.platform.TokyoTime.minutes(sentAt);
    }

    public String readText() {
        return jp.tsunagu.platform.TokyoTime.minutes(readAt);
    }

    public String doneText() {
        return jp.tsunagu.platform.TokyoTime.minutes(doneAt);
    }
}
