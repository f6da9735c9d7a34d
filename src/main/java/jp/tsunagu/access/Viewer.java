package jp.tsunagu.access;

/**
 * The staff member looking at personal data (閲覧者): who, in which role and department.
 */
public record Viewer(String username, Role role, String departmentId) {
}
