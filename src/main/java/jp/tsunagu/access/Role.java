package jp.tsunagu.access;

/** A staff role (役割). */
public enum Role {
    /** 閲覧者: reads what their department may see. */
    VIEWER("閲覧者"),
    /** 担当者: a caseworker, who also records consultations. */
    CASEWORKER("担当者"),
    /** 管理者: administers sources, imports, accounts and grants. */
    ADMIN("管理者"),
    /** 監査者: reads the audit trail. */
    AUDITOR("監査者");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The Spring Security authority name. */
    public String authority() {
        return "ROLE_" + name();
    }
}
