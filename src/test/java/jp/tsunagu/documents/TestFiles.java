package jp.tsunagu.documents;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;

/**
 * Files the tests make themselves (試験用のファイル): photos with a location and an orientation in their EXIF, PDFs
 * with and without JavaScript, Office files, a zip bomb, an executable, an SVG with a script. Nothing is committed
 * as a blob: every file is built here at run time.
 */
public final class TestFiles {

    /** 35.8526 N, 139.4121 E: 狭山市役所's neighbourhood, written into the photos' GPS EXIF. */
    public static final double LATITUDE = 35.8526;
    public static final double LONGITUDE = 139.4121;

    private TestFiles() {
    }

    /**
     * A JPEG of {@code width}×{@code height}, its left half red and right half blue (so that turning it can be seen),
     * with an EXIF block carrying the orientation and a GPS position. {@code seed} changes one pixel, so that photos
     * of different seeds differ.
     */
    public static byte[] photoWithGps(int width, int height, int orientation, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        image.setRGB(width - 1, height - 1, 0x010101 * (seed & 0x7f));
        byte[] jpeg = write(image, "jpeg");
        byte[] exif = exif(orientation, LATITUDE, LONGITUDE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A plain PNG. */
    public static byte[] png(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, "png");
    }

    /** A noisy photo of about {@code bytes} bytes as a JPEG (noise does not compress), for benchmarks. */
    public static byte[] noisyPhoto(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return write(image, "jpeg");
    }

    /** The EXIF APP1 payload: "Exif\0\0", a big-endian TIFF with IFD0 (orientation, GPS pointer) and a GPS IFD. */
    static byte[] exif(int orientation, double latitude, double longitude) {
        ByteBuffer tiff = ByteBuffer.allocate(140);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        tiff.putShort((short) 4);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(92);
        tiff.putShort((short) 3).putShort((short) 2).putInt(2).put((byte) 'E').put((byte) 0).putShort((short) 0);
        tiff.putShort((short) 4).putShort((short) 5).putInt(3).putInt(116);
        tiff.putInt(0);
        rational(tiff, latitude);
        rational(tiff, longitude);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tiff.array());
        return out.toByteArray();
    }

    private static void rational(ByteBuffer tiff, double degrees) {
        int d = (int) degrees;
        double m = (degrees - d) * 60;
        int minutes = (int) m;
        int seconds100 = (int) Math.round((m - minutes) * 60 * 100);
        tiff.putInt(d).putInt(1).putInt(minutes).putInt(1).putInt(seconds100).putInt(100);
    }

    /** A one-page PDF with a line of text. */
    public static byte[] pdf(String text) {
        return pdf(text, null);
    }

    /** A one-page PDF whose document opens with a JavaScript action ({@code OpenAction}). */
    public static byte[] pdfWithOpenActionScript() {
        return pdf("open action", document -> document.getDocumentCatalog()
                .setOpenAction(new PDActionJavaScript("app.alert('x');")));
    }

    /** A one-page PDF with document-level JavaScript in the names tree. */
    public static byte[] pdfWithNamedScript() {
        return pdf("names tree", document -> {
            PDJavascriptNameTreeNode scripts = new PDJavascriptNameTreeNode();
            scripts.setNames(Map.of("start", new PDActionJavaScript("this.print();")));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
            names.setJavascript(scripts);
            document.getDocumentCatalog().setNames(names);
        });
    }

    private static byte[] pdf(String text, java.util.function.Consumer<PDDocument> extra) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 24);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
                content.addRect(72, 300, 300, 200);
                content.fill();
            }
            if (extra != null) {
                extra.accept(document);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal Word document (.docx): the parts a zip needs to be one. */
    public static byte[] docx(String text) {
        return zip(Map.of("[Content_Types].xml", contentTypes().getBytes(StandardCharsets.UTF_8),
                "word/document.xml", ("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                        + "<w:body><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:body></w:document>")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** A Word document with a macro project in it. */
    public static byte[] docm() {
        return zip(Map.of("[Content_Types].xml", contentTypes().getBytes(StandardCharsets.UTF_8),
                "word/document.xml", "<w:document/>".getBytes(StandardCharsets.UTF_8),
                "word/vbaProject.bin", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}));
    }

    /** A .docx-shaped zip bomb: a part of {@code megabytes} MB of zeros, which deflate to almost nothing. */
    public static byte[] zipBomb(int megabytes) {
        return zip(Map.of("[Content_Types].xml", contentTypes().getBytes(StandardCharsets.UTF_8),
                "word/document.xml", new byte[megabytes * 1024 * 1024]));
    }

    /** The start of a Windows executable (MZ header, PE signature). */
    public static byte[] executable() {
        ByteBuffer exe = ByteBuffer.allocate(1024);
        exe.put((byte) 'M').put((byte) 'Z');
        exe.position(0x3C);
        exe.put((byte) 0x80).put((byte) 0).put((byte) 0).put((byte) 0);
        exe.position(0x80);
        exe.put((byte) 'P').put((byte) 'E').put((byte) 0).put((byte) 0);
        exe.put((byte) 0x4C).put((byte) 0x01);
        return exe.array();
    }

    /** An SVG image that runs a script. */
    public static byte[] svgWithScript() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">
                  <script>alert(document.cookie)</script><rect width="10" height="10"/>
                </svg>
                """.getBytes(StandardCharsets.UTF_8);
    }

    private static String contentTypes() {
        return "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                + ".wordprocessingml.document.main+xml\"/></Types>";
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (String name : new java.util.TreeSet<>(entries.keySet())) {
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write(entries.get(name));
                    zip.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
