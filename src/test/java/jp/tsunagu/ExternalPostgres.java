package jp.tsunagu;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the tests on an external PostgreSQL server (外部PostgreSQL) instead of the embedded one, when the
 * test JVM is given {@code tsunagu.test.external-url} (the {@code external-postgres} Maven profile does):
 * each application context gets a fresh database of its own on that server, named after the data folder
 * its test class sets ({@code target/test-pg-search} → {@code tsunagu_test_pg_search}), so that test
 * classes stay as independent as with a folder each; the application then connects by
 * {@code spring.datasource.url} exactly as an operator's does (docs/operations.md).
 *
 * <p>The role given needs {@code CREATEDB} only, not superuser: the database is created with that role
 * as its owner, as the documented set-up asks of a city's database administrator.
 */
public final class ExternalPostgres implements EnvironmentPostProcessor, Ordered {

    /** The server's JDBC URL without a database (e.g. {@code jdbc:postgresql://localhost:5433/}). */
    public static final String URL = "tsunagu.test.external-url";
    public static final String USER = "tsunagu.test.external-user";
    public static final String PASSWORD = "tsunagu.test.external-password";

    /** Whether this test JVM runs on the external server. */
    public static boolean active() {
        String url = System.getProperty(URL);
        return url != null && !url.isBlank();
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!active() || environment.getProperty("tsunagu.database.data-dir") == null) {
            return;
        }
        String base = System.getProperty(URL).endsWith("/") ? System.getProperty(URL) : System.getProperty(URL) + "/";
        String name = "tsunagu_" + environment.getProperty("tsunagu.database.data-dir")
                .replaceAll(".*/", "").replaceAll("[^A-Za-z0-9]", "_").toLowerCase(java.util.Locale.ROOT);
        String user = System.getProperty(USER, "tsunagu");
        String password = System.getProperty(PASSWORD, "");
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(base + "postgres", credentials);
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("外部PostgreSQLに試験用データベース " + name + " を作れません (" + base + "): "
                    + e.getMessage(), e);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("external-postgres", Map.of(
                "spring.datasource.url", base + name,
                "spring.datasource.username", user,
                "spring.datasource.password", password)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
