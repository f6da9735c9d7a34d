package jp.tsunagu.access;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as inline SVG (QRコード), drawn on the server: the enrolment URI of an authenticator app
 * is a secret, so it is never sent to a QR service, and an inline {@code <svg>} needs no
 * {@code data:} image, which the content security policy does not allow.
 */
final class QrCode {

    /** Four modules of white around the code, as the QR specification asks for reliable scanning. */
    static final int QUIET_ZONE = 4;

    private QrCode() {
    }

    /** The code as an {@code <svg>} element, one module per SVG unit, scaled by the page. */
    static String svg(String text, String label) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, QUIET_ZONE, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("QRコードを作れません", e);
        }
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + width + " " + height
                + "\" width=\"" + width * 5 + "\" height=\"" + height * 5 + "\" shape-rendering=\"crispEdges\""
                + " role=\"img\" aria-label=\"" + org.springframework.web.util.HtmlUtils.htmlEscape(label) + "\">"
                + "<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
