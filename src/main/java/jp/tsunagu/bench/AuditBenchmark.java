package jp.tsunagu.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.audit.AuditVerification;
import org.springframework.stereotype.Component;

/**
 * {@code bench audit [--writers 8] [--appends 4000]}: chained, durable appends to the audit trail by
 * concurrent writers, against plain single-row INSERTs each committed on its own by the same number
 * of writers into an unchained table (the reference) in the same run.
 */
@Component
class AuditBenchmark implements Benchmark {

    private final AuditTrail trail;
    private final AuditVerification verification;
    private final DataSource dataSource;

    AuditBenchmark(AuditTrail trail, AuditVerification verification, DataSource dataSource) {
        this.trail = trail;
        this.verification = verification;
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int writers = (int) options.longValue("writers", 8);
        int appends = (int) options.longValue("appends", 4000);
        int runs = (int) options.longValue("runs", 3);
        System.out.printf(Locale.ROOT, "bench audit: %d writers, %,d appends per run, %d runs%n", writers, appends, runs);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bench_plain_insert (id bigserial PRIMARY KEY, actor text, detail text)");
        }
        long rowsBefore = verification.verify().checked();
        double[] plain = new double[runs];
        double[] chained = new double[runs];
        for (int r = 0; r < runs; r++) {
            plain[r] = measure(writers, appends, () -> {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement(
                                "INSERT INTO bench_plain_insert (actor, detail) VALUES (?, ?)")) {
                    ps.setString(1, "bench");
                    ps.setString(2, "{\"q\":\"やまざき S7\",\"results\":\"3\"}");
                    ps.executeUpdate();
                }
                return null;
            });
            chained[r] = measure(writers, appends, () -> trail.record(new AuditEvent("bench", AuditAction.SEARCH,
                    null, Map.of("q", "やまざき S7", "results", "3"), false)));
            System.out.printf(Locale.ROOT, "  run %d: plain INSERT+COMMIT %.0f/s, chained audit appends %.0f/s%n", r + 1,
                    plain[r], chained[r]);
        }
        AuditVerification.Result result = verification.verify();
        if (!result.intact()) {
            throw new IllegalStateException("chain broken after the benchmark: " + result.reason());
        }
        double rate = Stats.median(chained);
        double reference = Stats.median(plain);
        long expected = (long) runs * (appends / writers * writers);
        long appended = result.checked() - rowsBefore;
        long inserted;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM bench_plain_insert")) {
            rs.next();
            inserted = rs.getLong(1);
        }
        System.out.printf(Locale.ROOT, "  chain verified: %,d rows intact, %,d of them appended by this run; %,d plain "
                + "rows inserted (%,d expected of each)%n", result.checked(), appended, inserted, expected);
        System.out.printf(Locale.ROOT, "RESULT appends_per_s=%.0f plain_inserts_per_s=%.0f ratio=%.2f writers=%d "
                + "appended=%d plain_rows=%d%n", rate, reference, rate / reference, writers, appended, inserted);
        BenchCheckFailed.check(appended == expected, "the audit trail holds " + appended
                + " rows more than before the run, expected " + expected);
        BenchCheckFailed.check(inserted == expected, "the reference table holds " + inserted + " rows, expected "
                + expected);
        return 0;
    }

    private static double measure(int writers, int total, java.util.concurrent.Callable<Object> one) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < total / writers; i++) {
                        one.call();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return (total / writers * writers) / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
