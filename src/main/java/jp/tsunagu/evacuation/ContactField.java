package jp.tsunagu.evacuation;

/** Where a person's telephone number (電話番号その他の連絡先) is taken from: a program source's field. */
public record ContactField(String source, String field) {
}
