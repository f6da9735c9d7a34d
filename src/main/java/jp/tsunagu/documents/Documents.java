package jp.tsunagu.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Department;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.programs.ProgramSource;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A person's files as one viewer may see them (一人の人の添付): the list (searched by title and kind, paged),
 * and one file's content to view or download. Every call that shows something of a file is recorded in the
 * audit trail before it returns (flagged for a 支援措置 person); when the record cannot be written, nothing
 * is returned.
 */
@Service
public class Documents {

    /** What the list is narrowed to: a fragment of the title and a kind, each optional. */
    public record Query(String title, String kind) {

        public static final Query ALL = new Query(null, null);

        boolean narrowed() {
            return (title != null && !title.isBlank()) || (kind != null && !kind.isBlank());
        }
    }

    /**
     * A person's files for one viewer.
     *
     * @param existsOnly how many files on the whole list the viewer sees only as 「ファイルあり」
     */
    public record Listing(String personKey, String personName, boolean addressProtected, PageSlice<DocumentCard> page,
            long existsOnly, boolean mayUpload) {
    }

    /** Why a file's content is read: to show it in the browser, to save it, or its thumbnail. */
    public enum Use {
        VIEW, DOWNLOAD, THUMBNAIL
    }

    /** A file's content, decrypted as it is read. */
    public record Content(String fileName, String mediaType, long size, InputStream stream) {
    }

    private final JdbcClient jdbc;
    private final ResidentIndex residents;
    private final AccessPolicy access;
    private final StaffAccounts staff;
    private final Programs programs;
    private final AuditTrail audit;
    private final ContentStore contents;
    private final DocumentsProperties properties;

    Documents(JdbcClient jdbc, ResidentIndex residents, AccessPolicy access, StaffAccounts staff, Programs programs,
            AuditTrail audit, ContentStore contents, DocumentsProperties properties) {
        this.jdbc = jdbc;
        this.residents = residents;
        this.access = access;
        this.staff = staff;
        this.programs = programs;
        this.audit = audit;
        this.contents = contents;
        this.properties = properties;
    }

    /**
     * One page of the person's files as the viewer may see them, newest first; empty when the index does not
     * know the person. A title or kind narrows only the files whose title and kind the viewer may read.
     */
    public Optional<Listing> list(Viewer viewer, String personKey, Query query, int page, int size,
            boolean thumbnails) {
        Optional<Person> found = residents.find(personKey);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Person person = found.get();
        ViewerAccess seen = access.of(viewer);
        List<DocumentRow> rows = jdbc.sql("SELECT " + DocumentRow.COLUMNS + """
                 FROM document WHERE person_key = :p AND disposed_at IS NULL ORDER BY uploaded_at DESC, id DESC""")
                .param("p", personKey).query(DocumentRow::map).list();
        List<Map.Entry<DocumentRow, Seen>> visible = new ArrayList<>();
        long existsOnly = 0;
        for (DocumentRow row : rows) {
            Seen level = DocumentAccess.seen(seen, row, person.addressProtected());
            if (level == Seen.NONE) {
                continue;
            }
            if (level == Seen.EXISTS) {
                existsOnly++;
            }
            if (matches(row, level, query)) {
                visible.add(Map.entry(row, level));
            }
        }
        PageNumbers numbers = PageNumbers.of(page, size, visible.size());
        List<Map.Entry<DocumentRow, Seen>> shown = visible.subList((int) numbers.offset(),
                (int) Math.min(visible.size(), numbers.offset() + size));
        Map<String, Department> departments = departments();
        Map<String, String> kinds = kindLabels();
        // the page's thumbnails found in one query, not one a file
        Map<String, ContentStore.Content> thumbnailContents = thumbnails ? contents.findAll(shown.stream()
                .filter(e -> e.getValue() == Seen.FULL && e.getKey().thumbnailHash() != null)
                .map(e -> e.getKey().thumbnailHash()).toList()) : Map.of();
        List<DocumentCard> cards = new ArrayList<>();
        for (Map.Entry<DocumentRow, Seen> e : shown) {
            cards.add(card(e.getKey(), e.getValue(), departments, kinds, thumbnailContents));
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("documents", cards.stream().filter(c -> c.seen() != Seen.EXISTS).map(c -> Long.toString(c.id()))
                .collect(Collectors.joining(",")));
        detail.put("existsOnly", Long.toString(cards.stream().filter(c -> c.seen() == Seen.EXISTS).count()));
        if (query.narrowed()) {
            detail.put("q", (query.title() == null ? "" : query.title()) + (query.kind() == null ? "" : " kind=" + query.kind()));
        }
        audit.record(new AuditEvent(viewer.username(), AuditAction.DOCUMENT_VIEW, personKey, detail,
                person.addressProtected()));
        return Optional.of(new Listing(personKey, person.name(), person.addressProtected(), numbers.slice(cards),
                existsOnly, mayUpload(viewer)));
    }

    /** One file as the viewer may see it (for its own page), audited; empty when there is no such file. */
    public Optional<DocumentCard> card(Viewer viewer, long id) {
        Optional<DocumentRow> found = row(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DocumentRow row = found.get();
        boolean protectedPerson = residents.find(row.personKey()).map(Person::addressProtected).orElse(false);
        Seen level = DocumentAccess.seen(access.of(viewer), row, protectedPerson);
        if (level == Seen.NONE) {
            return Optional.empty();
        }
        audit.record(new AuditEvent(viewer.username(), AuditAction.DOCUMENT_VIEW, row.personKey(),
                Map.of("document", Long.toString(id), "view", "page", "seen", level.name()), protectedPerson));
        Map<String, ContentStore.Content> thumbnail = level == Seen.FULL && row.thumbnailHash() != null
                ? contents.findAll(List.of(row.thumbnailHash())) : Map.of();
        return Optional.of(card(row, level, departments(), kindLabels(), thumbnail));
    }

    /**
     * The content of a file (or its thumbnail) for a viewer who may see it in full, audited before the first
     * byte; empty when there is no such file or the viewer may not open it.
     */
    public Optional<Content> open(Viewer viewer, long id, Use use) {
        Optional<DocumentRow> found = row(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DocumentRow row = found.get();
        boolean protectedPerson = residents.find(row.personKey()).map(Person::addressProtected).orElse(false);
        if (DocumentAccess.seen(access.of(viewer), row, protectedPerson) != Seen.FULL) {
            return Optional.empty();
        }
        byte[] hash = use == Use.THUMBNAIL ? row.thumbnailHash() : row.contentHash();
        if (hash == null) {
            return Optional.empty();
        }
        ContentStore.Content content = contents.find(hash).orElseThrow(() -> new IllegalStateException(
                "添付ファイル " + id + " の保存内容がありません (documents check で確かめてください)"));
        audit.record(new AuditEvent(viewer.username(), use == Use.DOWNLOAD ? AuditAction.DOWNLOAD
                : AuditAction.DOCUMENT_VIEW, row.personKey(), Map.of("document", Long.toString(id), "view",
                use.name().toLowerCase(Locale.ROOT), "file", row.originalName()), protectedPerson));
        try {
            return Optional.of(new Content(use == Use.THUMBNAIL ? "thumbnail-" + id + ".jpg" : row.originalName(),
                    content.mediaType(), content.size(), contents.open(content)));
        } catch (IOException e) {
            throw new UncheckedIOException("添付ファイル " + id + " を読めません", e);
        }
    }

    /** The kinds of document as configured (写真, 診断書 …). */
    public List<DocumentsProperties.Kind> kinds() {
        return properties.kinds();
    }

    /** Whether the viewer may register files: caseworkers and administrators of a department. */
    public static boolean mayUpload(Viewer viewer) {
        return viewer.departmentId() != null && (viewer.role() == Role.CASEWORKER || viewer.role() == Role.ADMIN);
    }

    private static boolean matches(DocumentRow row, Seen level, Query query) {
        if (!query.narrowed()) {
            return true;
        }
        if (level == Seen.EXISTS) {
            return false;
        }
        if (query.kind() != null && !query.kind().isBlank() && !query.kind().equals(row.kind())) {
            return false;
        }
        if (query.title() != null && !query.title().isBlank()) {
            String fragment = java.text.Normalizer.normalize(query.title().strip(), java.text.Normalizer.Form.NFKC)
                    .toLowerCase(Locale.ROOT);
            return java.text.Normalizer.normalize(row.title(), java.text.Normalizer.Form.NFKC)
                    .toLowerCase(Locale.ROOT).contains(fragment);
        }
        return true;
    }

    /** The person a file belongs to (no personal data: the key only, for a link back). */
    public Optional<String> personOf(long id) {
        return jdbc.sql("SELECT person_key FROM document WHERE id = :id").param("id", id).query(String.class)
                .optional();
    }

    Optional<DocumentRow> row(long id) {
        return jdbc.sql("SELECT " + DocumentRow.COLUMNS + " FROM document WHERE id = :id AND disposed_at IS NULL")
                .param("id", id).query(DocumentRow::map).optional();
    }

    /** The card of a row; its thumbnail from {@code thumbnails} (by hash in hex) when the viewer sees it in full. */
    private DocumentCard card(DocumentRow row, Seen level, Map<String, Department> departments,
            Map<String, String> kinds, Map<String, ContentStore.Content> thumbnails) {
        Department department = departments.get(row.departmentId());
        String departmentName = department == null ? row.departmentId() : department.name();
        String extension = department == null ? null : department.extension();
        if (level == Seen.EXISTS) {
            return new DocumentCard(row.id(), level, null, null, null, row.departmentId(), departmentName, extension,
                    null, null, null, false, null, null, null, null, null, false, null, null, null, null);
        }
        String program = row.sourceId() == null ? null
                : programs.source(row.sourceId()).map(ProgramSource::program).orElse(row.sourceId());
        String thumbnail = null;
        if (level == Seen.FULL && row.thumbnailHash() != null) {
            ContentStore.Content stored = thumbnails.get(java.util.HexFormat.of().formatHex(row.thumbnailHash()));
            thumbnail = stored == null ? null : dataUri(stored);
        }
        FileType type = row.type();
        return new DocumentCard(row.id(), level, row.title(), row.kind(), kinds.getOrDefault(row.kind(), row.kind()),
                row.departmentId(), departmentName, extension, row.sourceId(), program, row.lifeEvent(), row.shared(),
                level == Seen.FULL ? row.originalName() : null, row.mediaType(), type.label(), row.size(), row.pages(),
                type.image(), row.uploadedBy(), row.uploadedAt(), row.keepUntil(), thumbnail);
    }

    private String dataUri(ContentStore.Content content) {
        try {
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(contents.read(content));
        } catch (IOException e) {
            throw new UncheckedIOException("縮小画像を読めません", e);
        }
    }

    private Map<String, Department> departments() {
        return staff.departments().stream().collect(Collectors.toMap(Department::id, Function.identity(), (a, b) -> a));
    }

    private Map<String, String> kindLabels() {
        return properties.kinds().stream().collect(Collectors.toMap(DocumentsProperties.Kind::id,
                DocumentsProperties.Kind::label, (a, b) -> a));
    }
}
