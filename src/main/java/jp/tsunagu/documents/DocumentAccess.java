package jp.tsunagu.documents;

import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.ViewerAccess;

/**
 * Need-to-know for files (添付の閲覧範囲), the program cards' rule applied to a file: the department a file
 * belongs to sees it; every other department sees that it exists and whom to ask, unless the owner shared it,
 * a grant for the related program allows the detail, or the viewer opened 緊急閲覧 of the person. A file tied to
 * no program is judged as the pseudo source {@value #UNRELATED}, which no grant names (the owner decides) and
 * which an API token scoped to sources does not reach. A 支援措置 person's file content is withheld from whoever
 * may not see their whereabouts, the owning department included, as their address is.
 */
final class DocumentAccess {

    /** The source id a file without a related program is judged under. */
    static final String UNRELATED = "documents";

    private DocumentAccess() {
    }

    static Seen seen(ViewerAccess access, DocumentRow row, boolean addressProtected) {
        return seen(access, row.sourceId(), row.departmentId(), row.shared(), row.personKey(), addressProtected);
    }

    static Seen seen(ViewerAccess access, String sourceId, String departmentId, boolean shared, String personKey,
            boolean addressProtected) {
        GrantLevel level = access.level(sourceId == null ? UNRELATED : sourceId, departmentId, personKey);
        if (level == GrantLevel.NONE) {
            return Seen.NONE;
        }
        if (level == GrantLevel.SUMMARY && !shared) {
            return Seen.EXISTS;
        }
        return access.withholdsWhereabouts(addressProtected, personKey) ? Seen.CONTENT_WITHHELD : Seen.FULL;
    }
}
