package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The audit trail is append-only and hash-chained: concurrent appends form one unbroken chain,
 * and changing one byte of one row makes {@code audit verify} fail naming that row.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-audit")
@DirtiesContext
class AuditTrailTests {

    @Autowired
    AuditTrail trail;
    @Autowired
    AuditVerification verification;
    @Autowired
    AuditCommand command;
    @Autowired
    JdbcClient jdbc;

    @Test
    void concurrentAppendsFormOneChainAndOneChangedByteIsFoundAtItsRow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> seqs = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            seqs.add(pool.submit(() -> trail.record(new AuditEvent("kaigo", AuditAction.SEARCH, null,
                    Map.of("q", "やまざき S7", "results", Integer.toString(n)), false))));
        }
        for (Future<Long> f : seqs) {
            assertThat(f.get()).isPositive();
        }
        pool.shutdown();
        long victim = trail.record(new AuditEvent("kaigo", AuditAction.VIEW_PERSON, "0000100002",
                Map.of("sections", "header,programs"), true));

        AuditVerification.Result intact = verification.verify();
        assertThat(intact.intact()).as(intact.reason()).isTrue();
        assertThat(intact.checked()).isGreaterThanOrEqualTo(401);
        assertThat(run()).isZero();

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET actor = 'x' WHERE seq = 1").update())
                .hasMessageContaining("追記のみ");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event WHERE seq = 1").update())
                .hasMessageContaining("追記のみ");

        jdbc.sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update").update();
        jdbc.sql("UPDATE audit_event SET detail = replace(detail, 'header', 'heaaer') WHERE seq = :s")
                .param("s", victim).update();
        jdbc.sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update").update();

        AuditVerification.Result broken = verification.verify();
        assertThat(broken.firstBroken()).contains(victim);
        assertThat(run()).isEqualTo(AuditCommand.EXIT_BROKEN);
        assertThat(output).contains("行 " + victim + " で改ざんを検出しました");
    }

    private String output;

    private int run() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return command.run(List.of("verify"));
        } finally {
            System.setOut(original);
            output = out.toString(StandardCharsets.UTF_8);
        }
    }
}
