package jp.tsunagu.insights;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A value read from the database again at most once an interval, by one caller at a time (最新の値の間引き読み):
 * when the interval is over, the first caller to notice reads it while every other caller goes on with the
 * value known — so that eight staff opening the dashboard at once do not each wait for the same small read
 * behind the others' work. Only before the first read, or after {@link #forget()}, do callers wait for the
 * one read. A read begun before a {@code forget()} is not kept after it.
 */
final class Recent<T> {

    private final long intervalNanos;
    private final Supplier<T> read;
    private final Object lock = new Object();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicLong reads = new AtomicLong();
    private volatile T known;
    private volatile long readAt;
    /** Counts {@link #forget()}s. */
    private long generation;

    Recent(long intervalNanos, Supplier<T> read) {
        this.intervalNanos = intervalNanos;
        this.read = read;
    }

    /** The value, at most an interval old (read now when it is older and no one else is reading it). */
    T get() {
        long now = System.nanoTime();
        T value = known;
        if (value != null && (now - readAt < intervalNanos || !reading.compareAndSet(false, true))) {
            return value;
        }
        if (value == null) {
            synchronized (lock) {
                value = known;
                return value != null ? value : read(now);
            }
        }
        try {
            return read(now);
        } finally {
            reading.set(false);
        }
    }

    /** Forgets the value: the next caller reads it, and the others wait for that read. */
    void forget() {
        synchronized (lock) {
            generation++;
            known = null;
        }
    }

    /** How many times the value was read since start. */
    long reads() {
        return reads.get();
    }

    private T read(long now) {
        long before;
        synchronized (lock) {
            before = generation;
        }
        T value = read.get();
        reads.incrementAndGet();
        synchronized (lock) {
            if (generation == before) {
                readAt = now;
                known = value;
            }
        }
        return value;
    }
}
