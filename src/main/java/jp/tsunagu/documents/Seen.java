package jp.tsunagu.documents;

/**
 * How much of a file a viewer sees (見える範囲), decided by {@link DocumentAccess}.
 */
public enum Seen {
    /** Title, kind, thumbnail, content: the owning department, a shared file, a grant, 緊急閲覧. */
    FULL,
    /**
     * Title and kind but not the content: the person is protected by a 支援措置 and the viewer may not see their
     * whereabouts (a photo of a home, a form with an address tells where they live).
     */
    CONTENT_WITHHELD,
    /** That a file exists and whom to ask (「ファイルあり — 担当課 (内線)」), nothing of it. */
    EXISTS,
    /** Not even that (a NONE grant for the related program, or an API token not scoped to it). */
    NONE
}
