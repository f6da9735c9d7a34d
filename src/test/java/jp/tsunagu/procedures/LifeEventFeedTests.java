package jp.tsunagu.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life-event feed's cursor (配信のカーソル) while events are written concurrently, as imports, the daily
 * job and clerks write them: a reader that pages by number gets every event once, in order — none
 * skipped when a transaction that took a smaller number commits after one with a larger, none repeated.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-procedures-checklist-f${tsunagu.test.fork:1}")
class LifeEventFeedTests {

    @Autowired
    LifeEventRecorder recorder;
    @Autowired
    LifeEventFeed feed;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aWriterThatCommitsLateHoldsBackTheEventsNumberedAfterItsOwn() throws Exception {
        String tag = "late-" + System.nanoTime();
        long cursor = last();
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(s -> {
                recorder.record(events(tag + "-a", 5));
                inserted.countDown();
                awaitQuietly(release);
            }), pool);
            assertThat(inserted.await(1, TimeUnit.MINUTES)).isTrue();
            CompletableFuture<Void> fast = CompletableFuture.runAsync(() -> recorder.record(events(tag + "-b", 5)), pool);
            await("the second writer waits for the first to commit").pollInterval(SampleCity.POLL)
                    .atMost(Duration.ofMinutes(1)).until(() -> jdbc.sql("""
                            SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'
                            """).query(Long.class).single() > 0);
            assertThat(feed.after(cursor, 1_000)).as("nothing is handed out while the first writer is in flight")
                    .noneMatch(e -> e.personKey().startsWith(tag));
            release.countDown();
            slow.get(1, TimeUnit.MINUTES);
            fast.get(1, TimeUnit.MINUTES);
            List<LifeEvent> after = feed.after(cursor, 1_000).stream().filter(e -> e.personKey().startsWith(tag)).toList();
            assertThat(after).extracting(LifeEvent::personKey).hasSize(10);
            assertThat(after.subList(0, 5)).allMatch(e -> e.personKey().startsWith(tag + "-a"));
            assertThat(after.subList(5, 10)).allMatch(e -> e.personKey().startsWith(tag + "-b"));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aReaderPagingDuringConcurrentWritesGetsEveryEventOnceInOrder() throws Exception {
        String tag = "busy-" + System.nanoTime();
        long start = last();
        int writers = 4;
        int batches = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean written = new AtomicBoolean();
        List<Long> seen = new ArrayList<>();
        long[] cursor = {start};
        try {
            List<CompletableFuture<Void>> all = IntStream.range(0, writers)
                    .mapToObj(w -> CompletableFuture.runAsync(() -> {
                        for (int b = 0; b < batches; b++) {
                            recorder.record(events(tag + "-" + w + "-" + b, 1 + (b % 7)));
                        }
                    }, pool)).toList();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenRun(() -> written.set(true));
            await("the reader has caught up with every writer").pollInterval(Duration.ofMillis(20))
                    .atMost(Duration.ofMinutes(2)).until(() -> {
                        boolean done = written.get();
                        List<LifeEvent> page;
                        do {
                            page = feed.after(cursor[0], 37);
                            page.forEach(e -> seen.add(e.seq()));
                            if (!page.isEmpty()) {
                                cursor[0] = page.get(page.size() - 1).seq();
                            }
                        } while (!page.isEmpty());
                        return done;
                    });
        } finally {
            pool.shutdownNow();
        }
        List<Long> stored = jdbc.sql("SELECT seq FROM life_event WHERE seq > :s ORDER BY seq").param("s", start)
                .query(Long.class).list();
        int expected = IntStream.range(0, batches).map(b -> 1 + (b % 7)).sum() * writers;
        assertThat(jdbc.sql("SELECT count(*) FROM life_event WHERE person_key LIKE :t").param("t", tag + "-%")
                .query(Long.class).single()).isEqualTo(expected);
        assertThat(seen).as("no event repeated, in number order").isSorted().doesNotHaveDuplicates();
        assertThat(seen).as("no event skipped").containsExactlyElementsOf(stored);
    }

    private long last() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM life_event").query(Long.class).single();
    }

    private static List<LifeEvents.NewEvent> events(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new LifeEvents.NewEvent(prefix + "-" + i, "job-loss",
                LocalDate.of(2026, 3, 10), "MANUAL", null, null, null, null, null, "feed-test", null)).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
