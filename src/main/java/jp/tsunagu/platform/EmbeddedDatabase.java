package jp.tsunagu.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL (組込みデータベース): real PostgreSQL binaries from Maven Central, data in a
 * folder that survives restarts.
 *
 * <p>Three cases on start: the folder is free → start a server on it; another live Tsunagu process
 * runs the server (its lock is held) → attach to that server, so that the CLI can import while the
 * web application runs; a server was left running by a process that died ({@code kill -9}) → stop
 * it, then start our own. One server per folder per JVM, shared by every Spring context.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Map<Path, EmbeddedDatabase> RUNNING = new ConcurrentHashMap<>();

    private final Path dataDir;
    private final int port;
    private final EmbeddedPostgres owned;

    private EmbeddedDatabase(Path dataDir, int port, EmbeddedPostgres owned) {
        this.dataDir = dataDir;
        this.port = port;
        this.owned = owned;
    }

    /** Starts or attaches to the server on the configured folder (idempotent within one JVM). */
    public static EmbeddedDatabase start(DatabaseProperties properties) {
        Path dir = properties.dataDir().toAbsolutePath().normalize();
        return RUNNING.computeIfAbsent(dir, d -> open(d, properties));
    }

    private static EmbeddedDatabase open(Path dir, DatabaseProperties properties) {
        try {
            Files.createDirectories(dir);
            Optional<Integer> livePort = serverOwnedByAnotherProcess(dir);
            if (livePort.isPresent()) {
                log.info("組込みPostgreSQLは別のプロセスで稼働中のため接続します (port {})", livePort.get());
                return new EmbeddedDatabase(dir, livePort.get(), null);
            }
            stopLeftoverServer(dir);
            if (properties.throwaway()) {
                deleteRecursively(dir);
                Files.createDirectories(dir);
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(properties.throwaway())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "120")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "16MB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    // no replicas of the embedded server: a table created and loaded in one
                    // transaction (an import's first snapshot) then needs no WAL
                    .setServerConfig("wal_level", "minimal")
                    .setServerConfig("max_wal_senders", "0")
                    .setServerConfig("fsync", properties.durable() ? "on" : "off")
                    .setServerConfig("synchronous_commit", properties.durable() ? "on" : "off")
                    .setServerConfig("full_page_writes", properties.durable() ? "on" : "off");
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            EmbeddedPostgres pg = builder.start();
            log.info("組込みPostgreSQLを起動しました: {} (port {})", dir, pg.getPort());
            return new EmbeddedDatabase(dir, pg.getPort(), pg);
        } catch (IOException e) {
            throw new UncheckedIOException("組込みPostgreSQLを起動できません: " + dir, e);
        }
    }

    /** The port of a server whose folder lock is held by another live process, if any. */
    private static Optional<Integer> serverOwnedByAnotherProcess(Path dir) throws IOException {
        Path lockFile = dir.resolve("epg-lock");
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(lockFile) || !Files.exists(pidFile)) {
            return Optional.empty();
        }
        try (RandomAccessFile raf = new RandomAccessFile(lockFile.toFile(), "rw");
                FileLock lock = raf.getChannel().tryLock()) {
            if (lock != null) {
                return Optional.empty();
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
    }

    /** A server left by a process that was killed holds the folder: stop it before starting again. */
    private static void stopLeftoverServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return;
        }
        log.warn("前回の異常終了で残ったPostgreSQL (pid {}) を停止します", pid);
        process.get().destroy();
        try {
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A plain connection, outside any pool (for tools and tests). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** The server stays up for the JVM's life; the zonky shutdown hook stops the one we own. */
    @Override
    public void close() {
        // shared per JVM: stopping here would break other contexts using the same folder
    }

    boolean owns() {
        return owned != null;
    }
}
