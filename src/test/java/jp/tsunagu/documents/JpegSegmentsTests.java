package jp.tsunagu.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Taking a JPEG's metadata out: the location (EXIF) and comments go, the compressed picture stays byte for byte (it
 * decodes to the same pixels), a cut file is refused; the search for the next 0xFF, eight bytes at a time, finds
 * what a byte-by-byte search finds at every position.
 */
class JpegSegmentsTests {

    @Test
    void theNextFFIsFoundAtEveryPositionAndAlignment() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(0, 70)];
            int density = random.nextInt(1, 40);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(density) == 0 ? (byte) 0xFF : (byte) random.nextInt(0, 255);
            }
            for (int from = 0; from <= bytes.length; from++) {
                int expected = from;
                while (expected < bytes.length && bytes[expected] != (byte) 0xFF) {
                    expected++;
                }
                assertThat(JpegSegments.nextFF(bytes, from)).as("round %d from %d", round, from).isEqualTo(expected);
            }
        }
    }

    @Test
    void metadataGoesAndThePictureStaysByteForByte() throws IOException {
        BufferedImage picture = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.ORANGE, 640, 480, Color.BLUE));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            picture.setRGB(random.nextInt(640), random.nextInt(480), random.nextInt(0x1000000));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpeg", out);
        byte[] plain = out.toByteArray();
        byte[] exif = segment(0xE1, "Exif\0\0GPS 35.85N 139.41E");
        byte[] comment = segment(0xFE, "taken at home");
        byte[] withMetadata = concat(Arrays.copyOf(plain, 2), exif, comment, Arrays.copyOfRange(plain, 2, plain.length),
                "trailing bytes after the end".getBytes(StandardCharsets.US_ASCII));

        byte[] stripped = JpegSegments.strip(withMetadata, "photo.jpg");

        String text = new String(stripped, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("Exif").doesNotContain("GPS").doesNotContain("taken at home")
                .doesNotContain("trailing");
        assertThat(stripped).as("the writer's own JFIF file, whose APP0 is kept, comes back whole").isEqualTo(plain);
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(withMetadata));
        BufferedImage after = ImageIO.read(new ByteArrayInputStream(stripped));
        for (int y = 0; y < 480; y += 7) {
            for (int x = 0; x < 640; x += 5) {
                assertThat(after.getRGB(x, y)).isEqualTo(before.getRGB(x, y));
            }
        }

        assertThatThrownBy(() -> JpegSegments.strip(Arrays.copyOf(withMetadata, withMetadata.length / 2), "cut.jpg"))
                .isInstanceOfSatisfying(RefusedFileException.class, e -> assertThat(e.reasonCode()).isEqualTo("image-unreadable"));
    }

    private static byte[] segment(int marker, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] segment = new byte[4 + body.length];
        segment[0] = (byte) 0xFF;
        segment[1] = (byte) marker;
        segment[2] = (byte) ((body.length + 2) >> 8);
        segment[3] = (byte) (body.length + 2);
        System.arraycopy(body, 0, segment, 4, body.length);
        return segment;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
