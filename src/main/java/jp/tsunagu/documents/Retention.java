package jp.tsunagu.documents;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention (保存年限): each kind of document is kept for its configured years; once its keep-until day has come,
 * a file is due for disposal. An administrator lists what is due and disposes of it: the content and its file are
 * deleted, the row stays as the record of disposal (廃棄記録: what it was, whose, who disposed of it, when and why),
 * and each disposal is in the audit trail.
 */
@Service
public class Retention {

    /** A file due for disposal, or one disposed of. */
    public record Entry(long id, String personKey, String title, String kind, String departmentId,
            LocalDate keepUntil, java.time.Instant uploadedAt, java.time.Instant disposedAt, String disposedBy,
            String note) {

        public String keepUntilText() {
            return jp.tsunagu.japanese.JapaneseDates.warekiWithYear(keepUntil);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ContentStore contents;
    private final AuditTrail audit;
    private final TokyoTime time;

    Retention(JdbcClient jdbc, TransactionTemplate transactions, ContentStore contents, AuditTrail audit,
            TokyoTime time) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.contents = contents;
        this.audit = audit;
        this.time = time;
    }

    /** A page of the files whose keep-until day has come, oldest first; audited (titles and person keys). */
    public PageSlice<Entry> due(Viewer viewer, int page, int size) {
        LocalDate today = time.today();
        long total = jdbc.sql("SELECT count(*) FROM document WHERE disposed_at IS NULL AND keep_until <= :t")
                .param("t", today).query(Long.class).single();
        PageNumbers numbers = PageNumbers.of(page, size, total);
        List<Entry> entries = jdbc.sql("""
                SELECT id, person_key, title, kind, department_id, keep_until, uploaded_at, disposed_at, disposed_by,
                       disposal_note
                  FROM document WHERE disposed_at IS NULL AND keep_until <= :t ORDER BY keep_until, id
                 LIMIT :l OFFSET :o""").param("t", today).param("l", numbers.size()).param("o", numbers.offset())
                .query(Retention::entry).list();
        record(viewer, "due", entries);
        return numbers.slice(entries);
    }

    /** The latest disposals (廃棄記録), newest first; audited. */
    public List<Entry> disposed(Viewer viewer, int limit) {
        List<Entry> entries = jdbc.sql("""
                SELECT id, person_key, title, kind, department_id, keep_until, uploaded_at, disposed_at, disposed_by,
                       disposal_note
                  FROM document WHERE disposed_at IS NOT NULL ORDER BY disposed_at DESC, id DESC LIMIT :l""")
                .param("l", limit).query(Retention::entry).list();
        record(viewer, "disposed", entries);
        return entries;
    }

    /**
     * Disposes of these files, those of them that are due and not yet disposed of; the others are left as they
     * are. The rows and the audit entries commit together; the files are deleted after, under the store's lock
     * (a crash between leaves orphans that {@code documents check --repair} deletes).
     *
     * @return the ids disposed of
     */
    public List<Long> dispose(Viewer administrator, List<Long> ids, String note) {
        String why = note == null ? "" : note.strip();
        if (why.isEmpty()) {
            throw new InvalidDocumentException("note", "廃棄の理由 (例: 令和8年度 保存年限満了) を入れてください");
        }
        if (why.length() > 500) {
            throw new InvalidDocumentException("note", "廃棄の理由は 500 文字までにしてください");
        }
        List<byte[]> freed = new ArrayList<>();
        List<Long> disposed = transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:k)").param("k", ContentStore.LOCK).query(Object.class).single();
            List<Long> done = new ArrayList<>();
            for (Long id : ids) {
                List<byte[]> hashes = new ArrayList<>();
                var row = jdbc.sql("""
                        SELECT person_key, title, kind, content_hash, thumbnail_hash, original_hash, keep_until
                          FROM document WHERE id = :id AND disposed_at IS NULL AND keep_until <= :t FOR UPDATE""")
                        .param("id", id).param("t", time.today())
                        .query((rs, i) -> {
                            for (int c = 4; c <= 6; c++) {
                                if (rs.getBytes(c) != null) {
                                    hashes.add(rs.getBytes(c));
                                }
                            }
                            Map<String, String> detail = new LinkedHashMap<>();
                            detail.put("document", Long.toString(id));
                            detail.put("documentKind", rs.getString(3));
                            detail.put("keepUntil", rs.getObject(7, LocalDate.class).toString());
                            detail.put("note", why);
                            return Map.entry(rs.getString(1), detail);
                        }).optional();
                if (row.isEmpty()) {
                    continue;
                }
                jdbc.sql("""
                        UPDATE document SET disposed_at = :at, disposed_by = :u, disposal_note = :n,
                               content_hash = NULL, thumbnail_hash = NULL, original_hash = NULL WHERE id = :id""")
                        .param("at", OffsetDateTime.ofInstant(time.now().toInstant(), TokyoTime.ZONE))
                        .param("u", administrator.username()).param("n", why).param("id", id).update();
                for (byte[] hash : hashes) {
                    int deleted = jdbc.sql("""
                            DELETE FROM document_content c WHERE c.content_hash = :h AND NOT EXISTS (
                                SELECT 1 FROM document d WHERE d.content_hash = :h OR d.thumbnail_hash = :h
                                                             OR d.original_hash = :h)""")
                            .param("h", hash).update();
                    if (deleted == 1) {
                        freed.add(hash);
                    }
                }
                audit.record(new AuditEvent(administrator.username(), AuditAction.DOCUMENT_DISPOSAL,
                        row.get().getKey(), row.get().getValue(), false));
                done.add(id);
            }
            return done;
        });
        contents.discardUnreferenced(freed);
        return disposed;
    }

    private void record(Viewer viewer, String screen, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        audit.record(new AuditEvent(viewer.username(), AuditAction.DOCUMENT_VIEW, null, Map.of("screen",
                "retention-" + screen, "documents", String.join(",", entries.stream()
                        .map(e -> Long.toString(e.id())).toList())), false));
    }

    private static Entry entry(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        OffsetDateTime disposed = rs.getObject(8, OffsetDateTime.class);
        return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getObject(7, OffsetDateTime.class).toInstant(),
                disposed == null ? null : disposed.toInstant(), rs.getString(9), rs.getString(10));
    }
}
