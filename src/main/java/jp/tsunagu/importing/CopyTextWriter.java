package jp.tsunagu.importing;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Writes COPY data straight into bytes, in one buffer handed to the server as it fills: lines of
 * COPY's text format (escaping and UTF-8 encoding in one pass over each value; used to stage a
 * re-import's differences) or rows of COPY's binary format (UTF-8 with the length in front, no
 * escaping, numbers as 8 bytes; used by a first import, which sends a million rows). Replaces a
 * Writer chain (escape into a Writer, encode in an OutputStreamWriter, copy into the COPY
 * stream's own buffer).
 */
final class CopyTextWriter implements AutoCloseable {

    private final CopyIn copyIn;
    private final byte[] buffer = new byte[1 << 17];
    private int position;

    CopyTextWriter(CopyIn copyIn) {
        this.copyIn = copyIn;
    }

    /** Room for at least n more bytes. */
    private void ensure(int n) {
        if (buffer.length - position < n) {
            flushBuffer();
        }
    }

    private void flushBuffer() {
        if (position > 0) {
            try {
                copyIn.writeToCopy(buffer, 0, position);
            } catch (SQLException e) {
                throw new UncheckedIOException(new java.io.IOException(e.getMessage(), e));
            }
            position = 0;
        }
    }

    CopyTextWriter ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buffer, position); // ASCII only: callers pass separators and numbers
        position += n;
        return this;
    }

    CopyTextWriter ch(char c) {
        ensure(1);
        buffer[position++] = (byte) c;
        return this;
    }

    CopyTextWriter number(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        if (v < 0) {
            buffer[position++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = position + digits;
        for (int i = end - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        position = end;
        return this;
    }

    /** A value in COPY's text format (backslash, tab, newline and carriage return escaped), as UTF-8. */
    CopyTextWriter text(CharSequence s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            // a char takes at most 3 bytes (a surrogate pair, 2 chars, takes 4); an escape 2
            ensure(Math.min(n - i, 4096) * 3 + 4);
            int stop = Math.min(n, i + 4096);
            byte[] b = buffer;
            int p = position;
            while (i < stop) {
                char c = s.charAt(i++);
                if (c < 0x80) {
                    switch (c) {
                        case '\\' -> {
                            b[p++] = '\\';
                            b[p++] = '\\';
                        }
                        case '\t' -> {
                            b[p++] = '\\';
                            b[p++] = 't';
                        }
                        case '\n' -> {
                            b[p++] = '\\';
                            b[p++] = 'n';
                        }
                        case '\r' -> {
                            b[p++] = '\\';
                            b[p++] = 'r';
                        }
                        default -> b[p++] = (byte) c;
                    }
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    int cp;
                    if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(s.charAt(i))) {
                        cp = Character.toCodePoint(c, s.charAt(i++));
                        b[p++] = (byte) (0xF0 | cp >> 18);
                        b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                        b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                        b[p++] = (byte) (0x80 | cp & 0x3F);
                    } else {
                        b[p++] = '?'; // as the JDK's encoder replaces a lone surrogate
                    }
                } else {
                    b[p++] = (byte) (0xE0 | c >> 12);
                    b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                }
            }
            position = p;
        }
        return this;
    }

    // ---- COPY's binary format (FORMAT binary): no escaping; each field is its length and bytes

    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};

    CopyTextWriter binaryHeader() {
        ensure(BINARY_HEADER.length);
        System.arraycopy(BINARY_HEADER, 0, buffer, position, BINARY_HEADER.length);
        position += BINARY_HEADER.length;
        return this;
    }

    CopyTextWriter binaryRow(int fields) {
        ensure(2);
        buffer[position++] = (byte) (fields >> 8);
        buffer[position++] = (byte) fields;
        return this;
    }

    CopyTextWriter binaryLong(long v) {
        ensure(12);
        int p = position;
        buffer[p++] = 0;
        buffer[p++] = 0;
        buffer[p++] = 0;
        buffer[p++] = 8;
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[p++] = (byte) (v >>> shift);
        }
        position = p;
        return this;
    }

    /** A text (or json) field as UTF-8, its length written in front once known. */
    CopyTextWriter binaryText(CharSequence s) {
        int n = s.length();
        if (n * 3 + 4 > buffer.length) {
            throw new IllegalArgumentException("値が長すぎます (" + n + " 文字)");
        }
        ensure(n * 3 + 4);
        byte[] b = buffer;
        int start = position + 4;
        int p = start;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    b[p++] = '?';
                }
            } else {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        int length = p - start;
        b[position] = (byte) (length >>> 24);
        b[position + 1] = (byte) (length >>> 16);
        b[position + 2] = (byte) (length >>> 8);
        b[position + 3] = (byte) length;
        position = p;
        return this;
    }

    CopyTextWriter binaryTrailer() {
        return binaryRow(-1);
    }

    /** Sends what is buffered and ends the COPY. */
    long finish() {
        flushBuffer();
        try {
            return copyIn.endCopy();
        } catch (SQLException e) {
            throw new UncheckedIOException(new java.io.IOException(e.getMessage(), e));
        }
    }

    /** Cancels the COPY if it was not finished (an error on the way). */
    @Override
    public void close() {
        if (copyIn.isActive()) {
            try {
                copyIn.cancelCopy();
            } catch (SQLException e) {
                // the connection is rolled back or dropped by the caller
            }
        }
    }
}
