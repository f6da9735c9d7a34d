package jp.tsunagu.printing;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriUtils;

/**
 * A web controller's answer with a PDF (PDFの応答): {@code application/pdf}, the file name in
 * {@code Content-Disposition} both as RFC 5987 UTF-8 ({@code filename*=UTF-8''%E5%B8%B3…}, which browsers use)
 * and as a plain ASCII fallback for old clients, and {@code Cache-Control: no-store} so that a sheet with
 * personal data is not kept by a browser or proxy.
 */
public final class PdfAnswer {

    private PdfAnswer() {
    }

    /** The PDF shown in the browser (to print from there), saved under {@code fileName} when saved. */
    public static ResponseEntity<byte[]> inline(byte[] pdf, String fileName) {
        return answer(pdf, "inline", fileName);
    }

    /** The PDF downloaded as {@code fileName}. */
    public static ResponseEntity<byte[]> attachment(byte[] pdf, String fileName) {
        return answer(pdf, "attachment", fileName);
    }

    /** The {@code Content-Disposition} value for {@code fileName} ({@code .pdf} added when missing). */
    static String disposition(String type, String fileName) {
        String name = fileName == null || fileName.isBlank() ? "print.pdf" : fileName.strip();
        name = name.replaceAll("[\\p{Cntrl}/\\\\\"]", "_");
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
            name = name + ".pdf";
        }
        return type + "; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''"
                + UriUtils.encode(name, StandardCharsets.UTF_8);
    }

    private static ResponseEntity<byte[]> answer(byte[] pdf, String type, String fileName) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .contentLength(pdf.length)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(type, fileName))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(pdf);
    }

    /** The name with every character outside printable ASCII as {@code _}; 「print.pdf」 when nothing is left. */
    private static String asciiFallback(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f && cp != '%' ? (char) cp : '_'));
        String ascii = out.toString();
        return ascii.substring(0, ascii.length() - 4).replace("_", "").isBlank() ? "print.pdf" : ascii;
    }
}
