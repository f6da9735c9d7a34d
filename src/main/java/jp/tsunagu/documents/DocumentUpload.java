package jp.tsunagu.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.CpuSlots;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers a file to a person (添付の登録): the fields checked, optionally the bytes scanned by ClamAV, the content
 * inspected ({@link ContentInspector}), a photo cleaned of its metadata and turned upright, a thumbnail made (photo, PDF's first
 * page), the contents stored encrypted and durably, then — in one transaction — the row written and the upload
 * recorded in the audit trail. A refusal at any step stores nothing: no row, no file.
 */
@Service
public class DocumentUpload {

    static final int MAX_TITLE = 200;

    /** A registered file. */
    public record Uploaded(long id, String mediaType, long size, boolean deduplicated) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ResidentIndex residents;
    private final Programs programs;
    private final AuditTrail audit;
    private final ContentInspector inspector;
    private final ContentStore contents;
    private final VirusScan scan;
    private final DocumentsProperties properties;
    private final TokyoTime time;
    private final CpuSlots cpu;

    DocumentUpload(JdbcClient jdbc, TransactionTemplate transactions, ResidentIndex residents, Programs programs,
            AuditTrail audit, ContentInspector inspector, ContentStore contents, VirusScan scan,
            DocumentsProperties properties, TokyoTime time) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.residents = residents;
        this.programs = programs;
        this.audit = audit;
        this.inspector = inspector;
        this.contents = contents;
        this.scan = scan;
        this.properties = properties;
        this.time = time;
        this.cpu = new CpuSlots(properties.cpuSlots(), "添付の登録が中断されました");
    }

    /**
     * Registers one file.
     *
     * @throws InvalidDocumentException a field is wrong (the message names it)
     * @throws RefusedFileException the file is refused (the message names it and says why)
     * @throws StoreUnavailableException the store could not take the file (nothing is registered)
     */
    public Uploaded upload(Viewer viewer, NewDocument document, String fileName, byte[] bytes) {
        String name = fileName(fileName);
        Checked checked = check(viewer, document, name);
        // the virus scan (when a daemon is configured) first, on the bytes as received, before any of this
        // application's own parsers reads them, and outside the CPU slots: a slow daemon holds up only this upload
        scan.check(bytes, name);
        // then the type and the preparation in one slot: an upload that gave its slot back between them would
        // queue a second time behind every upload that came meanwhile (the slots are fair)
        Prepared prepared = cpu.run(() -> prepare(inspector.inspect(bytes, name), bytes, name));
        FileType type = prepared.type;
        Long id;
        try {
            id = transactions.execute(status -> {
                try {
                    return store(viewer, document, checked, name, type, prepared, bytes);
                } catch (IOException e) {
                    throw StoreUnavailableException.upload(name, e);
                } catch (UncheckedIOException e) {
                    throw StoreUnavailableException.upload(name, e.getCause());
                }
            });
        } catch (RuntimeException e) {
            // the row did not commit: files written for it that no committed row names are taken away again
            contents.discardUnreferenced(prepared.contents());
            throw e;
        }
        return new Uploaded(id, type.mediaType(), prepared.bytes().length, prepared.deduplicated);
    }

    /** The largest file accepted, in bytes. */
    public long maxFileSize() {
        return properties.maxFileSize().toBytes();
    }

    /** The fields as checked: the department the file belongs to, its kind and keep-for period. */
    private record Checked(String departmentId, DocumentsProperties.Kind kind, boolean addressProtected) {
    }

    /** What is stored: the cleaned bytes, the thumbnail, the page count, the original when it is kept. */
    private static final class Prepared {
        final FileType type;
        final byte[] cleaned;
        final byte[] thumbnail;
        final Integer pages;
        final byte[] original;
        boolean deduplicated;

        Prepared(FileType type, byte[] cleaned, byte[] thumbnail, Integer pages, byte[] original) {
            this.type = type;
            this.cleaned = cleaned;
            this.thumbnail = thumbnail;
            this.pages = pages;
            this.original = original;
        }

        byte[] bytes() {
            return cleaned;
        }

        java.util.List<byte[]> contents() {
            java.util.List<byte[]> all = new java.util.ArrayList<>();
            for (byte[] b : new byte[][] {cleaned, thumbnail, original}) {
                if (b != null) {
                    all.add(DocumentKeys.sha256(b));
                }
            }
            return all;
        }
    }

    private Checked check(Viewer viewer, NewDocument document, String fileName) {
        if (!Documents.mayUpload(viewer)) {
            throw new InvalidDocumentException("role", "ファイルを登録できるのは、課に所属する担当者と管理者です");
        }
        Person person = residents.find(document.personKey()).orElseThrow(() -> new InvalidDocumentException(
                "personKey", "宛名番号 " + document.personKey() + " の人は見つかりません"));
        String title = document.title() == null ? "" : document.title().strip();
        if (title.isEmpty()) {
            throw new InvalidDocumentException("title", fileName + ": 件名を入れてください");
        }
        if (title.codePointCount(0, title.length()) > MAX_TITLE) {
            throw new InvalidDocumentException("title", fileName + ": 件名は " + MAX_TITLE + " 文字までにしてください");
        }
        DocumentsProperties.Kind kind = properties.kind(document.kind()).orElseThrow(() ->
                new InvalidDocumentException("kind", fileName + ": 種別「" + document.kind() + "」はありません。"
                        + properties.kinds().stream().map(DocumentsProperties.Kind::label).toList() + " から選んでください"));
        String department = document.departmentId() == null || document.departmentId().isBlank()
                ? viewer.departmentId() : document.departmentId();
        if (!department.equals(viewer.departmentId()) && viewer.role() != jp.tsunagu.access.Role.ADMIN) {
            throw new InvalidDocumentException("department", fileName + ": 自分の課 (" + viewer.departmentId()
                    + ") のファイルとして登録してください");
        }
        if (document.sourceId() != null && !document.sourceId().isBlank()
                && programs.source(document.sourceId()).isEmpty()) {
            throw new InvalidDocumentException("sourceId", fileName + ": 制度「" + document.sourceId() + "」はありません");
        }
        if (document.lifeEvent() != null && !document.lifeEvent().isBlank()
                && !LifeEvents.ALL.contains(document.lifeEvent())) {
            throw new InvalidDocumentException("lifeEvent", fileName + ": ライフイベント「" + document.lifeEvent()
                    + "」はありません。" + LifeEvents.ALL + " から選んでください");
        }
        return new Checked(department, kind, person.addressProtected());
    }

    private Prepared prepare(FileType type, byte[] bytes, String fileName) {
        if (type.image()) {
            Photos.Cleaned cleaned = Photos.clean(bytes, type, fileName, properties.maxPixels());
            return new Prepared(type, cleaned.bytes(), cleaned.thumbnail(), null,
                    properties.keepOriginalPhotos() ? bytes : null);
        }
        if (type == FileType.PDF) {
            PdfCheck.Checked pdf = PdfCheck.check(bytes, fileName);
            return new Prepared(type, bytes, pdf.firstPage() == null ? null : Photos.thumbnail(pdf.firstPage()), pdf.pages(),
                    null);
        }
        return new Prepared(type, bytes, null, null, null);
    }

    private long store(Viewer viewer, NewDocument document, Checked checked, String fileName, FileType type,
            Prepared prepared, byte[] received) throws IOException {
        ContentStore.Stored stored = contents.store(prepared.cleaned, type.mediaType());

        prepared.deduplicated = stored.reused();
        ContentStore.Content content = stored.content();
        ContentStore.Content thumbnail = prepared.thumbnail == null ? null
                : contents.store(prepared.thumbnail, "image/jpeg").content();
        ContentStore.Content original = prepared.original == null ? null
                : contents.store(prepared.original, type.mediaType()).content();
        Instant now = time.now().toInstant();
        LocalDate keepUntil = time.today().plusYears(checked.kind().keepYears());
        long id = jdbc.sql("""
                INSERT INTO document (person_key, title, kind, department_id, source_id, life_event, shared,
                       original_name, media_type, size, content_hash, thumbnail_hash, original_hash, pages,
                       uploaded_by, uploaded_at, keep_until)
                VALUES (:p, :t, :k, :d, :s, :l, :sh, :n, :m, :z, :c, :th, :o, :pg, :u, :at, :keep) RETURNING id""")
                .param("p", document.personKey()).param("t", document.title().strip()).param("k", checked.kind().id())
                .param("d", checked.departmentId()).param("s", blankToNull(document.sourceId()))
                .param("l", blankToNull(document.lifeEvent())).param("sh", document.shared()).param("n", fileName)
                .param("m", type.mediaType()).param("z", content.size()).param("c", content.hash())
                .param("th", thumbnail == null ? null : thumbnail.hash())
                .param("o", original == null ? null : original.hash()).param("pg", prepared.pages)
                .param("u", viewer.username()).param("at", OffsetDateTime.ofInstant(now, TokyoTime.ZONE))
                .param("keep", keepUntil).query(Long.class).single();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("document", Long.toString(id));
        detail.put("file", fileName);
        detail.put("documentKind", checked.kind().id());
        detail.put("type", type.mediaType());
        detail.put("department", checked.departmentId());
        if (received.length != prepared.cleaned.length || type.image()) {
            detail.put("cleaned", type.image() ? "metadata-removed" : "");
        }
        // recorded before the row commits: an upload the trail cannot record is not kept
        audit.record(new AuditEvent(viewer.username(), AuditAction.DOCUMENT_UPLOAD, document.personKey(), detail,
                checked.addressProtected()));
        return id;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The file's own name without any folder, at most 200 characters, never empty. */
    static String fileName(String given) {
        String name = given == null ? "" : given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        name = name.codePoints().filter(c -> !Character.isISOControl(c) && c != 0xFFFD)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (name.isEmpty()) {
            name = "file";
        }
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }
}
