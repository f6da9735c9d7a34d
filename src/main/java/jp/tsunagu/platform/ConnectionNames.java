package jp.tsunagu.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

/**
 * Names the connections of one application context (接続の名前) by their {@code application_name}, so that its
 * stop ({@link ApplicationStop}) cancels its own running statements and nobody else's: not those of a
 * command-line import on the same database, nor those of another context of the same JVM (tests). Also moves
 * Spring's executors' lifecycle stop after the work was cancelled: by default they stop first of all and wait
 * the phase's whole timeout for a running task (a stop once took 30 s that way).
 */
class ConnectionNames implements BeanPostProcessor {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final String applicationName = "tsunagu " + ProcessHandle.current().pid() + "#" + CONTEXTS.incrementAndGet();

    String applicationName() {
        return applicationName;
    }

    /** For a pool that starts where it is made, before any post-processor sees it. */
    void name(com.zaxxer.hikari.HikariConfig config) {
        config.addDataSourceProperty("ApplicationName", applicationName);
    }

    /**
     * The server settings of the connections that serve staff's requests (利用者の要求の接続): no parallel workers.
     * A parallel plan starts server processes for one page; under the traffic of a whole office they take the
     * cores from the other requests, and a department list of a small program ordered by kana was ten to twenty
     * times slower with them (a Gather Merge over the kana index). Background work keeps them
     * ({@link BackgroundRoutingDataSource}).
     */
    static final String REQUEST_OPTIONS = "-c max_parallel_workers_per_gather=0";

    static void forRequests(com.zaxxer.hikari.HikariConfig config) {
        config.addDataSourceProperty("options", REQUEST_OPTIONS);
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof ExecutorConfigurationSupport executor) {
            executor.setPhase(ApplicationStop.EXECUTORS);
        } else if (bean instanceof HikariDataSource pool && !pool.isRunning()) {
            pool.addDataSourceProperty("ApplicationName", applicationName);
            if (!pool.getDataSourceProperties().containsKey("options")) {
                pool.addDataSourceProperty("options", REQUEST_OPTIONS);
            }
        }
        return bean;
    }
}
