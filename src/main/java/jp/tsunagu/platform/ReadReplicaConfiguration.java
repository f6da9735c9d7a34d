package jp.tsunagu.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read replica ({@link ReadReplica}), on the primary's credentials unless the replica has its own;
 * without {@code tsunagu.database.replica-url} every read goes to the primary.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaProperties.class)
class ReadReplicaConfiguration {

    @Bean(destroyMethod = "close")
    ReadReplica readReplica(ReplicaProperties settings, DataSource dataSource, ObjectProvider<MeterRegistry> meters)
            throws SQLException {
        String username = null;
        String password = null;
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
            username = main.getUsername();
            password = main.getPassword();
        }
        return new ReadReplica(settings, dataSource, username, password, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
