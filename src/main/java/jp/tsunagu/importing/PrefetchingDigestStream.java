package jp.tsunagu.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads the file on a second thread, computing its SHA-256 there, and hands the bytes over in
 * chunks: reading and hashing a 160 MB file then overlap with parsing it instead of adding to it.
 * Memory stays bounded (a few chunks in flight).
 */
final class PrefetchingDigestStream extends InputStream {

    private static final byte[] END = new byte[0];
    private static final int CHUNK = 1 << 20;

    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(4);
    private final Thread reader;
    private byte[] current = new byte[0];
    private int position;
    private int limit;
    private volatile long count;
    private boolean ended;

    PrefetchingDigestStream(InputStream in, MessageDigest digest) {
        reader = new Thread(() -> {
            try (in) {
                while (true) {
                    byte[] buffer = new byte[CHUNK];
                    int n = in.readNBytes(buffer, 0, CHUNK);
                    if (n <= 0) {
                        break;
                    }
                    digest.update(buffer, 0, n);
                    if (!hand(n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n))) {
                        return;
                    }
                }
                hand(END);
            } catch (IOException e) {
                hand(e);
            }
        }, "import-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private volatile boolean abandoned;

    /** Hands a chunk over, waiting while the consumer is behind; false once abandoned. */
    private boolean hand(Object o) {
        try {
            while (!chunks.offer(o, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the reader thread when the import ends early; the digest is then incomplete. */
    void abandon() {
        abandoned = true;
        chunks.clear();
    }

    /** Bytes handed to the reader so far. */
    long count() {
        return count;
    }

    private boolean next() throws IOException {
        if (ended) {
            return false;
        }
        Object o;
        try {
            o = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("読込が中断されました", e);
        }
        if (o instanceof IOException e) {
            throw e;
        }
        byte[] chunk = (byte[]) o;
        if (chunk == END) {
            ended = true;
            return false;
        }
        current = chunk;
        position = 0;
        limit = chunk.length;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !next()) {
            return -1;
        }
        count++;
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit && !next()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        count += n;
        return n;
    }

    /** Reads to the end, so that the digest covers the whole file, then waits for the reader. */
    void finish() {
        try {
            while (next()) {
                count += limit;
                position = limit;
            }
            reader.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The parser closes its reader when done; the file stays open until {@link #finish()} has hashed it all. */
    @Override
    public void close() {
        // deliberately nothing: see finish() and abandon()
    }
}
