package jp.tsunagu.evacuation;

import java.util.List;
import java.util.Map;

/**
 * A criterion of the list (名簿掲載の基準): a rule over linked data whose reason is printed on the list as
 * the statutory 避難支援等を必要とする事由.
 *
 * @param id stable id (kept in the listing history)
 * @param reason the 事由 as printed (要介護3以上 …)
 * @param kind over which data the rule is
 * @param source for {@link Kind#PROGRAM}: the source whose current records are read
 * @param codes for {@link Kind#PROGRAM}: field → codes, one of which the record's field must hold (all fields)
 * @param withinDays for {@link Kind#PROGRAM}: field → days; the record's date must lie within that many days
 *     before today
 * @param validUntil for {@link Kind#PROGRAM}: date fields that must be today or later when present
 * @param minAge for {@link Kind#HOUSEHOLD}: every registered member of the household at least this old
 */
public record Criterion(String id, String reason, Kind kind, String source, Map<String, List<String>> codes,
        Map<String, Integer> withinDays, List<String> validUntil, int minAge) {

    /** Over which data a criterion is decided. */
    public enum Kind {
        /** a program's current records (要介護度, 手帳, 難病, 母子保健 …) */
        PROGRAM,
        /** the household's ages (65歳以上のみの世帯) */
        HOUSEHOLD,
        /** a request recorded by staff (申出) */
        REQUEST
    }
}
