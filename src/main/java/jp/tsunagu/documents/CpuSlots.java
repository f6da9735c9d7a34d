package jp.tsunagu.documents;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The cores an upload's CPU-heavy steps may use at once (CPU の割当て): telling the type, decoding a photo for its
 * thumbnail and encoding it take tens of milliseconds of CPU each, with nothing to wait for. When more uploads than
 * cores run them together, each one's steps are sliced among all the others' and every upload ends late; with at
 * most one at a time per core, uploads queue in the order they came (fair), each finishes its steps at full speed
 * and goes on to its writes and commit (which wait for the disk, not the CPU) while the next one computes.
 */
final class CpuSlots {

    private final Semaphore permits;

    CpuSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.permits = new Semaphore(slots, true);
    }

    /** Runs the step in a slot, waiting for one; a thread interrupted while it waits keeps its interrupt. */
    <T> T run(Supplier<T> step) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("添付の登録が中断されました", e);
        }
        try {
            return step.get();
        } finally {
            permits.release();
        }
    }
}
