package jp.tsunagu.documents;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JPEG's metadata taken out without decoding it (JPEG のメタデータ除去): the file is walked segment by segment and
 * every application segment but the two a picture needs to be drawn right — the colour profile (APP2
 * {@code ICC_PROFILE}) and Adobe's colour transform (APP14) — is dropped, with every comment and whatever follows
 * the end of the image. EXIF (with the location), XMP, IPTC and the secondary images of MPF (with their own EXIF)
 * go; the compressed picture stays bit for bit, so an upright photo loses nothing of its quality.
 */
final class JpegSegments {

    private JpegSegments() {
    }

    /** The JPEG without its metadata; a file that is not a well-formed JPEG is refused. */
    static byte[] strip(byte[] jpeg, String fileName) {
        try {
            return walk(jpeg);
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            throw new RefusedFileException("image-unreadable", fileName
                    + " は JPEG 画像として読めません (壊れているか、途中で切れています)", e);
        }
    }

    private static byte[] walk(byte[] in) {
        if ((in[0] & 0xFF) != 0xFF || (in[1] & 0xFF) != 0xD8) {
            throw new IllegalStateException("no SOI");
        }
        byte[] out = new byte[in.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        int written = 2;
        int pos = 2;
        while (true) {
            if ((in[pos] & 0xFF) != 0xFF) {
                throw new IllegalStateException("marker expected at " + pos);
            }
            while ((in[pos] & 0xFF) == 0xFF) {
                pos++;
            }
            int marker = in[pos] & 0xFF;
            int start = pos - 1;
            pos++;
            if (marker == 0xD9) {
                out[written++] = (byte) 0xFF;
                out[written++] = (byte) 0xD9;
                return Arrays.copyOf(out, written);
            }
            if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                out[written++] = (byte) 0xFF;
                out[written++] = (byte) marker;
                continue;
            }
            int length = ((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF);
            if (length < 2 || pos + length > in.length) {
                throw new IllegalStateException("segment length at " + pos);
            }
            int end = pos + length;
            if (keep(in, marker, pos + 2, length - 2)) {
                out[written++] = (byte) 0xFF;
                System.arraycopy(in, start + 1, out, written, end - start - 1);
                written += end - start - 1;
            }
            pos = end;
            if (marker == 0xDA) {
                // entropy-coded data: up to the next marker that is neither stuffing (FF00) nor a restart
                int data = pos;
                while (true) {
                    pos = nextFF(in, pos);
                    int next = in[pos + 1] & 0xFF;
                    if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                        break;
                    }
                    pos++;
                }
                System.arraycopy(in, data, out, written, pos - data);
                written += pos - data;
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The position of the next 0xFF byte at or after {@code pos} ({@code in.length} when there is none), eight bytes
     * at a time: a photo's compressed picture is megabytes with an 0xFF only every few hundred bytes.
     */
    static int nextFF(byte[] in, int pos) {
        int last = in.length - 8;
        while (pos <= last) {
            long inverted = ~(long) LONGS.get(in, pos);
            // a byte that was 0xFF is now zero: the lowest zero byte of a word is found exactly by this test
            long zeros = (inverted - ONES) & ~inverted & HIGHS;
            if (zeros != 0) {
                return pos + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
            pos += 8;
        }
        while (pos < in.length && in[pos] != (byte) 0xFF) {
            pos++;
        }
        return pos;
    }

    private static boolean keep(byte[] in, int marker, int payload, int length) {
        if (marker == 0xFE) {
            return false;
        }
        if (marker == 0xE2) {
            return startsWith(in, payload, length, "ICC_PROFILE\0");
        }
        if (marker == 0xEE) {
            return startsWith(in, payload, length, "Adobe");
        }
        return marker < 0xE1 || marker > 0xEF;
    }

    private static boolean startsWith(byte[] in, int payload, int length, String id) {
        byte[] expected = id.getBytes(StandardCharsets.US_ASCII);
        if (length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in[payload + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
