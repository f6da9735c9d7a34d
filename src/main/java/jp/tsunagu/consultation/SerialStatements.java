package jp.tsunagu.consultation;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Statements without parallel workers (並列ワーカーなし): the board's and the search's statements read a few
 * thousand rows at most, but PostgreSQL may still plan a Gather over them, and starting its workers cost more than
 * the whole statement (the board at 1,000,000 residents: the workers' part 4 ms, the Gather's first row after
 * 61 ms; a search window before its index had statistics: 40–57 ms for a statement under one), the more so when
 * several requests share the cores. The work runs in a transaction of its own with
 * {@code SET LOCAL max_parallel_workers_per_gather = 0}.
 */
@Component
class SerialStatements {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    SerialStatements(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    <T> T run(Supplier<T> work) {
        return transaction.execute(status -> {
            jdbc.sql("SET LOCAL max_parallel_workers_per_gather = 0").update();
            return work.get();
        });
    }
}
