package jp.tsunagu.access;

/** How much of a source a department may see (閲覧範囲). */
public enum GrantLevel {
    /** 詳細: every field (sensitive ones only with the sensitive grant). */
    DETAIL("詳細"),
    /** 概要: involvement and status only, with the owning department's contact. */
    SUMMARY("関わりのみ"),
    /** なし: not even involvement. */
    NONE("なし");

    private final String label;

    GrantLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
