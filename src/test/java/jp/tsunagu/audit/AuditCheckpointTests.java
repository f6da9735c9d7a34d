package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.platform.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Signed checkpoints outside the database hold the chain to what it was: a superuser who removes the
 * last rows (and sets the head back), or rewrites rows a checkpoint covers even with a valid chain,
 * or turns the whole chain into the unkeyed form, is found; so is a checkpoint line changed in the
 * file. The checkpoint writer refuses to sign a chain that no longer matches. Every test puts rows
 * and file back afterwards.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-audit-tamper-f${tsunagu.test.fork:1}")
@DirtiesContext
class AuditCheckpointTests {

    @Autowired
    AuditTrail trail;
    @Autowired
    AuditVerification verification;
    @Autowired
    AuditCheckpoints checkpoints;
    @Autowired
    CheckpointFile file;
    @Autowired
    AuditKeys keys;
    @Autowired
    EmbeddedDatabase database;
    @Autowired
    JdbcClient jdbc;

    Superuser superuser;

    @BeforeEach
    void superuser() {
        superuser = new Superuser(database);
    }

    @Test
    void aChainShorterThanTheLatestCheckpointFailsVerification() throws Exception {
        long kept = record("kept");
        record("removed-1");
        long last = record("removed-2");
        Checkpoint checkpoint = checkpoints.write().orElseThrow();
        assertThat(checkpoint.seq()).isEqualTo(last);
        assertThat(verification.verify().intact()).isTrue();

        try (AutoCloseable restored = superuser.keep(kept + 1)) {
            superuser.truncateAfter(kept);

            AuditVerification.Result result = verification.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBroken()).contains(kept + 1);
            assertThat(result.reason()).contains("末尾の行が消されています").contains("行 " + last + " までありますが")
                    .contains("行 " + kept + " までしかありません");
            assertThatThrownBy(checkpoints::write).hasMessageContaining("改ざんの疑い");
            assertThat(file.read().latest()).map(Checkpoint::seq).contains(last);
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aRowACheckpointCoversRewrittenEvenUnderTheRightKeyFailsAtTheCheckpoint() throws Exception {
        long victim = record("victim");
        long covered = record("covered");
        Checkpoint checkpoint = checkpoints.write().orElseThrow();
        assertThat(checkpoint.seq()).isEqualTo(covered);
        record("after");

        AuditKeys.Key key = keys.current();
        try (AutoCloseable restored = superuser.keep(victim)) {
            superuser.rewriteActor(victim, "someone-else", new Superuser.Hmac(key.secret(), key.id()));

            AuditVerification.Result result = verification.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBroken()).contains(covered);
            assertThat(result.reason()).contains("チェックポイント").contains("ハッシュと合いません")
                    .contains("行 " + covered + " までのどこか");
            assertThatThrownBy(checkpoints::write).hasMessageContaining("改ざんの疑い");
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void theWholeChainTurnedIntoTheUnkeyedFormIsFound() throws Exception {
        record("before-checkpoint");
        checkpoints.write();
        record("after-checkpoint");
        try (AutoCloseable restored = superuser.keep(1)) {
            superuser.rehashFrom(1, new Superuser.PlainSha256(true));
            assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE key_id IS NOT NULL").query(Long.class).single())
                    .isZero();

            AuditVerification.Result result = verification.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.reason()).containsAnyOf("チェックポイント", "鍵のない旧形式");
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aCheckpointLineChangedInTheFileIsReported() throws Exception {
        long seq = record("checkpointed");
        Checkpoint checkpoint = checkpoints.write().orElseThrow();
        Path path = file.path();
        String original = Files.readString(path, StandardCharsets.UTF_8);
        // someone moves the checkpoint back so that rows after it could be removed: the signature breaks
        String forged = checkpoint.line().replace(" seq=" + seq + " ", " seq=" + (seq - 1) + " ");
        try {
            Files.writeString(path, original.replace(checkpoint.line(), forged), StandardCharsets.UTF_8);
            AuditVerification.Result result = verification.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.reason()).contains("チェックポイントファイル").contains("署名が合いません");
            assertThatThrownBy(checkpoints::write).hasMessageContaining("署名が合いません");
        } finally {
            Files.writeString(path, original, StandardCharsets.UTF_8);
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aCheckpointNamesTheHeadSignedAndIsWrittenOnlyWhenTheHeadMoved() throws Exception {
        long seq = record("head");
        Checkpoint checkpoint = checkpoints.write().orElseThrow();
        assertThat(checkpoint.seq()).isEqualTo(seq);
        assertThat(checkpoint.hash()).isEqualTo(jdbc.sql("SELECT hash FROM audit_event WHERE seq = :s").param("s", seq)
                .query(byte[].class).single());
        assertThat(checkpoint.signedBy(keys.current())).isTrue();
        assertThat(checkpoint.line()).startsWith(Checkpoint.MARK + " at=").contains(" seq=" + seq + " ")
                .contains(" hash=" + HexFormat.of().formatHex(checkpoint.hash())).contains(" key=" + keys.current().id());
        assertThat(Files.readAllLines(file.path())).contains(checkpoint.line());
        assertThat(checkpoints.write()).isEmpty();

        AuditVerification.Result result = verification.verify();
        assertThat(result.intact()).as(result.reason()).isTrue();
        assertThat(result.checkpoints()).isEqualTo(file.read().checkpoints().size()).isPositive();
    }

    private long record(String actor) {
        return trail.record(new AuditEvent(actor, AuditAction.SEARCH, null, Map.of("q", "たなか"), false));
    }
}
