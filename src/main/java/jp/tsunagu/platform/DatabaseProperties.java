package jp.tsunagu.platform;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param walArchive the continuous WAL archive (WALアーカイブ) for point-in-time recovery: a folder into which the
 *     embedded server copies every finished WAL segment ({@code archive_mode=on}); unset, the default, means no
 *     archive. With it the server runs {@code wal_level=replica}, so every import writes its rows to the WAL too
 *     (docs/operations.md, "Backups", has the cost)
 * @param archiveTimeout with an archive: the longest time a segment stays open before it is archived
 *     ({@code archive_timeout}), so that a quiet hub still archives its last writes; default 5 minutes
 * @param sharedBuffersMib the server's buffer cache ({@code shared_buffers}) in MiB; unset (0), 256 MiB. A larger
 *     cache keeps more of a large city's pages, but each buffer's first use costs a page fault of the server's
 *     shared memory: on this project's machine a quarter of its memory (6 GiB) made the first index of 4,000,000
 *     residents 10 % slower and the first reads of each page several times slower (docs/operations.md)
 */
@Validated
@ConfigurationProperties("tsunagu.database")
public record DatabaseProperties(Path dataDir, boolean throwaway, boolean durable, int port, int walSenders,
        Path template, Path walArchive, Duration archiveTimeout, int sharedBuffersMib) {

    /** The embedded server's buffer cache when none is configured. */
    public static final int DEFAULT_SHARED_BUFFERS_MIB = 256;

    @ConstructorBinding
    public DatabaseProperties {
        if (dataDir == null) {
            dataDir = Path.of("tsunagu-data", "pg");
        }
        if (walSenders < 0) {
            throw new IllegalArgumentException("tsunagu.database.wal-senders は 0 以上にしてください: " + walSenders);
        }
        if (walArchive != null && walArchive.toString().isBlank()) {
            walArchive = null;
        }
        if (archiveTimeout == null) {
            archiveTimeout = Duration.ofMinutes(5);
        }
        if (archiveTimeout.isNegative() || archiveTimeout.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tsunagu.database.archive-timeout は 0 以上にしてください: " + archiveTimeout);
        }
        if (sharedBuffersMib == 0) {
            sharedBuffersMib = DEFAULT_SHARED_BUFFERS_MIB;
        }
        if (sharedBuffersMib < 16) {
            throw new IllegalArgumentException("tsunagu.database.shared-buffers-mib は 16 以上にしてください: "
                    + sharedBuffersMib);
        }
    }

    /** Without a WAL archive. */
    public DatabaseProperties(Path dataDir, boolean throwaway, boolean durable, int port, int walSenders,
            Path template) {
        this(dataDir, throwaway, durable, port, walSenders, template, null, null, 0);
    }

    /** Whether the server archives its WAL for point-in-time recovery. */
    public boolean archiving() {
        return walArchive != null;
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
