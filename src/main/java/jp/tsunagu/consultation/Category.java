package jp.tsunagu.consultation;

import java.time.Duration;

/**
 * A category of consultation (相談の分類): 介護, 障害, 子育て, 生活困窮, 高齢者虐待, 児童虐待, 障害者虐待, DV, その他 —
 * configurable under {@code tsunagu.consultation.categories}.
 *
 * @param code the identifier ({@code child-abuse}); the grant that opens the category to a department that is
 *     not involved is {@link #grantId()}
 * @param label the Japanese name (児童虐待)
 * @param hidden a department neither involved nor granted does not learn that such a record exists (虐待, DV)
 * @param clock the statutory clock from the report, or {@code null} (児童虐待: 48 hours)
 * @param clockLabel what must be confirmed before the clock runs out (安全確認 (48時間ルール))
 */
public record Category(String code, String label, boolean hidden, Duration clock, String clockLabel) {

    /** The grant ID of this category in access's grants ({@code consultation-child-abuse}). */
    public String grantId() {
        return "consultation-" + code;
    }

    public boolean hasClock() {
        return clock != null;
    }
}
