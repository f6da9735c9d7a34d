package jp.tsunagu.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts (or attaches to) the embedded PostgreSQL when the operator has not named a database with
 * {@code spring.datasource.url}. The pool logs in with the password stored beside the data folder, also
 * when the command line attaches to the server of the running web application.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DatabaseProperties.class, BackgroundSettings.class})
class EmbeddedDatabaseConfiguration {

    @Bean
    @Conditional(NoDatasourceUrl.class)
    EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
        return EmbeddedDatabase.start(properties);
    }

    @Bean
    @Conditional(NoDatasourceUrl.class)
    DataSource dataSource(EmbeddedDatabase database, ConnectionNames names, BackgroundSettings background) {
        HikariDataSource main = pool(database, names, "tsunagu", 20, 20, true);
        // imports, listeners, statistics: a pool of their own, with parallel workers, its server processes at the
        // background's priority (BackgroundPriority)
        HikariDataSource lowered = pool(database, names, "tsunagu-background", background.connections(), 0, false);
        return new BackgroundRoutingDataSource(main, lowered, database.dataDir());
    }

    private static HikariDataSource pool(EmbeddedDatabase database, ConnectionNames names, String name, int size,
            int idle, boolean requests) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername("postgres");
        config.setPassword(database.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(idle);
        if (idle == 0) {
            // opened when background work runs and closed soon after: between imports it holds no server process
            // (a server has max_connections for all of them)
            config.setIdleTimeout(java.time.Duration.ofSeconds(30).toMillis());
        }
        config.setPoolName(name);
        // the pool starts here, before any post-processor could name it: the stop finds its statements by this
        names.name(config);
        if (requests) {
            ConnectionNames.forRequests(config);
        }
        return new HikariDataSource(config);
    }

    static class NoDatasourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
