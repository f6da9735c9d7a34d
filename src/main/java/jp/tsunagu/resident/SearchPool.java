package jp.tsunagu.resident;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * 検索用接続: the search's own small pool of read-only connections ({@link SearchPoolConfiguration}),
 * with the turns searches take in arrival order and the template that checks each statement's budget.
 */
final class SearchPool implements AutoCloseable {

    private final HikariDataSource connections;
    /**
     * Searches take their turn in arrival order: the pool alone hands a returned connection to
     * whichever thread asks first, often the one that just returned it, and a burst of searches
     * would then see some wait many turns.
     */
    private final Semaphore turns;
    private final SearchBudget.Template jdbc;

    SearchPool(HikariDataSource connections) {
        this.connections = connections;
        this.turns = new Semaphore(connections.getMaximumPoolSize(), true);
        this.jdbc = new SearchBudget.Template(connections);
    }

    SearchBudget.Template jdbc() {
        return jdbc;
    }

    /**
     * Runs the work in one turn; a statement stopped by the statement timeout (SQLSTATE 57014) comes
     * out as a {@link SearchTimedOutException}.
     */
    <T> T inTurn(Supplier<T> work) {
        turns.acquireUninterruptibly();
        try {
            return work.get();
        } catch (org.springframework.dao.DataAccessException e) {
            throw e.getMostSpecificCause() instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())
                    ? new SearchTimedOutException(e) : e;
        } finally {
            turns.release();
        }
    }

    /** A setting as the search connections have it ({@code SHOW}), for the tests. */
    String setting(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException(name);
        }
        return jdbc.getJdbcTemplate().queryForObject("SHOW " + name, String.class);
    }

    @Override
    public void close() {
        connections.close();
    }
}
