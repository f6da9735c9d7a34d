package jp.tsunagu.procedures;

import java.util.List;

/**
 * One procedure a life event calls for (手続き): per program, what is to be done, by which department,
 * within how many days, with which documents, and on which condition.
 *
 * @param id unique within its event kind (the item's key, so that an event never gets it twice)
 * @param program the program (制度): 児童手当
 * @param name what is done (手続き): 認定請求
 * @param departmentId the department in charge (担当課), as the staff accounts name it
 * @param source the program's source, whose grants decide who sees the item's details; {@code null}
 *     when the department's own staff alone see them
 * @param deadlineDays the days from the event to the due date (期限), or {@code null}
 * @param dueMonthDay instead of days, the next such day on or after the event ({@code 11-30}), or {@code null}
 * @param place where the resident goes (窓口)
 * @param documents what the resident brings (持ち物)
 * @param note a line for staff or the resident
 * @param condition when the procedure applies (条件)
 */
public record ProcedureDefinition(String id, String program, String name, String departmentId, String source,
        Integer deadlineDays, java.time.MonthDay dueMonthDay, String place, List<String> documents, String note,
        Condition condition) {

    /** 「児童手当 — 認定請求」 */
    public String title() {
        return program + " — " + name;
    }

    /** The due date for an event on {@code day}, or {@code null} without a deadline. */
    public java.time.LocalDate dueFor(java.time.LocalDate day) {
        if (deadlineDays != null) {
            return day.plusDays(deadlineDays);
        }
        if (dueMonthDay != null) {
            java.time.LocalDate due = dueMonthDay.atYear(day.getYear());
            return due.isBefore(day) ? dueMonthDay.atYear(day.getYear() + 1) : due;
        }
        return null;
    }

    /** The deadline in words for the registry screen: 「15日以内」「11月30日まで」. */
    public String deadlineText() {
        if (deadlineDays != null) {
            return deadlineDays == 0 ? "当日" : deadlineDays + "日以内";
        }
        if (dueMonthDay != null) {
            return dueMonthDay.getMonthValue() + "月" + dueMonthDay.getDayOfMonth() + "日まで";
        }
        return "期限なし";
    }
}
