package jp.tsunagu.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The embedded server's connections, in two pools (背景処理用の接続): staff's requests get theirs from the main
 * pool; a background thread ({@link BackgroundPriority#isBackground()}) from a pool of its own, whose server
 * processes run at the background's nice value, so that an import's comparison or a statistics refresh in
 * PostgreSQL yields the cores to a search as the Java side of it does. A server process's priority can be
 * raised but not lowered back without privilege: its connections never serve a request.
 *
 * <p>Only server processes of this data folder's postmaster are touched (their parent is checked), never
 * another program that happens to have the same number.
 *
 * <p>Everything else — {@code unwrap} to the Hikari pool, its settings — answers for the main pool, as before.
 */
class BackgroundRoutingDataSource extends DelegatingDataSource implements AutoCloseable {

    private final HikariDataSource main;
    private final HikariDataSource background;
    private final Path dataDir;

    BackgroundRoutingDataSource(HikariDataSource main, HikariDataSource background, Path dataDir) {
        super(main);
        this.main = main;
        this.background = background;
        this.dataDir = dataDir;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!BackgroundPriority.isBackground()) {
            return main.getConnection();
        }
        Connection connection = background.getConnection();
        if (BackgroundPriority.nice() > 0) {
            lower(connection);
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /** The pool of background connections (for checks and the metrics). */
    HikariDataSource background() {
        return background;
    }

    /** Each time (a few system calls): a number once lowered may since be another server process's. */
    private void lower(Connection connection) throws SQLException {
        int pid = connection.unwrap(PGConnection.class).getBackendPID();
        if (servedByThisServer(pid)) {
            BackgroundPriority.lower(pid, BackgroundPriority.nice());
        }
    }

    private boolean servedByThisServer(int pid) {
        Optional<Long> postmaster = postmasterPid();
        return postmaster.isPresent() && ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid).filter(postmaster.get()::equals).isPresent();
    }

    private Optional<Long> postmasterPid() {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        background.close();
        main.close();
    }
}
