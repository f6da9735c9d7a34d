package jp.tsunagu.procedures;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One procedure of a life event's checklist (手続きの項目): what a department is to do for the person,
 * by when, and where it stands.
 */
public record ProcedureItem(long itemId, long eventSeq, String personKey, String eventKind, String eventLabel,
        LocalDate occurredOn, String town, String procedureId, String program, String name, String departmentId,
        String sourceId, LocalDate dueOn, String place, List<String> documents, String note, ItemStatus status,
        String reason, int version, Instant updatedAt, String updatedBy) {

    /** 「児童手当 — 認定請求」 */
    public String title() {
        return program + " — " + name;
    }

    /** Past its due date and still open, on {@code today}. */
    public boolean overdue(LocalDate today) {
        return status.open() && dueOn != null && dueOn.isBefore(today);
    }

    /** Added by staff, not from the registry. */
    public boolean manual() {
        return procedureId.startsWith("manual-");
    }
}
