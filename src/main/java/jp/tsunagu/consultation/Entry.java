package jp.tsunagu.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One entry of a record (記録の一行), as written; never changed afterwards.
 *
 * @param refersTo what a correction corrects, a link links, an answer answers, a completion completes
 * @param detail an unidentified person's description ({@code name}, {@code age}, {@code place}), a
 *     confirmation's {@code seenBy}, {@code seenAt}, {@code place}
 */
public record Entry(long id, EntryKind kind, Instant at, String author, String departmentId, String body,
        Long refersTo, String personKey, String targetDepartment, String assignee, LocalDate dueOn,
        Map<String, String> detail) {

    public Entry {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    /** When a confirmation says the person was seen, or {@code null}. */
    public Instant seenAt() {
        String seen = detail.get("seenAt");
        return seen == null ? null : Instant.parse(seen);
    }

    /** A subject entry of a person not yet identified (宛名番号なし). */
    public boolean unidentified() {
        return kind == EntryKind.SUBJECT && personKey == null;
    }
}
