package jp.tsunagu.importing;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * ファイル形式の判定: recognises a file that is no CSV at all by its first bytes (its "magic
 * number"), so that an Excel workbook uploaded by mistake is named as such rather than reported as
 * bytes that do not decode.
 */
final class FileSignature {

    /** Enough for a ZIP's first local header and the name of its first entry. */
    static final int PEEK = 64;

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
        (byte) 0xE1};
    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] GZIP = {0x1F, (byte) 0x8B};

    private FileSignature() {
    }

    /**
     * What to tell the clerk when the stream starts like a file that is not CSV; the bytes read are
     * pushed back, so the stream reads on from its start either way.
     */
    static Optional<String> notCsv(PushbackInputStream in) throws IOException {
        byte[] head = new byte[PEEK];
        int n = 0;
        int r;
        while (n < PEEK && (r = in.read(head, n, PEEK - n)) > 0) {
            n += r;
        }
        if (n > 0) {
            in.unread(head, 0, n);
        }
        return describe(Arrays.copyOf(head, n));
    }

    /** The message for a file starting with these bytes, if it is a kind of file that is no CSV. */
    static Optional<String> describe(byte[] head) {
        if (startsWith(head, ZIP)) {
            String firstEntry = zipFirstEntryName(head);
            if (firstEntry.equals("[Content_Types].xml") || firstEntry.startsWith("xl/")
                    || firstEntry.startsWith("_rels/") || firstEntry.startsWith("docProps/")) {
                return Optional.of("Excel ファイル (.xlsx) です。CSV 形式で書き出してから取り込んでください");
            }
            return Optional.of("ZIP 圧縮ファイルです。展開して、中の CSV ファイルを取り込んでください");
        }
        if (startsWith(head, OLE2)) {
            return Optional.of("Excel 97-2003 ファイル (.xls) です。CSV 形式で書き出してから取り込んでください");
        }
        if (startsWith(head, PDF)) {
            return Optional.of("PDF ファイルです。PDF からは取り込めません。元のシステムから CSV 形式で書き出してください");
        }
        if (startsWith(head, GZIP)) {
            return Optional.of("gzip 圧縮ファイルです。展開して、中の CSV ファイルを取り込んでください");
        }
        return Optional.empty();
    }

    /** The name in a ZIP's first local file header (name length at offset 26, name from 30). */
    private static String zipFirstEntryName(byte[] head) {
        if (head.length < 30) {
            return "";
        }
        int length = (head[26] & 0xFF) | (head[27] & 0xFF) << 8;
        int end = Math.min(head.length, 30 + length);
        return new String(head, 30, end - 30, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] head, byte[] signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
