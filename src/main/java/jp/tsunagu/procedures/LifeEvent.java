package jp.tsunagu.procedures;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A life event (ライフイベント) as recorded: who, what, which day, and how the hub learnt of it.
 *
 * @param seq its number, the feed's cursor
 * @param origin {@code IMPORT} (a master snapshot), {@code DAILY} (the age job) or {@code MANUAL} (staff)
 * @param town the 町丁目 then; withheld like the address for 支援措置 persons
 */
public record LifeEvent(long seq, String personKey, String kind, String kindLabel, LocalDate occurredOn, String origin,
        String sourceId, Long runId, String householdKey, String town, String note, String recordedBy,
        Instant recordedAt) {

    /** How the hub learnt of it, in Japanese. */
    public String originLabel() {
        return switch (origin) {
            case "IMPORT" -> "住民記録の取込";
            case "DAILY" -> "日次処理";
            default -> "職員が記録";
        };
    }
}
