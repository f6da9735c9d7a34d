package jp.tsunagu.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The grants as the administration screen reads them (閲覧範囲の一覧): the explicit grants per
 * department and source, each department's 支援措置 address permission, and the default that applies
 * where no grant was made. Grants are given through {@link AccessPolicy#grant}; this class only
 * adds taking an explicit grant back, so that the default applies again.
 */
@Service
public class AccessGrants {

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    AccessGrants(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * An explicit grant (個別設定) of one source to one department.
     *
     * @param sensitive whether fields marked sensitive (要配慮項目) are shown
     * @param grantedBy the administrator who made it
     */
    public record Grant(String departmentId, String sourceId, GrantLevel level, boolean sensitive, String grantedBy,
            Instant grantedAt) {
    }

    /**
     * A department with whether it may see 支援措置 persons' addresses.
     */
    public record DepartmentAccess(Department department, boolean seesProtectedAddress) {
    }

    /**
     * The level a department has on a source without an explicit grant: the owning department
     * (所管課) sees the detail, every other department involvement only. The same rule as
     * {@link AccessPolicy#level}, which decides for a viewer.
     */
    public static GrantLevel defaultLevel(String departmentId, String owningDepartmentId) {
        return departmentId != null && departmentId.equals(owningDepartmentId) ? GrantLevel.DETAIL : GrantLevel.SUMMARY;
    }

    /** Whether a department sees sensitive fields without an explicit grant: only the owning one. */
    public static boolean defaultSensitive(String departmentId, String owningDepartmentId) {
        return departmentId != null && departmentId.equals(owningDepartmentId);
    }

    /** The explicit grants of the given departments. */
    public List<Grant> grants(List<String> departmentIds) {
        if (departmentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT department_id, source_id, level, sensitive, granted_by, granted_at FROM source_grant
                 WHERE department_id IN (:d) ORDER BY department_id, source_id""")
                .param("d", departmentIds).query(AccessGrants::grant).list();
    }

    public Optional<Grant> grant(String departmentId, String sourceId) {
        return jdbc.sql("""
                SELECT department_id, source_id, level, sensitive, granted_by, granted_at FROM source_grant
                 WHERE department_id = :d AND source_id = :s""")
                .param("d", departmentId).param("s", sourceId).query(AccessGrants::grant).optional();
    }

    public long countDepartments() {
        return jdbc.sql("SELECT count(*) FROM department").query(Long.class).single();
    }

    /** One page of departments, by ID. */
    public List<DepartmentAccess> departments(int offset, int limit) {
        return jdbc.sql("""
                SELECT department_id, name, extension, sees_protected_address FROM department
                 ORDER BY department_id LIMIT :n OFFSET :o""")
                .param("n", limit).param("o", offset).query(AccessGrants::departmentAccess).list();
    }

    public Optional<DepartmentAccess> department(String departmentId) {
        return jdbc.sql("""
                SELECT department_id, name, extension, sees_protected_address FROM department
                 WHERE department_id = :d""")
                .param("d", departmentId).query(AccessGrants::departmentAccess).optional();
    }

    /**
     * Removes a department's explicit grant for a source, so that the default applies again
     * (既定に戻す). Recorded in the audit trail with the grant removed, inside the change's
     * transaction: if the record cannot be written, the grant stays.
     *
     * @return the grant removed, or empty when there was none (nothing is recorded then)
     */
    @Transactional
    public Optional<Grant> revertToDefault(String administrator, String departmentId, String sourceId) {
        Objects.requireNonNull(administrator, "administrator");
        Optional<Grant> removed = jdbc.sql("""
                DELETE FROM source_grant WHERE department_id = :d AND source_id = :s
                RETURNING department_id, source_id, level, sensitive, granted_by, granted_at""")
                .param("d", departmentId).param("s", sourceId).query(AccessGrants::grant).optional();
        removed.ifPresent(g -> audit.record(AuditEvent.of(administrator, AuditAction.GRANT, Map.of(
                "department", departmentId, "source", sourceId, "level", "default",
                "removedLevel", g.level().name(), "removedSensitive", Boolean.toString(g.sensitive())))));
        return removed;
    }

    private static Grant grant(ResultSet rs, int row) throws SQLException {
        return new Grant(rs.getString(1), rs.getString(2), GrantLevel.valueOf(rs.getString(3)), rs.getBoolean(4),
                rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant());
    }

    private static DepartmentAccess departmentAccess(ResultSet rs, int row) throws SQLException {
        return new DepartmentAccess(new Department(rs.getString(1), rs.getString(2), rs.getString(3)),
                rs.getBoolean(4));
    }
}
