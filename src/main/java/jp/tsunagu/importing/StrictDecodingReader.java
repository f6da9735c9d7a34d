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
 * dropped.
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

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final Charset charset;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private boolean eof;
    private boolean first = true;
    private long line = 1;
    private int column = 1;
    private long bytesRead;

    StrictDecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        for (int i = off; i < off + n; i++) {
            if (buf[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
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
        while (chars.hasRemaining()) {
            if (chars.get() == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length && bytes.position() + i < bytes.limit(); i++) {
            hex.append(String.format("%02X", bytes.get(bytes.position() + i) & 0xff));
        }
        chars.clear();
        return new UndecodableBytesException(l, c, "文字コード " + charset.name() + " として読めないバイト列があります (0x"
                + hex + ")。ファイルの文字コードを確認してください");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
