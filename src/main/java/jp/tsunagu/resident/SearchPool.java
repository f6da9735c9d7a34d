package jp.tsunagu.resident;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import jp.tsunagu.platform.ReadReplica;
import org.springframework.dao.DataAccessException;

/**
 * 検索用接続: the search's own small pool of read-only connections ({@link SearchPoolConfiguration}),
 * with the turns searches take in arrival order and the template that checks each statement's budget.
 * With a read replica set, a second pool of the same connections on the replica: each search goes
 * where {@link ReadReplica#route()} says, and one the replica fails (down, cancelled by replay) is run
 * again on the primary.
 */
final class SearchPool implements AutoCloseable {

    private final HikariDataSource connections;
    private final HikariDataSource replicaConnections;
    private final SearchBudget.Template replicaJdbc;
    private final ReadReplica replica;
    /**
     * Searches take their turn in arrival order: the pool alone hands a returned connection to
     * whichever thread asks first, often the one that just returned it, and a burst of searches
     * would then see some wait many turns.
     */
    private final Semaphore turns;
    private final SearchBudget.Template jdbc;

    SearchPool(HikariDataSource connections, Optional<HikariDataSource> replicaConnections, ReadReplica replica) {
        this.connections = connections;
        this.turns = new Semaphore(connections.getMaximumPoolSize(), true);
        this.jdbc = new SearchBudget.Template(connections);
        this.replicaConnections = replicaConnections.orElse(null);
        this.replicaJdbc = replicaConnections.map(SearchBudget.Template::new).orElse(null);
        this.replica = replica;
    }

    SearchBudget.Template jdbc() {
        return jdbc;
    }

    /**
     * Runs the work in one turn, on the replica when one is set and fit to serve, else on the primary;
     * a statement stopped by the statement timeout (SQLSTATE 57014) comes out as a
     * {@link SearchTimedOutException}.
     */
    <T> T inTurn(Function<SearchBudget.Template, T> work) {
        turns.acquireUninterruptibly();
        try {
            ReadReplica.Route route = replica.route();
            if (route.server() == ReadReplica.Server.REPLICA && replicaJdbc != null) {
                try {
                    T result = work.apply(replicaJdbc);
                    replica.served(route);
                    return result;
                } catch (DataAccessException e) {
                    route = replica.failed(e).orElseThrow(() -> timedOutOr(e));
                }
            }
            T result = work.apply(jdbc);
            replica.served(route);
            return result;
        } catch (DataAccessException e) {
            throw timedOutOr(e);
        } finally {
            turns.release();
        }
    }

    private static RuntimeException timedOutOr(DataAccessException e) {
        return e.getMostSpecificCause() instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())
                ? new SearchTimedOutException(e) : e;
    }

    /** A setting as the search connections have it ({@code SHOW}), for the tests. */
    String setting(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException(name);
        }
        return jdbc.getJdbcTemplate().queryForObject("SHOW " + name, String.class);
    }

    /** The driver's prepare threshold on a search connection, for the tests. */
    int prepareThreshold() {
        return jdbc.getJdbcTemplate().execute((org.springframework.jdbc.core.ConnectionCallback<Integer>) c ->
                c.unwrap(org.postgresql.PGConnection.class).getPrepareThreshold());
    }

    @Override
    public void close() {
        connections.close();
        if (replicaConnections != null) {
            replicaConnections.close();
        }
    }
}
