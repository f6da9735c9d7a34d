package jp.tsunagu.documents;

/**
 * What a clerk gives with a file (登録する添付の内容).
 *
 * @param personKey whose file it is
 * @param title 件名 (up to 200 characters)
 * @param kind the kind's id ({@code photo}, {@code medical} …)
 * @param departmentId the department it belongs to; {@code null} for the uploader's own
 * @param sourceId the related program's source, or {@code null}
 * @param lifeEvent the related life event (転入, 出生 …), or {@code null}
 * @param shared whether every department may see it (共有)
 */
public record NewDocument(String personKey, String title, String kind, String departmentId, String sourceId,
        String lifeEvent, boolean shared) {
}
