package jp.tsunagu.administration;

import java.util.Optional;
import jp.tsunagu.access.AccessGrants;
import jp.tsunagu.access.AccessGrants.Grant;
import jp.tsunagu.access.GrantLevel;

/**
 * What one department may see of one source (実際の閲覧範囲): its explicit grant (個別設定) or,
 * without one, the default.
 *
 * @param sensitive whether sensitive fields are shown; only ever with {@link GrantLevel#DETAIL}, since
 *     without the detail no field is shown at all
 * @param explicit the explicit grant, or {@code null} when the default applies
 * @param owner whether the department owns the source (所管課)
 */
record EffectiveGrant(GrantLevel level, boolean sensitive, Grant explicit, boolean owner) {

    static EffectiveGrant of(String departmentId, String owningDepartmentId, Optional<Grant> explicit) {
        boolean owner = departmentId.equals(owningDepartmentId);
        return explicit.map(g -> new EffectiveGrant(g.level(), g.level() == GrantLevel.DETAIL && g.sensitive(), g, owner))
                .orElseGet(() -> byDefault(departmentId, owningDepartmentId));
    }

    static EffectiveGrant byDefault(String departmentId, String owningDepartmentId) {
        GrantLevel level = AccessGrants.defaultLevel(departmentId, owningDepartmentId);
        return new EffectiveGrant(level, level == GrantLevel.DETAIL
                && AccessGrants.defaultSensitive(departmentId, owningDepartmentId), null,
                departmentId.equals(owningDepartmentId));
    }

    public boolean isExplicit() {
        return explicit != null;
    }

    public boolean detail() {
        return level == GrantLevel.DETAIL;
    }
}
