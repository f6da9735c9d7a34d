package jp.tsunagu.documents;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Photos made safe to keep (写真の整え): decoded after their size in pixels is checked (a small file that
 * decodes to billions of pixels is a bomb), turned upright by their EXIF orientation, and encoded anew, which
 * leaves every piece of metadata behind — the location (GPS) above all, but also the camera and the time.
 * Thumbnails are made here too, for photos and for a PDF's first page.
 */
final class Photos {

    static final int THUMBNAIL = 320;

    /** A cleaned photo: its bytes, its size in pixels and its thumbnail. */
    record Cleaned(byte[] bytes, int width, int height, byte[] thumbnail) {
    }

    private Photos() {
    }

    /**
     * The photo without metadata, upright. An upright JPEG keeps its compressed picture as it is, only its metadata
     * segments taken out ({@link JpegSegments}); a turned one, and a PNG, is decoded, turned and encoded anew, which
     * leaves every piece of metadata behind.
     */
    static Cleaned clean(byte[] bytes, FileType type, String fileName, long maxPixels) {
        int orientation = orientation(bytes);
        if (type == FileType.JPEG && orientation <= 1) {
            byte[] stripped = JpegSegments.strip(bytes, fileName);
            Decoded small = decode(stripped, fileName, maxPixels, THUMBNAIL * 2);
            return new Cleaned(stripped, small.width(), small.height(), thumbnail(small.image()));
        }
        BufferedImage upright = upright(decode(bytes, fileName, maxPixels, 0).image(), orientation);
        return new Cleaned(encode(upright, type), upright.getWidth(), upright.getHeight(), thumbnail(upright));
    }

    /** A decoded picture and the size in pixels of the whole (it may have been read subsampled). */
    private record Decoded(BufferedImage image, int width, int height) {
    }

    /** A JPEG of at most {@link #THUMBNAIL} pixels on its longer side. */
    static byte[] thumbnail(BufferedImage image) {
        double scale = Math.min(1.0, (double) THUMBNAIL / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = image;
        // halving step by step keeps a large photo's thumbnail sharp without the cost of area averaging
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = scaled(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return encode(scaled(current, width, height), FileType.JPEG);
    }

    /** A small file that decodes to billions of pixels is a bomb: refused before it is decoded. */
    private static void checkPixels(String fileName, int width, int height, long maxPixels) {
        if ((long) width * height > maxPixels) {
            throw new RefusedFileException("image-bomb", fileName + " は画素数が多すぎます (" + width + "×" + height
                    + ")。" + (maxPixels / 1_000_000) + " 百万画素までにしてください");
        }
    }

    /** Decodes the picture; with {@code atLeast} above 0, subsampled to no less than that on its longer side. */
    private static Decoded decode(byte[] bytes, String fileName, long maxPixels, int atLeast) {
        // held in memory: ImageIO's own streams copy every photo into a temporary file first (its disk cache)
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw unreadable(fileName, null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkPixels(fileName, reader.getWidth(0), reader.getHeight(0), maxPixels);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
                int step = atLeast <= 0 ? 1 : Math.max(1, Math.max(width, height) / atLeast);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw unreadable(fileName, null);
                }
                return new Decoded(image, width, height);
            } finally {
                reader.dispose();
            }
        } catch (RefusedFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw unreadable(fileName, e);
        }
    }

    private static RefusedFileException unreadable(String fileName, Throwable cause) {
        return new RefusedFileException("image-unreadable", fileName
                + " は画像として読めません (壊れているか、対応していない形式です)", cause);
    }

    /** The EXIF orientation (1 = upright), 1 when there is none or it cannot be read. */
    static int orientation(byte[] bytes) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            }
        } catch (Exception e) {
            // a photo whose metadata cannot be read is kept as it is drawn; the metadata is dropped anyway
        }
        return 1;
    }

    /** The image as it is meant to be seen (EXIF orientations 2–8: mirrored and turned). */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, rgbType(image));
        Graphics2D g = out.createGraphics();
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }

    private static int rgbType(BufferedImage image) {
        return image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    }

    private static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    static byte[] encode(BufferedImage image, FileType type) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (type == FileType.PNG) {
                ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(image);
                } finally {
                    writer.dispose();
                }
                return out.toByteArray();
            }
            BufferedImage rgb = image;
            if (image.getType() != BufferedImage.TYPE_INT_RGB) {
                rgb = scaled(image, image.getWidth(), image.getHeight());
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.88f);
                writer.write(null, new IIOImage(rgb, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("画像を書けません", e);
        }
    }
}
