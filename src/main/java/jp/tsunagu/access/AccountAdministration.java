package jp.tsunagu.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The changes an administrator makes to accounts and departments (アカウント管理). Each is recorded
 * in the audit trail with what changed, inside the change's transaction: if the record cannot be
 * written, the change is rolled back. Passwords are never recorded, only that one was issued.
 */
@Service
public class AccountAdministration {

    private final JdbcClient jdbc;
    private final StaffAccounts accounts;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;

    AccountAdministration(JdbcClient jdbc, StaffAccounts accounts, PasswordEncoder encoder, AuditTrail audit) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
    }

    /** Creates an account with a generated password, which is returned to be shown once. */
    @Transactional
    public String create(String actor, String username, String displayName, String departmentId, Role role) {
        check(AccountRules.staffId(username).or(() -> AccountRules.displayName(displayName)));
        requireDepartment(departmentId);
        if (accounts.exists(username)) {
            throw new AccountChangeRejected("職員ID「" + username + "」はすでに使われています");
        }
        String password = GeneratedPasswords.next();
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, department_id)
                VALUES (:u, :d, :p, :r, :dept)
                """).param("u", username).param("d", displayName.strip()).param("p", encoder.encode(password))
                .param("r", role.name()).param("dept", departmentId).update();
        record(actor, Map.of("change", "create", "account", username, "displayName", displayName.strip(),
                "department", departmentId, "role", role.name(), "password", "issued"));
        return password;
    }

    /**
     * Changes name, department, role and whether the account may log in.
     *
     * @return whether anything changed
     */
    @Transactional
    public boolean update(String actor, String username, String displayName, String departmentId, Role role,
            boolean enabled) {
        StaffAccount before = existing(username);
        if (isServiceAccount(username)) {
            throw new AccountChangeRejected("「" + username + "」はAPIトークンのサービスアカウントです。APIトークンの画面で管理してください");
        }
        check(AccountRules.displayName(displayName));
        requireDepartment(departmentId);
        if (username.equals(actor) && (role != Role.ADMIN || !enabled)) {
            throw new AccountChangeRejected("自分自身の管理者権限を外したり、自分のアカウントを無効にしたりはできません");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        diff(changes, "displayName", before.displayName(), displayName.strip());
        diff(changes, "department", before.departmentId(), departmentId);
        diff(changes, "role", before.role().name(), role.name());
        diff(changes, "enabled", Boolean.toString(before.enabled()), Boolean.toString(enabled));
        if (changes.isEmpty()) {
            return false;
        }
        jdbc.sql("""
                UPDATE staff_account SET display_name = :d, department_id = :dept, role = :r, enabled = :e
                 WHERE username = :u
                """).param("d", displayName.strip()).param("dept", departmentId).param("r", role.name())
                .param("e", enabled).param("u", username).update();
        requireAnAdministrator();
        changes.put("change", "update");
        changes.put("account", username);
        record(actor, changes);
        return true;
    }

    /** Replaces the password with a generated one, returned to be shown once; also lifts a login refusal. */
    @Transactional
    public String resetPassword(String actor, String username) {
        existing(username);
        String password = GeneratedPasswords.next();
        jdbc.sql("""
                UPDATE staff_account SET password_hash = :p WHERE username = :u
                """).param("p", encoder.encode(password)).param("u", username).update();
        clearThrottle(username);
        record(actor, Map.of("change", "password-reset", "account", username, "password", "issued"));
        return password;
    }

    /** Lifts a refusal of logins ({@link LoginThrottle}) before it runs out, and forgets the failures. */
    @Transactional
    public void unlock(String actor, String username) {
        StaffAccount before = existing(username);
        clearThrottle(username);
        record(actor, Map.of("change", "unlock", "account", username,
                "lockedUntil", String.valueOf(before.lockedUntil()),
                "failedAttempts", Integer.toString(before.failedAttempts())));
    }

    private void clearThrottle(String username) {
        jdbc.sql("DELETE FROM login_throttle WHERE kind = 'ACCOUNT' AND subject = :u").param("u", username).update();
    }

    /** Removes the second factor, for a lost phone; the staff member enrols again at the next login. */
    @Transactional
    public void resetTotp(String actor, String username) {
        existing(username);
        jdbc.sql("UPDATE staff_account SET totp_secret = NULL, totp_last_step = NULL WHERE username = :u")
                .param("u", username).update();
        record(actor, Map.of("change", "totp-reset", "account", username));
    }

    @Transactional
    public void createDepartment(String actor, String id, String name, String extension) {
        check(AccountRules.departmentId(id).or(() -> AccountRules.departmentName(name))
                .or(() -> AccountRules.extension(extension)));
        if (accounts.department(id).isPresent()) {
            throw new AccountChangeRejected("所属ID「" + id + "」はすでに使われています");
        }
        jdbc.sql("INSERT INTO department (department_id, name, extension) VALUES (:id, :n, :e)")
                .param("id", id).param("n", name.strip()).param("e", blankToNull(extension)).update();
        record(actor, Map.of("change", "department-create", "department", id, "name", name.strip(),
                "extension", String.valueOf(blankToNull(extension))));
    }

    /** @return whether anything changed */
    @Transactional
    public boolean updateDepartment(String actor, String id, String name, String extension) {
        Department before = accounts.department(id)
                .orElseThrow(() -> new AccountChangeRejected("所属ID「" + id + "」はありません"));
        check(AccountRules.departmentName(name).or(() -> AccountRules.extension(extension)));
        Map<String, String> changes = new LinkedHashMap<>();
        diff(changes, "name", before.name(), name.strip());
        diff(changes, "extension", before.extension(), blankToNull(extension));
        if (changes.isEmpty()) {
            return false;
        }
        jdbc.sql("UPDATE department SET name = :n, extension = :e WHERE department_id = :id")
                .param("n", name.strip()).param("e", blankToNull(extension)).param("id", id).update();
        changes.put("change", "department-update");
        changes.put("department", id);
        record(actor, changes);
        return true;
    }

    /** Fails the surrounding transaction if no enabled administrator would be left. */
    void requireAnAdministrator() {
        long left = jdbc.sql("SELECT count(*) FROM staff_account WHERE role = 'ADMIN' AND enabled")
                .query(Long.class).single();
        if (left == 0) {
            throw new AccountChangeRejected("有効な管理者が一人もいなくなるため、変更できません");
        }
    }

    void record(String actor, Map<String, String> detail) {
        audit.record(AuditEvent.of(actor, AuditAction.ACCOUNT, detail));
    }

    private StaffAccount existing(String username) {
        return accounts.find(username)
                .orElseThrow(() -> new AccountChangeRejected("職員ID「" + username + "」のアカウントはありません"));
    }

    private void requireDepartment(String departmentId) {
        if (departmentId == null || departmentId.isBlank() || accounts.department(departmentId).isEmpty()) {
            throw new AccountChangeRejected("所属を選んでください");
        }
    }

    private static void check(java.util.Optional<String> problem) {
        problem.ifPresent(p -> {
            throw new AccountChangeRejected(p);
        });
    }

    private static void diff(Map<String, String> changes, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, before + " → " + after);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private boolean isServiceAccount(String username) {
        return jdbc.sql("SELECT count(*) FROM staff_account WHERE username = :u AND api_service")
                .param("u", username).query(Integer.class).single() > 0;
    }
}
