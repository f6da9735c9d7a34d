/**
 * Attachments and messages (添付・メッセージ): files, photos and messages per resident, kept encrypted and
 * content-addressed, checked for hostile content before anything is stored, seen only by the departments
 * that may, every upload, view, download and acknowledgement recorded in the audit trail. The API is
 * {@link jp.tsunagu.documents.Documents} (a person's files for a viewer) and
 * {@link jp.tsunagu.documents.Messages} (伝言).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "access", "audit",
        "resident", "programs"})
package jp.tsunagu.documents;
