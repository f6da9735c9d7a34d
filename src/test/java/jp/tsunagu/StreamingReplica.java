package jp.tsunagu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import jp.tsunagu.platform.DataFolderCopy;
import jp.tsunagu.platform.EmbeddedDatabase;

/**
 * Test fixture: a real streaming replica (hot standby) of a test's embedded primary, in a folder of its
 * own, run by the same PostgreSQL binaries as the primary.
 *
 * <p>The base backup is taken with PostgreSQL's low-level backup API ({@code pg_backup_start}, a copy
 * of the data folder, {@code pg_backup_stop} and its {@code backup_label}) because the embedded
 * binaries ship without {@code pg_basebackup}, and Debian's (15) refuses a newer server; the copy is the one
 * {@code backup --base} makes ({@link DataFolderCopy}). The replica
 * streams from the primary through a physical replication slot created before the copy, so no WAL it
 * needs is recycled; {@code standby.signal} and {@code primary_conninfo} make it a standby. The
 * primary must run with {@code tsunagu.database.wal-senders} above 0.
 */
public final class StreamingReplica implements AutoCloseable {

    private final EmbeddedDatabase primary;
    private final Path dir;
    private final int port;
    private final Path binaries;
    private final String slot;
    private Thread stopAtExit;
    private Process server;

    private StreamingReplica(EmbeddedDatabase primary, Path dir, int port, Path binaries, String slot) {
        this.primary = primary;
        this.dir = dir;
        this.port = port;
        this.binaries = binaries;
        this.slot = slot;
    }

    /** Makes a replica of the primary in {@code dir} (emptied first) and starts it. */
    public static StreamingReplica of(EmbeddedDatabase primary, Path dir) {
        try {
            Path folder = dir.toAbsolutePath().normalize();
            deleteRecursively(folder);
            Files.createDirectories(folder.getParent());
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String slot = "tsunagu_test_" + ProcessHandle.current().pid();
            StreamingReplica replica = new StreamingReplica(primary, folder, freePort(), binariesOf(primary), slot);
            replica.baseBackup();
            replica.start();
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("レプリカを作れません: " + e.getMessage(), e);
        }
    }

    /** The folder of {@code postgres} and {@code pg_ctl} that run the primary. */
    private static Path binariesOf(EmbeddedDatabase primary) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(primary.dataDir().resolve("postmaster.pid")).get(0).trim());
        String command = ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .orElseThrow(() -> new IllegalStateException("組込みPostgreSQLの実行ファイルが分かりません (pid " + pid + ")"));
        return Path.of(command).getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void baseBackup() throws SQLException, IOException {
        try (Connection c = primary.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
            st.execute("SELECT pg_backup_start('tsunagu-test-replica', true)");
            DataFolderCopy.copy(primary.dataDir(), dir);
            try (ResultSet rs = st.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(dir.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
                String map = rs.getString(2);
                if (map != null && !map.isEmpty()) {
                    Files.writeString(dir.resolve("tablespace_map"), map, StandardCharsets.UTF_8);
                }
            }
        }
        Files.writeString(dir.resolve("standby.signal"), "");
        Files.writeString(dir.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=localhost port=" + primary.port()
                + " user=postgres password=" + primary.password() + " application_name=tsunagu_test_replica'\n"
                + "primary_slot_name = '" + slot + "'\nhot_standby = on\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Starts the replica (again) and waits until it accepts connections. PostgreSQL refuses to run as
     * root; the tests run as root in CI, so there the server runs in a user namespace of its own
     * ({@code unshare -U}, as the embedded primary does), where it is no longer root but still owns its
     * folder.
     */
    public synchronized void start() {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binaries.resolve("postgres").toString(), "-D", dir.toString(), "-p",
                Integer.toString(port), "-c", "listen_addresses=localhost", "-c", "max_connections=120",
                "-c", "max_wal_senders=10", "-c", "shared_buffers=64MB", "-c", "fsync=off", "-c", "wal_level=replica",
                "-c", "max_standby_streaming_delay=5s", "-c", "hot_standby=on"));
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("replica.log").toFile())).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                try (Connection c = connect()) {
                    break;
                } catch (SQLException notYet) {
                    // 57P03 while it starts up and replays to a consistent state, or refused before it listens
                    if (!server.isAlive() || System.nanoTime() > deadline) {
                        server.destroyForcibly();
                        throw new IllegalStateException("レプリカが起動しません: " + notYet.getMessage() + "\n"
                                + tail(dir.resolve("replica.log")));
                    }
                    server.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (stopAtExit == null) {
            stopAtExit = new Thread(this::stop);
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }
    }

    /**
     * Stops the replica by a fast shutdown (SIGINT: open connections are ended, as {@code pg_ctl -m fast}
     * does) and waits until it is down.
     */
    public synchronized void stop() {
        if (server == null || !server.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start();
            kill.waitFor(30, TimeUnit.SECONDS);
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean running() {
        return server != null && server.isAlive();
    }

    /** The replica's URL, without the password (the primary's, given by the application's settings). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /** A plain connection to the replica, as the primary's superuser. */
    public Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        credentials.setProperty("password", primary.password());
        return DriverManager.getConnection(jdbcUrl(), credentials);
    }

    /** Holds back the replay of the WAL received (the replica then falls behind the primary). */
    public void pauseReplay() {
        run("SELECT pg_wal_replay_pause()");
    }

    /**
     * Lets the replica replay again. The replay that resumes may cancel the very session that resumed it
     * (a conflict with recovery, SQLSTATE 40001): the replay then runs, which is looked at afresh.
     */
    public void resumeReplay() {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_wal_replay_resume()");
        } catch (SQLException e) {
            if (!"40001".equals(e.getSQLState())) {
                throw new IllegalStateException("SELECT pg_wal_replay_resume(): " + e.getMessage(), e);
            }
            try (Connection c = connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
                rs.next();
                if (!"not paused".equals(rs.getString(1))) {
                    throw new IllegalStateException("レプリカの再生が再開しません: " + rs.getString(1), e);
                }
            } catch (SQLException again) {
                throw new IllegalStateException("SELECT pg_get_wal_replay_pause_state(): " + again.getMessage(), again);
            }
        }
    }

    private void run(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Stops the replica, drops its slot on the primary (which would otherwise keep WAL for it) and its folder. */
    @Override
    public void close() throws IOException {
        stop();
        try (Connection c = primary.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("レプリケーションスロットを削除できません: " + e.getMessage(), e);
        }
        if (stopAtExit != null) {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
