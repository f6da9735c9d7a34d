package jp.tsunagu.documents;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * Sends a file's content (添付の送出): photos and PDFs inline when shown, everything else (and every download) as
 * an attachment, with the file's own name (RFC 6266, UTF-8); never sniffed, and sandboxed, so that a file can
 * never run as a page of the hub.
 */
final class ContentSending {

    private ContentSending() {
    }

    static void send(Documents.Content content, Documents.Use use, HttpServletResponse response) throws IOException {
        boolean inline = use != Documents.Use.DOWNLOAD && (content.mediaType().startsWith("image/")
                || content.mediaType().equals("application/pdf"));
        response.setContentType(content.mediaType().equals("text/plain") ? "text/plain; charset=UTF-8"
                : content.mediaType());
        response.setContentLengthLong(content.size());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, (inline ? ContentDisposition.inline()
                : ContentDisposition.attachment()).filename(content.fileName(), StandardCharsets.UTF_8).build()
                .toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!content.mediaType().equals("application/pdf")) {
            // a browser's own PDF viewer does not open in a sandbox; a PDF with scripts was refused at upload
            response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'");
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (InputStream in = content.stream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
