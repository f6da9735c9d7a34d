package jp.tsunagu.programs;

import java.time.OffsetDateTime;

/**
 * One change of a person's program records (変更履歴の一件).
 *
 * @param kind {@code A} added, {@code C} changed, {@code E} ended
 * @param at when the import that made it was applied
 */
public record TimelineEntry(String sourceId, char kind, OffsetDateTime at) {

    /** 追加, 変更 or 終了. */
    public String kindLabel() {
        return switch (kind) {
            case 'A' -> "追加";
            case 'C' -> "変更";
            default -> "終了";
        };
    }
}
