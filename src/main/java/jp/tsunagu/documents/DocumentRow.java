package jp.tsunagu.documents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A {@code document} row as this module reads it (添付の行). */
record DocumentRow(long id, String personKey, String title, String kind, String departmentId, String sourceId,
        String lifeEvent, boolean shared, String originalName, String mediaType, long size, byte[] contentHash,
        byte[] thumbnailHash, Integer pages, String uploadedBy, Instant uploadedAt, LocalDate keepUntil,
        Instant disposedAt) {

    static final String COLUMNS = """
            id, person_key, title, kind, department_id, source_id, life_event, shared, original_name, media_type,
            size, content_hash, thumbnail_hash, pages, uploaded_by, uploaded_at, keep_until, disposed_at
            """;

    static DocumentRow map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime disposed = rs.getObject(18, OffsetDateTime.class);
        return new DocumentRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getString(9), rs.getString(10),
                rs.getLong(11), rs.getBytes(12), rs.getBytes(13), (Integer) rs.getObject(14), rs.getString(15),
                rs.getObject(16, OffsetDateTime.class).toInstant(), rs.getObject(17, LocalDate.class),
                disposed == null ? null : disposed.toInstant());
    }

    FileType type() {
        return FileType.ofMediaType(mediaType).orElse(FileType.TEXT);
    }
}
