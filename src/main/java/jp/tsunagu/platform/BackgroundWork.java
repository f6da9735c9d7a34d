package jp.tsunagu.platform;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work a module runs on threads of its own (裏方の処理): a recount, a refresh, an upload's import. When the
 * application stops ({@link ApplicationStop}), every such bean is told to cancel — its threads are interrupted
 * and take no new work — and the stop then waits a bounded time for them to end, before the connection pools
 * close. Work must therefore look at its thread's interrupt (or {@link ApplicationStop#requested()}) at its
 * safe points; a statement it is waiting for is cancelled in the database by the stop itself.
 */
public interface BackgroundWork {

    /** Interrupts the running work and refuses new work; returns at once. */
    void cancel();

    /**
     * Waits until the work has ended.
     *
     * @return whether it ended within the time
     */
    boolean awaitEnded(Duration timeout) throws InterruptedException;

    /** The usual case: the work runs on one executor of the module's own. */
    static BackgroundWork of(ExecutorService executor) {
        return new BackgroundWork() {
            @Override
            public void cancel() {
                executor.shutdownNow();
            }

            @Override
            public boolean awaitEnded(Duration timeout) throws InterruptedException {
                return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }
}
