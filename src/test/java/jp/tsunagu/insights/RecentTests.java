package jp.tsunagu.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The figures' stamp as eight staff read it at once ({@link Recent}): when it is due, one of them reads it and
 * the others go on with the stamp they know instead of each waiting for the database; after a refresh
 * forgets it, everyone waits for the one read; a read begun before the refresh is not kept after it.
 */
class RecentTests {

    private final ExecutorService staff = Executors.newFixedThreadPool(8);

    /** The "database": counts the reads, and holds a read until released when asked to. */
    private final AtomicInteger value = new AtomicInteger();
    private volatile CountDownLatch entered = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);

    private Integer read() {
        entered.countDown();
        try {
            assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return value.incrementAndGet();
    }

    @AfterEach
    void stop() {
        staff.shutdownNow();
    }

    @Test
    void aValueWithinItsIntervalIsReadOnce() throws Exception {
        Recent<Integer> stamp = new Recent<>(TimeUnit.HOURS.toNanos(1), this::read);
        List<Future<Integer>> asked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            asked.add(staff.submit(stamp::get));
        }
        for (Future<Integer> f : asked) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(stamp.get()).isEqualTo(1);
        assertThat(stamp.reads()).isEqualTo(1);
    }

    @Test
    void whenTheValueIsDueOneReadsItAndTheOthersKeepTheKnownValue() throws Exception {
        // due at every call: the interval is 0
        Recent<Integer> stamp = new Recent<>(0, this::read);
        assertThat(stamp.get()).isEqualTo(1);
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        Future<Integer> reader = staff.submit(stamp::get);
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("one staff member reads the stamp").isTrue();
        List<Future<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            others.add(staff.submit(stamp::get));
        }
        for (Future<Integer> f : others) {
            // answered while the read is still held: none of them waits for it
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(reader.isDone()).isFalse();
        assertThat(stamp.reads()).isEqualTo(1);
        release.countDown();
        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(stamp.reads()).isEqualTo(2);
    }

    @Test
    void afterForgettingEveryoneWaitsForTheOneRead() throws Exception {
        Recent<Integer> stamp = new Recent<>(TimeUnit.HOURS.toNanos(1), this::read);
        assertThat(stamp.get()).isEqualTo(1);
        stamp.forget();
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        List<Future<Integer>> asked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            asked.add(staff.submit(stamp::get));
        }
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(asked.stream().noneMatch(Future::isDone)).as("no one is given the forgotten value").isTrue();
        release.countDown();
        for (Future<Integer> f : asked) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        }
        assertThat(stamp.reads()).isEqualTo(2);
    }

    @Test
    void aReadBegunBeforeForgettingIsNotKept() throws Exception {
        Recent<Integer> stamp = new Recent<>(0, this::read);
        assertThat(stamp.get()).isEqualTo(1);
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        Future<Integer> reader = staff.submit(stamp::get);
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        stamp.forget();
        release.countDown();
        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        // the value read across the forget is not kept: the next caller reads again
        assertThat(stamp.get()).isEqualTo(3);
        assertThat(stamp.reads()).isEqualTo(3);
    }
}
