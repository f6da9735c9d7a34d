package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@TsunaguTest
class ApplicationStartsTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void runsOnRealPostgresqlWithMigrationsApplied() {
        String version = jdbc.sql("SHOW server_version").query(String.class).single();
        assertThat(version).startsWith("17.");
        assertThat(jdbc.sql("SELECT role FROM staff_account WHERE username = 'admin'").query(String.class).single())
                .as("the bootstrap administrator").isEqualTo("ADMIN");
    }
}
