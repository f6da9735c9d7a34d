package jp.tsunagu.access;

import java.util.UUID;

/** A staff member made for one test, with a unique ID and a known password. */
record TestStaff(String username, String password, Role role) {

    static final String DEPARTMENT = "test-dept";

    static TestStaff create(StaffAccounts accounts, String prefix, Role role) {
        accounts.saveDepartment(DEPARTMENT, "テスト課", "内線 9999");
        TestStaff staff = new TestStaff(prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                "pw-" + UUID.randomUUID(), role);
        accounts.save(staff.username(), "試験 " + prefix, staff.password(), role, DEPARTMENT);
        return staff;
    }
}
