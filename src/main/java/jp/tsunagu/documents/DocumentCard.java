package jp.tsunagu.documents;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One file as a viewer is shown it (添付の表示): what {@link Seen} allows and nothing more. For {@link Seen#EXISTS}
 * only the department to ask and its extension are filled; title, kind and file are {@code null}.
 *
 * @param thumbnail a {@code data:image/jpeg;base64,…} thumbnail, when asked for and seen in full
 */
public record DocumentCard(long id, Seen seen, String title, String kind, String kindLabel, String departmentId,
        String departmentName, String extension, String sourceId, String programName, String lifeEvent,
        boolean shared, String fileName, String mediaType, String typeLabel, Long size, Integer pages,
        boolean image, String uploadedBy, Instant uploadedAt, LocalDate keepUntil, String thumbnail) {

    /** Whether the viewer may open the content (view, download). */
    public boolean openable() {
        return seen == Seen.FULL;
    }

    /** 「1.2 MB」. */
    public String sizeText() {
        if (size == null) {
            return null;
        }
        return size < 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.0f KB", Math.max(1, size / 1024.0))
                : String.format(java.util.Locale.ROOT, "%.1f MB", size / 1024.0 / 1024.0);
    }
}
