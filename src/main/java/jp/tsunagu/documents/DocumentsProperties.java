package jp.tsunagu.documents;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of attachments and messages, bound under {@code tsunagu.documents}. The master key is never a
 * setting here: it is read from {@code TSUNAGU_DOCUMENTS_KEY} or the key file ({@link DocumentKeys}).
 *
 * @param filesDir where the encrypted files live (default {@code tsunagu-data/files}, beside the database); with
 *        the object storage ({@code tsunagu.documents.store=s3}, {@link S3StoreProperties}) only its {@code tmp/}
 * @param keyFile the master key that wraps each file's data key, owner-only (default {@code tsunagu-data/documents.key})
 * @param maxFileSize the largest file accepted (default 20MB)
 * @param maxUncompressed the most an Office file (a zip) may unpack to, all entries together (default 200MB)
 * @param maxRatio the most an Office file may unpack to per byte it has (default 100): beyond is a zip bomb
 * @param maxPixels the most pixels a photo may have (default 60 million): beyond is a decompression bomb
 * @param keepOriginalPhotos keep a photo as taken (with its location) beside the cleaned one; off by default
 * @param kinds the kinds of document (写真, 診断書 …) with their keep-for period (保存年限)
 * @param urgentAfter how long an urgent message may stay unacknowledged before its department's head is told
 * @param departmentHeads department id → the user ID of its head (課長), who is told of overdue urgent messages
 * @param clamdSocket the ClamAV daemon's socket; when set, every file is scanned before it is stored
 * @param cpuSlots how many uploads may run their CPU-heavy steps (type, decode, thumbnail) at once (default: the
 *        machine's cores); the others wait their turn ({@link jp.tsunagu.platform.CpuSlots})
 */
@Validated
@ConfigurationProperties("tsunagu.documents")
public record DocumentsProperties(Path filesDir, Path keyFile, DataSize maxFileSize, DataSize maxUncompressed,
        Integer maxRatio, Long maxPixels, boolean keepOriginalPhotos, List<Kind> kinds, Duration urgentAfter,
        Map<String, String> departmentHeads, Path clamdSocket, Integer cpuSlots) {

    /**
     * A kind of document (種別) and how long it is kept.
     *
     * @param id the stable code ({@code photo})
     * @param label what staff read (写真)
     * @param keepYears 保存年限: years after the upload until it is due for disposal
     */
    public record Kind(String id, String label, int keepYears) {
    }

    public DocumentsProperties {
        filesDir = (filesDir == null ? Path.of("tsunagu-data", "files") : filesDir).normalize();
        keyFile = (keyFile == null ? Path.of("tsunagu-data", "documents.key") : keyFile).normalize();
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(20) : maxFileSize;
        maxUncompressed = maxUncompressed == null ? DataSize.ofMegabytes(200) : maxUncompressed;
        maxRatio = maxRatio == null ? 100 : maxRatio;
        maxPixels = maxPixels == null ? 60_000_000L : maxPixels;
        kinds = kinds == null || kinds.isEmpty() ? List.of(new Kind("photo", "写真", 5),
                new Kind("medical", "診断書", 5), new Kind("application", "申請書写し", 5),
                new Kind("visit", "訪問記録", 5), new Kind("other", "その他", 1)) : List.copyOf(kinds);
        urgentAfter = urgentAfter == null ? Duration.ofHours(2) : urgentAfter;
        departmentHeads = departmentHeads == null ? Map.of() : Map.copyOf(departmentHeads);
        cpuSlots = cpuSlots == null ? Runtime.getRuntime().availableProcessors() : cpuSlots;
        if (cpuSlots < 1) {
            throw new IllegalArgumentException("tsunagu.documents.cpu-slots は 1 以上にしてください: " + cpuSlots);
        }
        for (Kind kind : kinds) {
            if (kind.keepYears() < 0) {
                throw new IllegalArgumentException("tsunagu.documents.kinds の保存年限は 0 年以上にしてください: "
                        + kind.label());
            }
        }
    }

    /** The kind with this id, if configured. */
    public java.util.Optional<Kind> kind(String id) {
        return kinds.stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
