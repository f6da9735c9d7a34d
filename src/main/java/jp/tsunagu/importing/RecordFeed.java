package jp.tsunagu.importing;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decodes and splits a file on a second thread, handing records over in batches through a bounded
 * queue: decoding (strict, with quoting tracked) and RFC 4180 splitting then run beside the
 * validation, normalisation and writing of the rows before. Records come out in file order; an
 * exception thrown while reading is rethrown, in its place, after the records read before it.
 */
final class RecordFeed implements Iterator<CsvRecord>, AutoCloseable {

    private static final int BATCH = 1024;
    private static final Object END = new Object();

    /** A failure of the reading thread, rethrown on the consuming side. */
    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private volatile boolean closed;
    private CsvRecord[] batch = new CsvRecord[0];
    private int position;
    private int limit;
    private Object terminal;

    RecordFeed(CsvReader<CsvRecord> reader) {
        thread = new Thread(() -> produce(reader), "import-parser");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(CsvReader<CsvRecord> reader) {
        CsvRecord[] b = new CsvRecord[BATCH];
        int n = 0;
        try {
            for (CsvRecord record : reader) {
                b[n++] = record;
                if (n == BATCH) {
                    if (!hand(b)) {
                        return;
                    }
                    b = new CsvRecord[BATCH];
                    n = 0;
                }
            }
            if (n > 0 && !hand(java.util.Arrays.copyOf(b, n))) {
                return;
            }
            hand(END);
        } catch (RuntimeException | Error e) {
            if (n > 0 && !hand(java.util.Arrays.copyOf(b, n))) {
                return;
            }
            hand(new Failure(e));
        }
    }

    private boolean hand(Object o) {
        try {
            while (!queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean hasNext() {
        if (position < limit) {
            return true;
        }
        if (terminal != null) {
            return rethrowOrEnd();
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("読込が中断されました", e);
        }
        if (o instanceof CsvRecord[] records) {
            batch = records;
            position = 0;
            limit = records.length;
            return true;
        }
        terminal = o;
        return rethrowOrEnd();
    }

    private boolean rethrowOrEnd() {
        if (terminal instanceof Failure f) {
            if (f.error() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) f.error();
        }
        return false;
    }

    @Override
    public CsvRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRecord record = batch[position];
        batch[position++] = null;
        return record;
    }

    /** Stops the reading thread (when the consumer ends early) and waits for it. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
