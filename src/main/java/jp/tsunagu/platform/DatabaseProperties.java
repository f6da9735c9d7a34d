package jp.tsunagu.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded PostgreSQL used when no {@code spring.datasource.url} is given.
 *
 * @param dataDir where the database files live; survives restarts
 * @param throwaway delete the folder when the process ends (tests and benchmarks)
 * @param durable fsync and synchronous commit on (off only for tests and benchmarks)
 * @param port fixed port, or 0 to pick a free one
 */
@Validated
@ConfigurationProperties("tsunagu.database")
public record DatabaseProperties(Path dataDir, boolean throwaway, boolean durable, int port) {

    public DatabaseProperties {
        if (dataDir == null) {
            dataDir = Path.of("tsunagu-data", "pg");
        }
    }
}
