package jp.tsunagu.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded PostgreSQL used when no {@code spring.datasource.url} is given.
 *
 * @param dataDir where the database files live; survives restarts
 * @param throwaway delete the folder when the process ends (tests and benchmarks)
 * @param durable fsync and synchronous commit on (off only for tests and benchmarks)
 * @param port fixed port, or 0 to pick a free one
 * @param walSenders streaming replicas the embedded server may feed ({@code max_wal_senders}); 0, the
 *     default, keeps {@code wal_level=minimal}, under which a first import's new tables write no WAL.
 *     Above 0 the server runs {@code wal_level=replica} so that a replica ({@link ReadReplica}) can
 *     be made from it, and every import writes its rows to the WAL too.
 * @param template for throwaway folders only (the tests): a folder where the first new cluster of the JVM is kept
 *     right after {@code initdb}, and copied from for the next ones instead of running {@code initdb} again (a
 *     third of a second against one to three: the test suite starts about 80 servers); unset, every new folder
 *     runs {@code initdb}
 */
@Validated
@ConfigurationProperties("tsunagu.database")
public record DatabaseProperties(Path dataDir, boolean throwaway, boolean durable, int port, int walSenders,
        Path template) {

    @ConstructorBinding
    public DatabaseProperties {
        if (dataDir == null) {
            dataDir = Path.of("tsunagu-data", "pg");
        }
        if (walSenders < 0) {
            throw new IllegalArgumentException("tsunagu.database.wal-senders は 0 以上にしてください: " + walSenders);
        }
    }

    /** Without replicas (the default). */
    public DatabaseProperties(Path dataDir, boolean throwaway, boolean durable, int port) {
        this(dataDir, throwaway, durable, port, 0);
    }

    /** Without a template: every new folder runs {@code initdb}. */
    public DatabaseProperties(Path dataDir, boolean throwaway, boolean durable, int port, int walSenders) {
        this(dataDir, throwaway, durable, port, walSenders, null);
    }
}
