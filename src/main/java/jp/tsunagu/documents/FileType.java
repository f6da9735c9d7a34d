package jp.tsunagu.documents;

/**
 * The kinds of file the hub accepts (受け付けるファイルの種類), told from the content, never from the name. SVG
 * (it can carry scripts), legacy Office files (.doc/.xls, macros), archives and everything else are refused.
 */
enum FileType {
    JPEG("image/jpeg", "JPEG 画像", "jpg", true),
    PNG("image/png", "PNG 画像", "png", true),
    PDF("application/pdf", "PDF", "pdf", false),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文書", "docx", false),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel ブック", "xlsx", false),
    PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint プレゼンテーション",
            "pptx", false),
    TEXT("text/plain", "テキスト", "txt", false);

    private final String mediaType;
    private final String label;
    private final String extension;
    private final boolean image;

    FileType(String mediaType, String label, String extension, boolean image) {
        this.mediaType = mediaType;
        this.label = label;
        this.extension = extension;
        this.image = image;
    }

    String mediaType() {
        return mediaType;
    }

    String label() {
        return label;
    }

    String extension() {
        return extension;
    }

    boolean image() {
        return image;
    }

    static java.util.Optional<FileType> ofMediaType(String mediaType) {
        for (FileType type : values()) {
            if (type.mediaType.equals(mediaType)) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }

    /** What the refusal names as accepted. */
    static String acceptedList() {
        return "JPEG・PNG 画像、PDF、Word・Excel・PowerPoint (.docx・.xlsx・.pptx)、テキスト";
    }
}
