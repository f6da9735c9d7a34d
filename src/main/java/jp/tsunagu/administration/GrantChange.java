package jp.tsunagu.administration;

import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.access.GrantLevel;

/**
 * What a change of one grant does to what a department sees (変更の影響), worded for the
 * administrator before it is made. Giving or taking away the detail, or the sensitive fields, is
 * asked once; any other change is made at once.
 *
 * @param effects message keys under {@code grants.effect.}, in the order they are shown
 */
record GrantChange(EffectiveGrant before, GrantLevel level, boolean sensitive, List<String> effects) {

    static GrantChange of(EffectiveGrant before, GrantLevel level, boolean sensitive) {
        boolean detail = level == GrantLevel.DETAIL;
        boolean sees = detail && sensitive;
        List<String> effects = new ArrayList<>();
        if (!before.detail() && detail) {
            effects.add("detailGiven");
        } else if (before.detail() && !detail) {
            effects.add(level == GrantLevel.NONE ? "detailTakenNone" : "detailTakenSummary");
        }
        if (!before.sensitive() && sees) {
            effects.add("sensitiveGiven");
        } else if (before.sensitive() && !sees && detail) {
            effects.add("sensitiveTaken");
        }
        return new GrantChange(before, level, sees, List.copyOf(effects));
    }

    /** Whether the administrator is asked once before the change is made. */
    boolean needsConfirmation() {
        return !effects.isEmpty();
    }

    /** Whether the explicit grant already says exactly this. */
    boolean unchanged() {
        return before.isExplicit() && before.level() == level && before.sensitive() == sensitive;
    }
}
