package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import jp.tsunagu.ExternalPostgres;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code external-postgres} profile's tests really run on the external server that {@code .ci/run}
 * starts (Debian's PostgreSQL 15), not on the embedded one: the application's connections reach that
 * server's port and version, no embedded server was started, and the schema was migrated there by a
 * role that is not a superuser. Runs only in that profile (tag {@code external-postgres}).
 */
@Tag("external-postgres")
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-external")
class ExternalPostgresTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;

    @Test
    void theApplicationRunsOnTheExternalServer() {
        assertThat(ExternalPostgres.active()).as("-Dtsunagu.test.external-url is given").isTrue();
        URI server = URI.create(System.getProperty(ExternalPostgres.URL).substring("jdbc:".length()));
        assertThat(jdbc.sql("SELECT inet_server_port()").query(Integer.class).single()).isEqualTo(server.getPort());
        assertThat(jdbc.sql("SELECT current_setting('server_version_num')::int / 10000").query(Integer.class).single())
                .isEqualTo(Integer.parseInt(System.getProperty("tsunagu.test.external-major", "15")));
        assertThat(jdbc.sql("SELECT current_database()").query(String.class).single()).isEqualTo("tsunagu_test_pg_external");
        assertThat(context.getBeanNamesForType(EmbeddedDatabase.class)).as("no embedded server").isEmpty();
    }

    @Test
    void theSchemaIsMigratedByARoleThatIsNotASuperuser() {
        assertThat(jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").query(Boolean.class).single())
                .isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE NOT success").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'person'").query(String.class).single())
                .isEqualTo(jdbc.sql("SELECT current_user").query(String.class).single());
    }
}
