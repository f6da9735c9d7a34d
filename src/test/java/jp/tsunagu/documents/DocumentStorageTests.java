package jp.tsunagu.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.OwnerOnlyFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The store and the checks of an upload, on the real database and file system: files are encrypted at rest, the
 * same photo is stored once, a photo loses its location and is turned upright, a PDF's first page becomes its
 * thumbnail, and each hostile file (an executable named .jpg, PDFs with JavaScript, an SVG with a script, a zip
 * bomb, an Office file with macros, an oversized file) is refused with a Japanese message and nothing stored — no
 * row, no file.
 */
@TsunaguTest
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-documents",
        "tsunagu.documents.files-dir=target/test-documents/files-${random.uuid}",
        "tsunagu.documents.key-file=target/test-documents/documents.key",
        "tsunagu.documents.max-file-size=1MB"})
class DocumentStorageTests {

    @Autowired
    DocumentUpload upload;
    @Autowired
    Documents documents;
    @Autowired
    FileCipher cipher;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DocumentsProperties properties;

    Viewer caseworker;
    String person;

    @BeforeEach
    void aCaseworkerAndAPerson() {
        accounts.saveDepartment("store-kaigo", "介護保険課", "2345");
        accounts.save("store-worker", "介護 花子", "pw-123456789", Role.CASEWORKER, "store-kaigo");
        caseworker = access.viewer("store-worker");
        person = Residents.add(jdbc, "保存 試子", "狭山市入間川一丁目1番1号", false);
    }

    @Test
    void theBytesOnDiskAreNotTheFilesAndReadBackWhole() throws Exception {
        byte[] memo = "訪問メモ: 階段に手すりが必要。secret-phrase-4711\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        int before = storedFiles().size();
        long id = upload.upload(caseworker, doc("訪問メモ", "visit"), "memo.txt", memo).id();

        assertThat(storedFiles()).hasSize(before + 1);
        List<Path> stored = List.of(stored(id));
        byte[] disk = Files.readAllBytes(stored.get(0));
        assertThat(new String(disk, StandardCharsets.ISO_8859_1)).startsWith("TSGDOC1\n")
                .doesNotContain("secret-phrase-4711")
                .doesNotContain(new String("secret-phrase-4711".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        assertThat(disk.length).isGreaterThan(memo.length);
        assertThat(stored.get(0).getFileName().toString()).as("the name is no plain hash of the content")
                .isNotEqualTo(java.util.HexFormat.of().formatHex(DocumentKeys.sha256(memo)));
        assertThat(OwnerOnlyFiles.isOwnerOnly(properties.keyFile())).as("the master key is owner-only").isTrue();

        try (InputStream in = documents.open(caseworker, id, Documents.Use.DOWNLOAD).orElseThrow().stream()) {
            assertThat(in.readAllBytes()).isEqualTo(memo);
        }
        disk[disk.length / 2] ^= 1;
        assertThatThrownBy(() -> cipher.decryptAll(new ByteArrayInputStream(disk))).isInstanceOf(IOException.class)
                .hasMessageContaining("改ざん");
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(stored.get(0)), FileCipher.HEADER + FileCipher.SEGMENT + 16);
        assertThatThrownBy(() -> cipher.decryptAll(new ByteArrayInputStream(cut))).isInstanceOf(IOException.class);
    }

    @Test
    void theSamePhotoTwiceIsStoredOnceForTwoDocuments() throws Exception {
        byte[] photo = TestFiles.photoWithGps(120, 80, 1, (int) (System.nanoTime() & 0x7f));
        int filesBefore = storedFiles().size();
        long contentsBefore = jdbc.sql("SELECT count(*) FROM document_content").query(Long.class).single();
        long first = upload.upload(caseworker, doc("玄関", "photo"), "a.jpg", photo).id();
        DocumentUpload.Uploaded second = upload.upload(caseworker, doc("玄関 (再送)", "photo"), "b.jpg", photo);

        assertThat(second.deduplicated()).isTrue();
        assertThat(second.id()).isNotEqualTo(first);
        assertThat(jdbc.sql("SELECT count(DISTINCT content_hash) FROM document WHERE id IN (:a, :b)")
                .param("a", first).param("b", second.id()).query(Long.class).single()).isEqualTo(1);
        // one cleaned photo and one thumbnail, for both documents
        assertThat(storedFiles()).hasSize(filesBefore + 2);
        assertThat(jdbc.sql("SELECT count(*) FROM document_content").query(Long.class).single())
                .isEqualTo(contentsBefore + 2);
    }

    @Test
    void aPhotoLosesItsLocationAndIsTurnedUpright() throws Exception {
        byte[] photo = TestFiles.photoWithGps(60, 40, 6, 1);
        Metadata before = ImageMetadataReader.readMetadata(new ByteArrayInputStream(photo));
        assertThat(before.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation().getLatitude())
                .as("the test's own photo carries a location").isCloseTo(TestFiles.LATITUDE, org.assertj.core.data.Offset.offset(0.001));

        long id = upload.upload(caseworker, doc("階段の写真", "photo"), "stairs.jpg", photo).id();
        byte[] stored;
        try (InputStream in = documents.open(caseworker, id, Documents.Use.DOWNLOAD).orElseThrow().stream()) {
            stored = in.readAllBytes();
        }
        Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(stored));
        assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).as("no GPS directory").isNull();
        assertThat(after.getFirstDirectoryOfType(ExifIFD0Directory.class)).as("no EXIF at all").isNull();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(image.getWidth()).as("turned a quarter: width and height swap").isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(60);
        // the left half (red) is on top once turned clockwise, the right half (blue) below
        assertThat(new Color(image.getRGB(20, 8)).getRed()).isGreaterThan(200);
        assertThat(new Color(image.getRGB(20, 52)).getBlue()).isGreaterThan(200);
        assertThat(jdbc.sql("SELECT original_hash IS NULL FROM document WHERE id = :id").param("id", id)
                .query(Boolean.class).single()).as("the original is not kept").isTrue();
    }

    @Test
    void anUprightPhotoLosesItsMetadataButKeepsItsPictureBitForBit() throws Exception {
        byte[] photo = TestFiles.photoWithGps(64, 48, 1, 3);
        long id = upload.upload(caseworker, doc("玄関の写真", "photo"), "door.jpg", photo).id();
        byte[] stored;
        try (InputStream in = documents.open(caseworker, id, Documents.Use.DOWNLOAD).orElseThrow().stream()) {
            stored = in.readAllBytes();
        }
        Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(stored));
        assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).as("no GPS directory").isNull();
        assertThat(after.getFirstDirectoryOfType(ExifIFD0Directory.class)).as("no EXIF at all").isNull();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
        assertThat(stored.length).isLessThan(photo.length);
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(photo));
        BufferedImage kept = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(kept.getRGB(0, 0, 64, 48, null, 0, 64)).as("the same pixels: not encoded again")
                .isEqualTo(before.getRGB(0, 0, 64, 48, null, 0, 64));
        assertThat(documents.card(caseworker, id).orElseThrow().thumbnail()).startsWith("data:image/jpeg;base64,");
    }

    @Test
    void aPdfsFirstPageBecomesItsThumbnail() throws Exception {
        long id = upload.upload(caseworker, doc("診断書", "medical"), "letter.pdf", TestFiles.pdf("Doctor's letter")).id();
        DocumentCard card = documents.card(caseworker, id).orElseThrow();
        assertThat(card.pages()).isEqualTo(1);
        assertThat(card.thumbnail()).startsWith("data:image/jpeg;base64,");
        byte[] thumbnail;
        try (InputStream in = documents.open(caseworker, id, Documents.Use.THUMBNAIL).orElseThrow().stream()) {
            thumbnail = in.readAllBytes();
        }
        BufferedImage page = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(page.getHeight()).as("a letter page is taller than wide").isGreaterThan(page.getWidth());
        assertThat(Math.max(page.getWidth(), page.getHeight())).isLessThanOrEqualTo(Photos.THUMBNAIL);
        // the filled rectangle of the page is dark in the middle of the thumbnail's lower half
        assertThat(new Color(page.getRGB(page.getWidth() / 3, page.getHeight() * 55 / 100)).getRed()).isLessThan(80);
    }

    @Test
    void anExecutableNamedJpgIsRefusedAndNothingStored() {
        refused("photo.jpg", TestFiles.executable(), "type", "実行ファイル");
    }

    @Test
    void aPdfWithJavaScriptIsRefusedAndNothingStored() {
        refused("open.pdf", TestFiles.pdfWithOpenActionScript(), "pdf-script", "JavaScript");
        refused("names.pdf", TestFiles.pdfWithNamedScript(), "pdf-script", "JavaScript");
    }

    @Test
    void anSvgWithAScriptIsRefusedAndNothingStored() {
        refused("drawing.svg", TestFiles.svgWithScript(), "type", "SVG");
        refused("drawing.png", TestFiles.svgWithScript(), "type", "SVG");
    }

    @Test
    void aZipBombIsRefusedAndNothingStored() {
        refused("report.docx", TestFiles.zipBomb(60), "zip-bomb", "zip 爆弾");
    }

    @Test
    void anOfficeFileWithMacrosIsRefusedButAPlainOneIsKept() throws Exception {
        refused("macro.docx", TestFiles.docm(), "office-macro", "マクロ");
        DocumentUpload.Uploaded kept = upload.upload(caseworker, doc("申請書写し", "application"), "form.docx",
                TestFiles.docx("申請書"));
        assertThat(kept.mediaType()).isEqualTo(FileType.DOCX.mediaType());
    }

    @Test
    void anOversizedFileIsRefusedAndNothingStored() {
        byte[] large = new byte[(int) properties.maxFileSize().toBytes() + 1];
        java.util.Arrays.fill(large, (byte) 'a');
        refused("large.txt", large, "too-large", "大きすぎます");
    }

    @Test
    void aFieldThatIsWrongIsNamedAndNothingStored() throws Exception {
        long before = storedFiles().size();
        assertThatThrownBy(() -> upload.upload(caseworker, doc("", "photo"), "a.png", TestFiles.png(10, 10, Color.RED)))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("件名");
        assertThatThrownBy(() -> upload.upload(caseworker, doc("写真", "no-such-kind"), "a.png",
                TestFiles.png(10, 10, Color.RED))).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("種別");
        assertThat(storedFiles()).hasSize((int) before);
    }

    private void refused(String name, byte[] bytes, String reason, String words) {
        try {
            long documentsBefore = jdbc.sql("SELECT count(*) FROM document").query(Long.class).single();
            long contentsBefore = jdbc.sql("SELECT count(*) FROM document_content").query(Long.class).single();
            int filesBefore = storedFiles().size();
            long mark = AuditRows.mark(jdbc);
            assertThatThrownBy(() -> upload.upload(caseworker, doc("危ないファイル", "other"), name, bytes))
                    .isInstanceOfSatisfying(RefusedFileException.class, e -> {
                        assertThat(e.reasonCode()).isEqualTo(reason);
                        assertThat(e.getMessage()).contains(name).contains(words);
                    });
            assertThat(jdbc.sql("SELECT count(*) FROM document").query(Long.class).single()).isEqualTo(documentsBefore);
            assertThat(jdbc.sql("SELECT count(*) FROM document_content").query(Long.class).single())
                    .isEqualTo(contentsBefore);
            assertThat(storedFiles()).hasSize(filesBefore);
            assertThat(leftovers()).isEmpty();
            assertThat(AuditRows.since(jdbc, mark, "store-worker")).noneMatch(r -> r.action().equals("DOCUMENT_UPLOAD"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private NewDocument doc(String title, String kind) {
        return new NewDocument(person, title, kind, null, null, null, false);
    }

    /** The encrypted file of a document's content on disk. */
    private Path stored(long id) {
        String name = jdbc.sql("""
                SELECT c.storage_name FROM document d JOIN document_content c ON c.content_hash = d.content_hash
                 WHERE d.id = :id""").param("id", id).query(String.class).single();
        return properties.filesDir().resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
    }

    /** The encrypted files of the store (not its temporary folder). */
    private List<Path> storedFiles() throws IOException {
        Path root = properties.filesDir();
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
                    .toList();
        }
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(properties.filesDir().resolve("tmp"))) {
            return files.toList();
        }
    }
}
