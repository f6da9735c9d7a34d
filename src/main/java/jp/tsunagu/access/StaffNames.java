package jp.tsunagu.access;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import jp.tsunagu.audit.StaffDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The staff and department names for the auditor's screens, read from this module's own tables. */
@Component
class StaffNames implements StaffDirectory {

    private final JdbcClient jdbc;

    StaffNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> staffNames(Collection<String> usernames) {
        return pairs("SELECT username, display_name FROM staff_account WHERE username = ANY(:ids)", usernames);
    }

    @Override
    public Map<String, String> departmentNames(Collection<String> departmentIds) {
        return pairs("SELECT department_id, name FROM department WHERE department_id = ANY(:ids)", departmentIds);
    }

    private Map<String, String> pairs(String sql, Collection<String> ids) {
        Map<String, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.sql(sql).param("ids", ids.toArray(String[]::new))
                .query(rs -> {
                    names.put(rs.getString(1), rs.getString(2));
                });
        return names;
    }
}
