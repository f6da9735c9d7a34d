package jp.tsunagu.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An Office file (.docx, .xlsx, .pptx — a zip) looked through as a stream before it is stored (Office 文書の
 * 検査): every entry is unpacked to nowhere, counting, and the file is refused once all entries together unpack
 * to more than the configured total or ratio (a zip bomb), when it carries macros ({@code vbaProject.bin}), or
 * when it is a zip but no Office document.
 */
final class OfficeCheck {

    private static final int MAX_ENTRIES = 10_000;

    private OfficeCheck() {
    }

    static FileType check(byte[] bytes, String fileName, long maxUncompressed, int maxRatio) {
        boolean contentTypes = false;
        FileType type = null;
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        long limit = Math.min(maxUncompressed, (long) bytes.length * maxRatio);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw bomb(fileName);
                }
                String name = entry.getName();
                if (name.equals("[Content_Types].xml")) {
                    contentTypes = true;
                } else if (name.equals("word/document.xml")) {
                    type = FileType.DOCX;
                } else if (name.equals("xl/workbook.xml")) {
                    type = FileType.XLSX;
                } else if (name.equals("ppt/presentation.xml")) {
                    type = FileType.PPTX;
                }
                if (name.toLowerCase(java.util.Locale.ROOT).endsWith("vbaproject.bin")) {
                    throw new RefusedFileException("office-macro", fileName
                            + " はマクロを含む Office ファイルのため、受け付けられません。マクロのない形式"
                            + " (.docx・.xlsx・.pptx) で保存し直してください");
                }
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    total += n;
                    if (total > limit) {
                        throw bomb(fileName);
                    }
                }
            }
        } catch (RefusedFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RefusedFileException("office-unreadable", fileName + " は Office 文書として読めません (壊れた"
                    + " zip です)", e);
        }
        if (!contentTypes || type == null) {
            throw new RefusedFileException("type", fileName + " は zip などの圧縮ファイルで、受け付けられる種類 ("
                    + FileType.acceptedList() + ") ではありません");
        }
        return type;
    }

    private static RefusedFileException bomb(String fileName) {
        return new RefusedFileException("zip-bomb", fileName
                + " は展開すると極端に大きくなる圧縮ファイル (zip 爆弾の疑い) のため、受け付けられません");
    }
}
