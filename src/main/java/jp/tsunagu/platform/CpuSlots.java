package jp.tsunagu.platform;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The cores a kind of CPU-heavy step may use at once (CPU の割当て): an upload's type check and thumbnail, a
 * search's statements. When more of them than cores run together, each one is sliced among all the others and
 * every one ends late, the longest latest; with at most one at a time per core they queue in the order they came
 * (fair), each runs at full speed, and a long one waits only for those ahead of it instead of sharing the cores
 * with everyone who comes while it runs.
 */
public final class CpuSlots {

    private final Semaphore permits;
    private final String interrupted;

    /**
     * @param slots how many may run at once
     * @param interrupted the message of the exception thrown when a thread is interrupted while it waits
     */
    public CpuSlots(int slots, String interrupted) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.permits = new Semaphore(slots, true);
        this.interrupted = interrupted;
    }

    /** Runs the step in a slot, waiting for one; a thread interrupted while it waits keeps its interrupt. */
    public <T> T run(Supplier<T> step) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted, e);
        }
        try {
            return step.get();
        } finally {
            permits.release();
        }
    }
}
