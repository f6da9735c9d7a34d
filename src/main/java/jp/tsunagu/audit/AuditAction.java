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
    /** An administrator looked at a value an import rejected (it may be a name or an address). */
    IMPORT_VALUE("取込エラーの値の表示"),
    /** Logins refused for a while after repeated failures for one user ID or from one address, and their lifting. */
    LOGIN_THROTTLED("ログイン制限"),
    /** A procedure item of a life event was added or changed (status, reason), or a life event recorded by hand. */
    PROCEDURE_CHANGE("手続きの記録"),
    /** The audit trail's key was rotated (old and new key ids in the detail). */
    KEY_ROTATION("記録鍵の更新"),
    /** A file or photo registered to a person (documents), or refused as hostile. */
    DOCUMENT_UPLOAD("添付の登録"),
    /** A person's files listed, one viewed or its thumbnail shown (documents); a download is {@link #DOWNLOAD}. */
    DOCUMENT_VIEW("添付の閲覧"),
    /** A file disposed of at the end of its keep-for period (保存年限). */
    DOCUMENT_DISPOSAL("添付の廃棄"),
    /** A message (伝言) about a person sent, read or acknowledged. */
    MESSAGE("伝言"),
    /** A disaster declared or ended (災害モード): lists may then be given without consent. */
    DISASTER("災害モード");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
