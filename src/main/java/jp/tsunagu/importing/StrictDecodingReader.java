package jp.tsunagu.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes strictly: a byte sequence that is not valid in the file's encoding stops the read
 * with the line and column where it sits, instead of becoming U+FFFD. A leading byte-order mark is
 * dropped. It also follows RFC 4180 quoting as it hands characters out, so that a file that ends
 * inside a quoted field (a truncated export, or a stray opening quote) can be told apart: FastCSV
 * returns such a field as if it had been closed.
 *
 * <p>Lines are counted as FastCSV counts them: a line feed, a carriage return alone (old Mac files)
 * and the pair CR LF each end one line.
 *
 * <p>For a file declared in the Shift_JIS family it also checks, on the first
 * {@link #MOJIBAKE_CHECK_BYTES} bytes as they are read (no second read), whether the bytes are in
 * fact UTF-8 (文字化けの検出): Japanese in UTF-8 is made of 3-byte sequences that windows-31j mostly
 * decodes without error, as rare kanji (あい becomes 縺ゅ≠). Real Shift_JIS text almost never forms
 * valid UTF-8: its half-width kana and most of its lead bytes are UTF-8 continuation bytes.
 */
final class StrictDecodingReader extends Reader {

    /** Thrown for bytes that do not decode. */
    static final class UndecodableBytesException extends IOException {
        final long line;
        final int column;

        UndecodableBytesException(long line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final InputStream in;
    private final char delimiter;
    private int quoting = FIELD_START;
    private final CharsetDecoder decoder;
    private final Charset charset;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private boolean eof;
    private boolean first = true;
    private long line = 1;
    private int column = 1;
    private long bytesRead;
    /** Whether the last character handed out was a carriage return (a line feed then ends no new line). */
    private boolean afterCr;

    /** How much of a Shift_JIS-declared file is checked for UTF-8. */
    static final int MOJIBAKE_CHECK_BYTES = 1 << 20;

    private final boolean checkUtf8;
    private long utf8Checked;
    private int utf8Pending;
    private boolean utf8Valid = true;
    private long utf8Line = 1;
    private boolean utf8AfterCr;
    private long utf8FirstLine;

    StrictDecodingReader(InputStream in, Charset charset, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.checkUtf8 = isShiftJis(charset);
        bytes.flip();
        chars.flip();
    }

    long bytesRead() {
        return bytesRead;
    }

    static boolean isShiftJis(Charset charset) {
        return switch (charset.name()) {
            case "windows-31j", "Shift_JIS", "x-SJIS_0213", "x-MS932_0213" -> true;
            default -> false;
        };
    }

    /**
     * For a Shift_JIS-declared file whose bytes read so far (up to {@link #MOJIBAKE_CHECK_BYTES})
     * are all valid UTF-8 with at least one 3-byte sequence: the line of the first such sequence,
     * where the mojibake shows. Otherwise 0.
     */
    long utf8ReadAsShiftJisLine() {
        return checkUtf8 && utf8Valid ? utf8FirstLine : 0;
    }

    /** Whether the characters read so far end inside a quoted field that was never closed. */
    boolean insideQuotedField() {
        return quoting == QUOTED;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        int q = quoting;
        long newLines = 0;
        int lastNewLine = -1;
        char d = delimiter;
        boolean cr = afterCr;
        for (int i = off, end = off + n; i < end; i++) {
            char c = buf[i];
            if (c > '"' && c != d) {
                // an ordinary character (the usual case): only leaves a closed quote or a field start
                q = q == QUOTED ? QUOTED : UNQUOTED;
                cr = false;
                continue;
            }
            if (c == '\n' || c == '\r') {
                if (c == '\r' || !cr) {
                    newLines++;
                }
                lastNewLine = i;
            }
            cr = c == '\r';
            boolean endsField = c == d || c == '\n' || c == '\r';
            q = switch (q) {
                case QUOTED -> c == '"' ? QUOTE_IN_QUOTED : QUOTED;
                case QUOTE_IN_QUOTED -> c == '"' ? QUOTED : endsField ? FIELD_START : UNQUOTED;
                case FIELD_START -> c == '"' ? QUOTED : endsField ? FIELD_START : UNQUOTED;
                default -> endsField ? FIELD_START : UNQUOTED;
            };
        }
        // as if counted char by char: a line feed starts column 1, any other character moves one on
        line += newLines;
        column = lastNewLine < 0 ? column + n : 1 + (off + n - 1 - lastNewLine);
        quoting = q;
        afterCr = cr;
        return n;
    }

    private boolean fill() throws IOException {
        chars.clear();
        try {
            while (true) {
                CoderResult result = decoder.decode(bytes, chars, eof);
                if (result.isError()) {
                    throw undecodable(result.length());
                }
                if (chars.position() > 0) {
                    break;
                }
                if (eof) {
                    result = decoder.flush(chars);
                    if (result.isError()) {
                        throw undecodable(result.length());
                    }
                    break;
                }
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    if (checkUtf8 && utf8Valid && utf8Checked < MOJIBAKE_CHECK_BYTES) {
                        checkUtf8(bytes.array(), bytes.position(), n);
                    }
                    bytes.position(bytes.position() + n);
                    bytesRead += n;
                }
                bytes.flip();
            }
        } finally {
            chars.flip();
        }
        if (!chars.hasRemaining()) {
            return false;
        }
        if (first) {
            first = false;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
                if (!chars.hasRemaining()) {
                    return fill();
                }
            }
        }
        return true;
    }

    private UndecodableBytesException undecodable(int length) {
        // the chars decoded before the bad bytes have not been handed out yet: count them in
        chars.flip();
        long l = line;
        int c = column;
        boolean cr = afterCr;
        while (chars.hasRemaining()) {
            char ch = chars.get();
            if (ch == '\r' || ch == '\n') {
                if (ch == '\r' || !cr) {
                    l++;
                }
                c = 1;
            } else {
                c++;
            }
            cr = ch == '\r';
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length && bytes.position() + i < bytes.limit(); i++) {
            hex.append(String.format("%02X", bytes.get(bytes.position() + i) & 0xff));
        }
        chars.clear();
        return new UndecodableBytesException(l, c, "文字コード " + charset.name() + " として読めないバイト列があります (0x"
                + hex + ")。ファイルの文字コードを確認してください");
    }

    /**
     * Follows the bytes as UTF-8 (lead byte, then its continuation bytes), counting lines, until the
     * check's limit; the first byte that cannot be UTF-8 ends the check for good.
     */
    private void checkUtf8(byte[] b, int from, int n) {
        int end = from + (int) Math.min(n, MOJIBAKE_CHECK_BYTES - utf8Checked);
        utf8Checked += end - from;
        int pending = utf8Pending;
        for (int i = from; i < end; i++) {
            int x = b[i] & 0xFF;
            if (pending > 0) {
                if ((x & 0xC0) != 0x80) {
                    utf8Valid = false;
                    return;
                }
                pending--;
                continue;
            }
            if (x < 0x80) {
                if (x == '\r' || x == '\n' && !utf8AfterCr) {
                    utf8Line++;
                }
                utf8AfterCr = x == '\r';
                continue;
            }
            utf8AfterCr = false;
            if (x >= 0xC2 && x <= 0xDF) {
                pending = 1;
            } else if (x >= 0xE0 && x <= 0xEF) {
                pending = 2;
                if (utf8FirstLine == 0) {
                    utf8FirstLine = utf8Line;
                }
            } else if (x >= 0xF0 && x <= 0xF4) {
                pending = 3;
            } else {
                utf8Valid = false;
                return;
            }
        }
        utf8Pending = pending;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
