package jp.tsunagu.documents;

import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.springframework.stereotype.Component;

/**
 * What a file is, told from its bytes (Apache Tika's magic detection; the name is never asked), and whether it
 * may be kept (ファイルの検査). Only {@link FileType}s pass; each kind is then looked through by its own check:
 * a PDF for scripts and actions ({@link PdfCheck}), an Office file for zip bombs and macros
 * ({@link OfficeCheck}), a photo for its size in pixels ({@link Photos}). A refusal is a
 * {@link RefusedFileException} with a Japanese message that names the file.
 */
@Component
class ContentInspector {

    private static final Set<String> EXECUTABLES = Set.of("application/x-dosexec", "application/x-msdownload",
            "application/x-executable", "application/x-sharedlib", "application/x-elf", "application/x-mach-o",
            "application/x-mach-o-executable", "application/java-archive", "application/x-sh",
            "application/x-bat", "application/x-msi", "application/x-ms-installer");
    private static final MediaType ZIP = MediaType.application("zip");

    private final Tika tika = new Tika();
    private final MediaTypeRegistry registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();
    private final DocumentsProperties properties;

    ContentInspector(DocumentsProperties properties) {
        this.properties = properties;
    }

    /** The accepted type of these bytes, or a refusal. */
    FileType inspect(byte[] bytes, String fileName) {
        if (bytes.length == 0) {
            throw new RefusedFileException("empty", fileName + " は空のファイルです");
        }
        if (bytes.length > properties.maxFileSize().toBytes()) {
            throw tooLarge(fileName, bytes.length, properties.maxFileSize().toBytes());
        }
        MediaType detected = MediaType.parse(tika.detect(bytes));
        String base = detected.getBaseType().toString();
        switch (base) {
            case "image/jpeg":
                return FileType.JPEG;
            case "image/png":
                return FileType.PNG;
            case "application/pdf":
                return FileType.PDF;
            case "text/plain":
                return FileType.TEXT;
            default:
                break;
        }
        if (registry.isInstanceOf(detected.getBaseType(), ZIP) || base.equals("application/x-tika-ooxml")) {
            return OfficeCheck.check(bytes, fileName, properties.maxUncompressed().toBytes(), properties.maxRatio());
        }
        throw new RefusedFileException("type", fileName + " の中身は" + describe(base, fileName)
                + "で、受け付けられる種類 (" + FileType.acceptedList() + ") ではありません");
    }

    /** The refusal of a file over the size limit. */
    static RefusedFileException tooLarge(String fileName, long size, long max) {
        return new RefusedFileException("too-large", fileName + " は大きすぎます (" + megabytes(size) + ")。"
                + megabytes(max) + " までのファイルにしてください");
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
    }

    /** What the content is, in words, and a remark when the name pretends otherwise. */
    private static String describe(String base, String fileName) {
        String what;
        if (EXECUTABLES.contains(base)) {
            what = "実行ファイル (プログラム)";
        } else if (base.equals("image/svg+xml")) {
            what = "SVG 画像 (スクリプトを含められるため受け付けていません)";
        } else if (base.equals("text/html") || base.endsWith("xhtml+xml")) {
            what = "HTML (スクリプトを含められるため受け付けていません)";
        } else if (base.equals("application/x-tika-msoffice") || base.equals("application/msword")
                || base.equals("application/vnd.ms-excel")) {
            what = "古い形式の Office 文書 (マクロを含められるため、.docx・.xlsx で保存し直してください)";
        } else {
            what = " " + base + " ";
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean pretends = lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png")
                || lower.endsWith(".pdf") || lower.endsWith(".txt") || lower.endsWith(".docx")
                || lower.endsWith(".xlsx") || lower.endsWith(".pptx");
        return pretends ? what + " (名前の拡張子とは違う中身です) " : what;
    }
}
