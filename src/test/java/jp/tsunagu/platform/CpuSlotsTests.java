package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** CPU slots: no more steps at once than slots, the others wait their turn and then run. */
class CpuSlotsTests {

    @Test
    void noMoreStepsRunAtOnceThanThereAreSlotsAndTheOthersRunWhenOneIsFree() throws Exception {
        CpuSlots slots = new CpuSlots(2, "中断");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> steps = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                steps.add(pool.submit(() -> slots.run(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                    done.incrementAndGet();
                    return n;
                })));
            }
            await("two steps in their slots").atMost(Duration.ofSeconds(30)).until(() -> inside.get() == 2);
            assertThat(done.get()).as("no step ended before the release").isZero();
            assertThat(steps.stream().filter(Future::isDone).count()).as("the other three wait").isZero();
            release.countDown();
            for (int i = 0; i < steps.size(); i++) {
                assertThat(steps.get(i).get(30, TimeUnit.SECONDS)).as("each step's own result").isEqualTo(i);
            }
            assertThat(done.get()).isEqualTo(5);
            assertThat(most.get()).as("never more steps at once than slots").isEqualTo(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aThreadInterruptedWhileWaitingIsToldSoAndKeepsItsInterrupt() throws Exception {
        CpuSlots slots = new CpuSlots(1, "中断");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> slots.run(() -> {
            holding.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        holder.start();
        assertThat(holding.await(30, TimeUnit.SECONDS)).as("the one slot is taken").isTrue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                slots.run(() -> {
                    ran.set(true);
                    return null;
                });
            } catch (RuntimeException e) {
                thrown.set(e);
                interrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        waiter.start();
        await("the waiter waits for the slot").atMost(Duration.ofSeconds(30))
                .until(() -> waiter.getState() == Thread.State.WAITING);
        waiter.interrupt();
        waiter.join(30_000);
        release.countDown();
        holder.join(30_000);
        assertThat(ran).as("the interrupted step did not run").isFalse();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("中断");
        assertThat(interrupted).as("the thread keeps its interrupt").isTrue();
    }

    @Test
    void fewerThanOneSlotIsRefused() {
        assertThatThrownBy(() -> new CpuSlots(0, "中断")).isInstanceOf(IllegalArgumentException.class);
    }
}
