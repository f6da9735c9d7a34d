package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** With {@code tsunagu.audit.checkpoint-interval} set, the head is checkpointed by itself as entries arrive. */
@TsunaguTest
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-audit-checkpoints",
        "tsunagu.audit.checkpoint-interval=200ms"})
@DirtiesContext
class AuditCheckpointScheduleTests {

    @Autowired
    AuditTrail trail;
    @Autowired
    AuditVerification verification;
    @Autowired
    CheckpointFile file;
    @Autowired
    AuditKeys keys;
    @Autowired
    JdbcClient jdbc;

    @Test
    void checkpointsFollowTheHeadAtTheConfiguredInterval() throws Exception {
        long first = trail.record(new AuditEvent("kaigo-1", AuditAction.SEARCH, null, Map.of("q", "やまだ"), false));
        await().atMost(Duration.ofSeconds(30)).until(() -> latest() >= first);

        long second = trail.record(new AuditEvent("kaigo-1", AuditAction.VIEW_PERSON, "0000100002", Map.of(), false));
        await().atMost(Duration.ofSeconds(30)).until(() -> latest() >= second);

        List<Checkpoint> written = file.read().checkpoints();
        assertThat(file.read().problems()).isEmpty();
        assertThat(written).hasSizeGreaterThanOrEqualTo(2);
        for (Checkpoint checkpoint : written) {
            assertThat(checkpoint.signedBy(keys.byId(checkpoint.keyId()).orElseThrow())).isTrue();
            if (checkpoint.seq() > 0) {
                assertThat(checkpoint.hash()).isEqualTo(jdbc.sql("SELECT hash FROM audit_event WHERE seq = :s")
                        .param("s", checkpoint.seq()).query(byte[].class).single());
            }
        }
        assertThat(Files.readAllLines(file.path())).allMatch(line -> line.startsWith(Checkpoint.MARK));
        AuditVerification.Result result = verification.verify();
        assertThat(result.intact()).as(result.reason()).isTrue();
        assertThat(result.checkpoints()).isEqualTo(written.size());
    }

    private long latest() {
        return file.read().latest().map(Checkpoint::seq).orElse(-1L);
    }
}
