package jp.tsunagu.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * 読み取りレプリカ (read replica): where a read that may be a little behind the primary goes. With
 * {@code tsunagu.database.replica-url} set, such reads go to a streaming replica of the primary while it
 * is reachable, is a standby, and is no further behind than {@code tsunagu.database.replica-max-lag};
 * otherwise to the primary. They are the person search (its own pool, {@link #pool}) and whatever runs
 * inside {@link #read}: the person overview's records, the department list, the statistics. Everything
 * that writes or must be current (imports, the audit trail, logins, grants and break-glass, consultation
 * records) never asks here and uses the primary's pool.
 *
 * <p>{@link #read} needs no change in the code it runs: it binds a connection of the replica's pool to
 * the thread as the application's {@code DataSource}'s connection, exactly as a transaction binds one,
 * so that every {@code JdbcClient} and {@code @Transactional(readOnly = true)} method inside reads
 * there. A read already inside a transaction stays on that transaction's (the primary's) connection.
 *
 * <p>The replica's lag is looked at no more often than {@code replica-check-interval}, by one thread at
 * a time (the others keep the last answer meanwhile): the primary's WAL position now against the
 * position the replica has replayed. The lag is the time since the primary stood where the replica
 * stands now (from the positions seen at earlier looks); before there is such a look, the age of the
 * last transaction the replica replayed. A caught-up replica has no lag, however idle the primary.
 *
 * <p>Every read routed here is counted ({@code tsunagu.database.reads} by server) and every bypass
 * ({@code tsunagu.database.replica.bypassed} by reason: {@code lag}, {@code down}, {@code not-standby},
 * {@code conflict}); the lag is the gauge {@code tsunagu.database.replica.lag} (seconds). A change
 * between the replica and the primary is logged once, in Japanese.
 */
public final class ReadReplica implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadReplica.class);
    private static final long DOWN_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_SAMPLES = 512;

    /** Which server serves a read. */
    public enum Server {
        PRIMARY, REPLICA
    }

    /**
     * Where reads go now and why: {@code replica}, or the reason the replica is bypassed ({@code lag},
     * {@code down}, {@code not-standby}, {@code conflict}), or {@code no-replica} when none is set.
     */
    public record Route(Server server, String reason) {
        static final Route NO_REPLICA = new Route(Server.PRIMARY, "no-replica");
        static final Route REPLICA = new Route(Server.REPLICA, "replica");
    }

    /** The primary's WAL position at one look. */
    private record Sample(long nanos, long lsn) {
    }

    private final ReplicaProperties settings;
    private final DataSource primary;
    private final String username;
    private final String password;
    private final HikariDataSource probe;
    /** The replica's pool for {@link #read}. */
    private final HikariDataSource reads;
    /** Set while this thread runs a {@link #read}. */
    private final ThreadLocal<Boolean> reading = new ThreadLocal<>();
    private final MeterRegistry meters;
    private final ReentrantLock checking = new ReentrantLock();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<String, Counter> bypasses = new ConcurrentHashMap<>();
    private final Counter replicaReads;
    private final Counter primaryReads;
    private volatile Route current;
    private volatile long checkedAt;
    private volatile double lagSeconds = Double.NaN;

    ReadReplica(ReplicaProperties settings, DataSource primary, String username, String password,
            MeterRegistry meters) {
        this.settings = settings;
        this.primary = primary;
        this.username = has(settings.replicaUsername()) ? settings.replicaUsername() : username;
        this.password = has(settings.replicaPassword()) ? settings.replicaPassword() : password;
        this.meters = meters;
        if (!settings.configured()) {
            this.probe = null;
            this.reads = null;
            this.replicaReads = null;
            this.primaryReads = null;
            this.current = Route.NO_REPLICA;
            return;
        }
        this.probe = pool("tsunagu-replica-check", c -> c.setMaximumPoolSize(1)).orElseThrow();
        this.reads = pool("tsunagu-replica", c -> c.setMaximumPoolSize(settings.replicaConnections())).orElseThrow();
        this.replicaReads = Counter.builder("tsunagu.database.reads").tag("server", "replica")
                .description("読み取りレプリカに回せる読み取り: 応答したサーバー").register(meters);
        this.primaryReads = Counter.builder("tsunagu.database.reads").tag("server", "primary")
                .description("読み取りレプリカに回せる読み取り: 応答したサーバー").register(meters);
        Gauge.builder("tsunagu.database.replica.lag", this, r -> r.lagSeconds).baseUnit("seconds")
                .description("読み取りレプリカの遅れ (秒、不明なら NaN)").register(meters);
        this.current = Route.REPLICA;
        this.checkedAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
        log.info("読み取りレプリカを使います: {} (遅延の上限 {} 秒)", settings.replicaUrl(),
                settings.replicaMaxLag().toSeconds());
    }

    private static boolean has(String text) {
        return text != null && !text.isBlank();
    }

    /** Whether a replica is set at all. */
    public boolean configured() {
        return probe != null;
    }

    /**
     * A new connection pool on the replica, for a reader that keeps its own pool (the search): the
     * replica's URL and credentials, and timeouts short enough that a replica which is down or hangs
     * sends the read to the primary within seconds. Empty when no replica is set.
     */
    public Optional<HikariDataSource> pool(String name, Consumer<HikariConfig> customise) {
        if (!settings.configured()) {
            return Optional.empty();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.replicaUrl());
        config.setUsername(username);
        config.setPassword(password);
        config.setPoolName(name);
        config.setReadOnly(true);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        config.setMinimumIdle(0);
        // a replica that is down at start must not stop the application: reads go to the primary
        config.setInitializationFailTimeout(-1);
        Properties driver = new Properties();
        driver.setProperty("connectTimeout", "2");
        driver.setProperty("socketTimeout", "30");
        // staff's reads: no parallel workers (ConnectionNames.REQUEST_OPTIONS)
        driver.setProperty("options", ConnectionNames.REQUEST_OPTIONS);
        config.setDataSourceProperties(driver);
        customise.accept(config);
        return Optional.of(new HikariDataSource(config));
    }

    /**
     * Runs {@code work}, which only reads, on the replica when it is fit to serve, else on the primary;
     * counted as one read of the server that answered. Work the replica fails (down, shut down meanwhile,
     * a query cancelled by replay) runs again on the primary, so it must not write anything: the audit
     * row of what it read is written after it, outside. Without a replica, or inside a transaction, the
     * work simply runs.
     */
    public <T> T read(Supplier<T> work) {
        if (reads == null || reading.get() != null || TransactionSynchronizationManager.hasResource(primary)) {
            // a read inside a read is part of it: the same server, counted once
            return work.get();
        }
        reading.set(Boolean.TRUE);
        try {
            return routed(work);
        } finally {
            reading.remove();
        }
    }

    private <T> T routed(Supplier<T> work) {
        Route route = route();
        if (route.server() == Server.REPLICA) {
            Connection connection = null;
            try {
                connection = reads.getConnection();
            } catch (SQLException e) {
                route = bypass(e).orElseThrow(() -> new IllegalStateException(
                        "読み取りレプリカに接続できません: " + e.getMessage(), e));
            }
            if (connection != null) {
                TransactionSynchronizationManager.bindResource(primary, new ConnectionHolder(connection));
                try {
                    T result = work.get();
                    served(route);
                    return result;
                } catch (RuntimeException e) {
                    route = failed(e).orElseThrow(() -> e);
                } finally {
                    TransactionSynchronizationManager.unbindResource(primary);
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        // the pool drops a broken connection by itself
                    }
                }
            }
        }
        T result = work.get();
        served(route);
        return result;
    }

    /** {@link #read} for work without a result. */
    public void read(Runnable work) {
        read(() -> {
            work.run();
            return null;
        });
    }

    /** Where a read goes now; looks at the replica again when the last look is older than the interval. */
    public Route route() {
        if (probe == null) {
            return Route.NO_REPLICA;
        }
        long now = System.nanoTime();
        long interval = current.reason().equals("down") ? Math.max(DOWN_RECHECK_NANOS,
                settings.replicaCheckInterval().toNanos()) : settings.replicaCheckInterval().toNanos();
        if (now - checkedAt >= interval && checking.tryLock()) {
            try {
                if (now - checkedAt >= interval) {
                    change(check());
                    checkedAt = System.nanoTime();
                }
            } finally {
                checking.unlock();
            }
        }
        return current;
    }

    /** Counts a read as served by the route's server (and, on the primary, why the replica was bypassed). */
    public void served(Route route) {
        if (probe == null) {
            return;
        }
        if (route.server() == Server.REPLICA) {
            replicaReads.increment();
            return;
        }
        primaryReads.increment();
        bypasses.computeIfAbsent(route.reason(), reason -> Counter.builder("tsunagu.database.replica.bypassed")
                .tag("reason", reason).description("読み取りレプリカを迂回して主サーバーで応答した読み取り")
                .register(meters)).increment();
    }

    /**
     * A read on the replica failed because of the replica (down, shutting down, a query cancelled by
     * recovery): it is to be read again on the primary, and the replica is bypassed until the next look.
     *
     * @return the route to read again by, or empty when the failure is not the replica's (the caller
     *     rethrows it: a statement timeout or a bad statement fails on the primary too)
     */
    public Optional<Route> failed(RuntimeException e) {
        return bypass(e);
    }

    private Optional<Route> bypass(Exception e) {
        String reason = reasonOf(e);
        if (reason == null) {
            return Optional.empty();
        }
        Route bypass = new Route(Server.PRIMARY, reason);
        if (reason.equals("down")) {
            checking.lock();
            try {
                change(bypass);
                checkedAt = System.nanoTime();
                lagSeconds = Double.NaN;
            } finally {
                checking.unlock();
            }
        }
        return Optional.of(bypass);
    }

    /** {@code down} for a lost or refused connection, {@code conflict} for a query cancelled by replay. */
    private static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException) {
                return "down";
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return "down";
                }
                if (state.equals("40001")) {
                    return "conflict";
                }
            }
        }
        return null;
    }

    private void change(Route next) {
        Route before = current;
        current = next;
        if (before.equals(next)) {
            return;
        }
        switch (next.reason()) {
            case "replica" -> log.info("読み取りレプリカでの読み取りを再開しました (遅延 {} 秒)", shown(lagSeconds));
            case "lag" -> log.warn("読み取りレプリカの遅延が {} 秒で上限の {} 秒を超えたため、主サーバーで読み取ります",
                    shown(lagSeconds), settings.replicaMaxLag().toSeconds());
            case "not-standby" -> log.warn("読み取りレプリカ {} がスタンバイではない (昇格済みか別のサーバー) ため、主サーバーで読み取ります",
                    settings.replicaUrl());
            default -> log.warn("読み取りレプリカ {} に接続できないため、主サーバーで読み取ります", settings.replicaUrl());
        }
    }

    private static String shown(double seconds) {
        return Double.isNaN(seconds) ? "不明" : Double.isInfinite(seconds) ? "無限" : String.format("%.1f", seconds);
    }

    private Route check() {
        long primaryLsn;
        try (Connection c = primary.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_current_wal_lsn()::text");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            primaryLsn = lsn(rs.getString(1));
        } catch (SQLException e) {
            // the primary itself is failing: its own reads will say so
            log.warn("主サーバーのWAL位置を読めません: {}", e.getMessage());
            return new Route(Server.PRIMARY, "down");
        }
        long now = System.nanoTime();
        try (Connection c = probe.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
                        + "extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                lagSeconds = Double.NaN;
                return new Route(Server.PRIMARY, "not-standby");
            }
            String replayed = rs.getString(2);
            double replayAge = rs.getDouble(3);
            boolean replayAgeKnown = !rs.wasNull();
            lagSeconds = lag(now, primaryLsn, replayed == null ? -1 : lsn(replayed), replayAgeKnown ? replayAge : Double.NaN);
            return lagSeconds > settings.replicaMaxLag().toMillis() / 1000.0 || Double.isNaN(lagSeconds)
                    ? new Route(Server.PRIMARY, "lag") : Route.REPLICA;
        } catch (SQLException e) {
            lagSeconds = Double.NaN;
            return new Route(Server.PRIMARY, "down");
        }
    }

    /** The lag in seconds from the samples of the primary's position (see the class comment). */
    private double lag(long now, long primaryLsn, long replayed, double replayAge) {
        long keep = 2 * settings.replicaMaxLag().toNanos() + settings.replicaCheckInterval().toNanos();
        while (!samples.isEmpty() && (now - samples.peekFirst().nanos() > keep || samples.size() >= MAX_SAMPLES)) {
            samples.removeFirst();
        }
        samples.addLast(new Sample(now, primaryLsn));
        if (replayed >= primaryLsn) {
            return 0;
        }
        Sample reached = null;
        for (Sample s : samples) {
            if (s.lsn() <= replayed) {
                reached = s;
            }
        }
        if (reached != null) {
            return (now - reached.nanos()) / 1e9;
        }
        Sample oldest = samples.peekFirst();
        double atLeast = oldest.nanos() < now ? (now - oldest.nanos()) / 1e9 : 0;
        if (Double.isNaN(replayAge)) {
            return atLeast > 0 ? atLeast : Double.POSITIVE_INFINITY;
        }
        return Math.max(atLeast, replayAge);
    }

    /** A WAL position as PostgreSQL writes it ({@code 16/B374D848}) as one number. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
            reads.close();
        }
    }
}
