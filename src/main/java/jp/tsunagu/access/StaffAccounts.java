package jp.tsunagu.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff accounts (職員アカウント), stored with hashed passwords. Spring Security's
 * {@code DaoAuthenticationProvider} loads them through {@link #loadUserByUsername}. Attempts held
 * back after repeated failures are refused before that, by {@link LoginThrottle}, for existing and
 * unknown IDs alike.
 *
 * <p>Changes made through this API (start-up administrator, demo staff) are recorded in the audit
 * trail as done by {@code system}; changes on the administration screen go through
 * {@code AccountAdministration}, which records the administrator.
 */
@Service
public class StaffAccounts implements UserDetailsService {

    static final String SYSTEM = "system";

    private static final String SELECT_ACCOUNT = """
            SELECT a.username, a.display_name, a.role, a.department_id, d.name, a.enabled, coalesce(t.failures, 0),
                   t.blocked_until, a.totp_secret IS NOT NULL, a.created_at
              FROM staff_account a LEFT JOIN department d ON d.department_id = a.department_id
              LEFT JOIN login_throttle t ON t.kind = 'ACCOUNT' AND t.subject = a.username
            """;

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;

    StaffAccounts(JdbcClient jdbc, PasswordEncoder encoder, AuditTrail audit) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.audit = audit;
    }

    /** Creates an account, or replaces the password and role of an existing one. */
    @Transactional
    public void save(String username, String displayName, String rawPassword, Role role, String departmentId) {
        boolean existed = exists(username);
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, department_id)
                VALUES (:u, :d, :p, :r, :dept)
                ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name,
                    password_hash = EXCLUDED.password_hash, role = EXCLUDED.role,
                    department_id = EXCLUDED.department_id
                """)
                .param("u", username).param("d", displayName).param("p", encoder.encode(rawPassword))
                .param("r", role.name()).param("dept", departmentId).update();
        audit.record(AuditEvent.of(SYSTEM, AuditAction.ACCOUNT, Map.of("change", existed ? "replace" : "create",
                "account", username, "displayName", displayName, "role", role.name(),
                "department", String.valueOf(departmentId), "password", "set")));
    }

    /** Creates a department, or renames it; records the change when there is one. */
    @Transactional
    public void saveDepartment(String id, String name, String extension) {
        int changed = jdbc.sql("""
                INSERT INTO department (department_id, name, extension) VALUES (:id, :n, :e)
                ON CONFLICT (department_id) DO UPDATE SET name = EXCLUDED.name, extension = EXCLUDED.extension
                 WHERE (department.name, department.extension) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.extension)
                """).param("id", id).param("n", name).param("e", extension).update();
        if (changed > 0) {
            audit.record(AuditEvent.of(SYSTEM, AuditAction.ACCOUNT, Map.of("change", "department",
                    "department", id, "name", name, "extension", String.valueOf(extension))));
        }
    }

    public boolean exists(String username) {
        return jdbc.sql("SELECT count(*) FROM staff_account WHERE username = :u").param("u", username)
                .query(Integer.class).single() > 0;
    }

    public long countAdministrators() {
        return jdbc.sql("SELECT count(*) FROM staff_account WHERE role = 'ADMIN'").query(Long.class).single();
    }

    public Optional<String> displayName(String username) {
        return jdbc.sql("SELECT display_name FROM staff_account WHERE username = :u").param("u", username)
                .query(String.class).optional();
    }

    public Optional<StaffAccount> find(String username) {
        return jdbc.sql(SELECT_ACCOUNT + " WHERE a.username = :u").param("u", username)
                .query(StaffAccounts::account).optional();
    }

    /**
     * A page of the accounts whose ID or name contains {@code query} (all when blank), by ID.
     *
     * @param page the page's number from 1, kept within the list
     */
    public PageSlice<StaffAccount> page(String query, int page, int size) {
        String like = "%" + (query == null ? "" : query.strip().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_")) + "%";
        String where = " WHERE a.username ILIKE :q OR a.display_name ILIKE :q OR d.name ILIKE :q";
        long total = jdbc.sql("SELECT count(*) FROM staff_account a LEFT JOIN department d USING (department_id)"
                + where).param("q", like).query(Long.class).single();
        PageNumbers numbers = PageNumbers.of(page, size, total);
        List<StaffAccount> items = jdbc.sql(SELECT_ACCOUNT + where + " ORDER BY a.username LIMIT :n OFFSET :o")
                .param("q", like).param("n", size).param("o", numbers.offset())
                .query(StaffAccounts::account).list();
        return numbers.slice(items);
    }

    public List<Department> departments() {
        return jdbc.sql("SELECT department_id, name, extension FROM department ORDER BY department_id")
                .query((rs, i) -> new Department(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** A page of the departments, by ID; {@code page} is the number from 1, kept within the list. */
    public PageSlice<Department> departments(int page, int size) {
        long total = jdbc.sql("SELECT count(*) FROM department").query(Long.class).single();
        PageNumbers numbers = PageNumbers.of(page, size, total);
        List<Department> items = jdbc.sql("""
                SELECT department_id, name, extension FROM department ORDER BY department_id LIMIT :n OFFSET :o
                """).param("n", size).param("o", numbers.offset())
                .query((rs, i) -> new Department(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        return numbers.slice(items);
    }

    public Optional<Department> department(String id) {
        return jdbc.sql("SELECT department_id, name, extension FROM department WHERE department_id = :id")
                .param("id", id)
                .query((rs, i) -> new Department(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> found = jdbc.sql("""
                SELECT username, password_hash, role, enabled FROM staff_account WHERE username = :u
                """).param("u", username)
                .query((rs, i) -> User.withUsername(rs.getString(1))
                        .password(rs.getString(2))
                        .authorities(new SimpleGrantedAuthority("ROLE_" + rs.getString(3)))
                        .disabled(!rs.getBoolean(4))
                        .build())
                .list();
        if (found.isEmpty()) {
            throw new UsernameNotFoundException(username);
        }
        return found.get(0);
    }

    private static StaffAccount account(ResultSet rs, int row) throws SQLException {
        return new StaffAccount(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getBoolean(6), rs.getInt(7), instant(rs, 8), rs.getBoolean(9), instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
