package jp.tsunagu.access;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts (職員アカウント), stored with hashed passwords. */
@Service
public class StaffAccounts implements UserDetailsService {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;

    StaffAccounts(JdbcClient jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
    }

    /** Creates an account, or replaces the password and role of an existing one. */
    @Transactional
    public void save(String username, String displayName, String rawPassword, Role role, String departmentId) {
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, department_id)
                VALUES (:u, :d, :p, :r, :dept)
                ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name,
                    password_hash = EXCLUDED.password_hash, role = EXCLUDED.role,
                    department_id = EXCLUDED.department_id
                """)
                .param("u", username).param("d", displayName).param("p", encoder.encode(rawPassword))
                .param("r", role.name()).param("dept", departmentId).update();
    }

    /** Creates a department, or renames it. */
    @Transactional
    public void saveDepartment(String id, String name, String extension) {
        jdbc.sql("""
                INSERT INTO department (department_id, name, extension) VALUES (:id, :n, :e)
                ON CONFLICT (department_id) DO UPDATE SET name = EXCLUDED.name, extension = EXCLUDED.extension
                """).param("id", id).param("n", name).param("e", extension).update();
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
}
