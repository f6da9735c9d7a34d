package jp.tsunagu.consultation;

/** What an entry of a record is (記録の種類). Entries are only ever added. */
public enum EntryKind {
    /** The account taken when the record was opened (受付内容). */
    OPENED("受付"),
    NOTE("経過"),
    /** A new text for an earlier entry, which stays as it was (訂正). */
    CORRECTION("訂正"),
    /** A person the record is about: by 宛名番号, or not yet identified with what is known. */
    SUBJECT("対象者"),
    /** An unidentified subject found to be this 宛名番号 (本人特定). */
    LINK("本人特定"),
    FOLLOW_UP("対応予定"),
    FOLLOW_UP_DONE("対応済み"),
    SHARE("共有"),
    REFERRAL("つなぎ"),
    ACCEPTED("受理"),
    RETURNED("返戻"),
    /** Who saw the person, when and where (安全確認・事実確認): what the clock asks for. */
    CONFIRMATION("確認"),
    CLOSED("終結");

    private final String label;

    EntryKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
