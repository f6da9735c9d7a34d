package jp.tsunagu.procedures;

import jp.tsunagu.access.StaffAccounts;
import org.springframework.stereotype.Component;

/**
 * The header's badge (手続きの件数): the open items of the logged-in staff member's department, asked by
 * the layout only when it renders a page ({@code ${@procedureBadge.open(#authentication.name)}}).
 */
@Component("procedureBadge")
public class ProcedureBadge {

    private final StaffAccounts staff;
    private final Procedures procedures;

    ProcedureBadge(StaffAccounts staff, Procedures procedures) {
        this.staff = staff;
        this.procedures = procedures;
    }

    /** The open items of this user's department; 0 for a user without one. */
    public long open(String username) {
        return staff.find(username).map(a -> procedures.openCount(a.departmentId())).orElse(0L);
    }
}
