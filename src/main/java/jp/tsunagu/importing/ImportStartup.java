package jp.tsunagu.importing;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up: read and register the source definitions (refusing to start on an error), and clean
 * up after imports that a crash interrupted.
 */
@Component
@Order(10)
class ImportStartup implements ApplicationRunner {

    private final SourceCatalog catalog;
    private final ImportRuns runs;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ImportStartup(SourceCatalog catalog, ImportRuns runs, JdbcClient jdbc, TransactionTemplate transactions) {
        this.catalog = catalog;
        this.runs = runs;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        catalog.loadConfiguredFolder();
        var running = jdbc.sql("SELECT DISTINCT source_id FROM import_run WHERE status = 'RUNNING'")
                .query(String.class).list();
        for (String sourceId : running) {
            // a transaction-level lock: held on this transaction's connection until it ends
            transactions.executeWithoutResult(status -> {
                boolean free = jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(:k, 0))")
                        .param("k", "import:" + sourceId).query(Boolean.class).single();
                if (free) {
                    runs.failAbandonedRuns(sourceId);
                }
            });
        }
    }
}
