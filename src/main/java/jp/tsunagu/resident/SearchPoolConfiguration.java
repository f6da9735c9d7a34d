package jp.tsunagu.resident;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The search pool (検索用接続プール): as many connections as the database can serve at once without
 * queueing inside it ({@code tsunagu.search.connections}, default twice the processors, at least 4),
 * so that a burst of searches waits its turn in the pool instead of crowding out imports and page
 * loads. Each connection rules out sequential scans of the person table once, when it opens: a LIMIT
 * without ORDER BY (a fragment tier, a count) tempts the planner into a sequential scan that hopes to
 * find matches early, and a search must never read the whole table. The connections are read-only.
 *
 * <p>Each search statement is planned once per connection (a generic plan, from its first use on) and kept
 * there.
 *
 * <p>Every statement on them is stopped after {@code tsunagu.search.statement-timeout} (default 5 s),
 * set when a connection opens like the settings above: a search that cannot be served by its indexes
 * in that time is answered with a message instead of holding a connection, and the turn of every
 * search queued behind it, for as long as it runs.
 *
 * <p>With a read replica ({@code tsunagu.database.replica-url}), a twin pool with the same size and
 * settings opens on the replica ({@link jp.tsunagu.platform.ReadReplica}); searches read there while it
 * is fit to serve.
 */
@Configuration(proxyBeanMethods = false)
class SearchPoolConfiguration {

    /** The driver's {@code prepareThreshold} on the search connections. */
    static final String PREPARE_THRESHOLD = "1";

    @Bean(destroyMethod = "close")
    SearchPool searchPool(DataSource dataSource, jp.tsunagu.platform.ReadReplica replica, @Value("${tsunagu.search.connections:0}") int size,
            @Value("${tsunagu.search.statement-timeout:5s}") Duration statementTimeout) throws java.sql.SQLException {
        if (statementTimeout.toMillis() < 1) {
            throw new IllegalStateException("tsunagu.search.statement-timeout は 1ms 以上にしてください: " + statementTimeout);
        }
        if (!dataSource.isWrapperFor(HikariDataSource.class)) {
            throw new IllegalStateException("検索用の接続プールを作れません: データソースが HikariCP ではありません ("
                    + dataSource.getClass().getName() + ")");
        }
        HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(main.getJdbcUrl());
        config.setUsername(main.getUsername());
        config.setPassword(main.getPassword());
        java.util.Properties driver = new java.util.Properties();
        driver.putAll(main.getDataSourceProperties());
        // a server-side prepared statement from the first use, not the fifth: each of a connection's first four
        // uses would plan the statement again (a search's generic plan takes milliseconds to make)
        driver.setProperty("prepareThreshold", PREPARE_THRESHOLD);
        config.setDataSourceProperties(driver);
        config.setPoolName(main.getPoolName() + "-search");
        int connections = size > 0 ? size : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.setConnectionInitSql(initSql(statementTimeout));
        config.setInitializationFailTimeout(-1);
        return new SearchPool(new HikariDataSource(config), replica.pool(main.getPoolName() + "-search-replica", c -> {
            c.setMaximumPoolSize(connections);
            c.addDataSourceProperty("prepareThreshold", PREPARE_THRESHOLD);
            c.setConnectionInitSql(initSql(statementTimeout));
        }), replica);
    }

    /**
     * Generic plans: a search's statement is planned once per connection, not at every call (the plans
     * are checked by SearchPlanTests under force_generic_plan). No parallel workers: a search reads a page
     * of rows through its indexes in about a millisecond, and a generic plan, costed from default estimates
     * (about 20,000 rows for each gram condition), chose a parallel one for two address terms with a year once
     * the address's grams of the year were among its conditions — the workers' start cost about 60 ms a search
     * at 4,000,000 residents, where the plan without them takes 1–3 ms.
     */
    private static String initSql(Duration statementTimeout) {
        return "SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan; "
                + "SET max_parallel_workers_per_gather = 0; "
                + "SET default_transaction_read_only = on; SET statement_timeout = " + statementTimeout.toMillis();
    }
}
