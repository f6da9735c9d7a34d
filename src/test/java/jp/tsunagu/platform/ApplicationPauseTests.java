package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A pause of the context (the test framework pauses the contexts it caches when it switches to another) lets
 * the listeners' work already queued end first and cancels nothing: paused with it still queued, an event's
 * publication would stay incomplete in the registry every context shares until this context started again.
 */
@TsunaguTest
class ApplicationPauseTests {

    @Autowired
    ApplicationStop stop;
    @Autowired
    @Qualifier("applicationTaskExecutor")
    ThreadPoolTaskExecutor listeners;

    @Test
    void aPauseReturnsOnlyOnceTheQueuedListenerWorkHasRun() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        // more tasks than threads: some wait in the queue, as the last listeners of an import do
        int tasks = listeners.getMaxPoolSize() == Integer.MAX_VALUE ? listeners.getCorePoolSize() + 3
                : listeners.getMaxPoolSize() + 3;
        for (int i = 0; i < tasks; i++) {
            listeners.execute(() -> {
                try {
                    gate.await(2, TimeUnit.MINUTES);
                    ran.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        assertThat(stop.settle(Duration.ofMillis(200))).as("work queued and held: not idle in time").isFalse();

        CompletableFuture<Void> pause = CompletableFuture.runAsync(stop::cancel);
        gate.countDown();
        pause.get(2, TimeUnit.MINUTES);

        assertThat(ran.get()).as("every queued task ran before the pause returned").isEqualTo(tasks);
        assertThat(listeners.getThreadPoolExecutor().getQueue()).isEmpty();
        assertThat(stop.requested()).as("a pause is not a stop: nothing is cancelled").isFalse();
        assertThat(listeners.getThreadPoolExecutor().isShutdown()).isFalse();
        assertThat(stop.settle(Duration.ofSeconds(30))).isTrue();
    }
}
