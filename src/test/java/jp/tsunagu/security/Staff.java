package jp.tsunagu.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import jp.tsunagu.access.Role;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The matrix's staff: every role, in the two departments that own sample sources (介護保険課 and こども支援課)
 * and in three that own none — 総合窓口課 (with explicit NONE grants), 情報政策課 (the administrator) and 監査室.
 */
enum Staff {

    KAIGO_VIEWER("matrix-kaigo-viewer", "介護 閲覧", Role.VIEWER, MatrixCity.KAIGO),
    KAIGO_CASEWORKER("matrix-kaigo-case", "介護 担当", Role.CASEWORKER, MatrixCity.KAIGO),
    KODOMO_CASEWORKER("matrix-kodomo-case", "子育 担当", Role.CASEWORKER, MatrixCity.KODOMO),
    MADOGUCHI_VIEWER("matrix-madoguchi-viewer", "窓口 閲覧", Role.VIEWER, MatrixCity.MADOGUCHI),
    ADMIN("matrix-admin", "情報 管理", Role.ADMIN, MatrixCity.KANRI),
    AUDITOR("matrix-auditor", "監査 確認", Role.AUDITOR, MatrixCity.KANSA);

    final String username;
    final String displayName;
    final Role role;
    final String department;

    Staff(String username, String displayName, Role role, String department) {
        this.username = username;
        this.displayName = displayName;
        this.role = role;
        this.department = department;
    }

    /** Logged in as this staff member, with the authority their role gives. */
    RequestPostProcessor login() {
        return user(username).roles(role.name());
    }

    @Override
    public String toString() {
        return username;
    }
}
