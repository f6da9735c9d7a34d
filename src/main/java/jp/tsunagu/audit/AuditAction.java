package jp.tsunagu.audit;

/** What was done (操作). */
public enum AuditAction {
    SEARCH("検索"),
    VIEW_PERSON("個人の閲覧"),
    EXPORT("出力"),
    DOWNLOAD("ダウンロード"),
    IMPORT("取込"),
    GRANT("権限の変更"),
    ACCOUNT("アカウントの変更"),
    LOGIN("ログイン"),
    LOGOUT("ログアウト"),
    LOGIN_FAILED("ログイン失敗"),
    BREAK_GLASS("緊急閲覧"),
    KEY_ROTATION("記録鍵の更新");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
