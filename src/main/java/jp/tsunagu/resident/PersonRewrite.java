package jp.tsunagu.resident;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A migration that writes the table {@code person} again (宛名索引の書き直し): its statements in one transaction
 * (a stop before its end changes nothing, and the migration runs again at the next start), then {@code VACUUM}
 * outside it, so that the index-only scans need not read the table. The log says beforehand how many persons and
 * about how many minutes it will take, since the application does not start meanwhile, and afterwards how long it took.
 *
 * @param doing what the log says at the start (「…しています」)
 * @param done what the log says at the end (「…しました」)
 * @param secondsPerMillion the seconds a million persons took on this project's 2-core machine
 */
record PersonRewrite(String doing, String done, double secondsPerMillion) {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PersonRewrite.class);

    /** The minutes the rewrite of {@code persons} is expected to take, at least 1. */
    long expectedMinutes(long persons) {
        return Math.max(1, Math.round(persons / 1e6 * secondsPerMillion / 60));
    }

    /**
     * Runs the statements in one transaction on a connection in autocommit (a Flyway migration that does not run in
     * a transaction gets one), then vacuums the table.
     */
    void run(Connection connection, FirstIndex.Statements statements) throws SQLException {
        long started = System.nanoTime();
        long persons;
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM person")) {
            rs.next();
            persons = rs.getLong(1);
        }
        if (persons > 0) {
            log.info("{}: {} 人 (表と索引を作り直します。約 {} 分の見込みで、その間は起動しません)", doing,
                    String.format(Locale.ROOT, "%,d", persons), expectedMinutes(persons));
        }
        FirstIndex.inTransaction(connection, statements);
        try (Statement st = connection.createStatement()) {
            st.execute("VACUUM person");
        }
        if (persons > 0) {
            log.info("{}: {} 人、{} 秒", done, String.format(Locale.ROOT, "%,d", persons),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        }
    }
}
