package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
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
 * Finding F4 b: a database superuser changed a row's actor with the triggers switched off, recomputed
 * the unkeyed SHA-256 chain in SQL from that row and set the head, and {@code audit verify} said
 * 「改ざんは見つかりませんでした」. The chain is now an HMAC under a key outside the database: the same
 * rewrite, or one under a wrong key, is found at the changed row. Under the right key (only the key's
 * holder has it) the rewritten chain verifies, which shows the SQL computes exactly the chain's form,
 * so that what fails the others is the key. Every test puts the rows back afterwards.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-audit-tamper-f${tsunagu.test.fork:1}")
@DirtiesContext
class AuditTamperTests {

    @Autowired
    AuditTrail trail;
    @Autowired
    AuditVerification verification;
    @Autowired
    AuditCommand command;
    @Autowired
    AuditKeys keys;
    @Autowired
    EmbeddedDatabase database;
    @Autowired
    JdbcClient jdbc;

    Superuser superuser;
    long victim;

    @BeforeEach
    void aFewEntriesWithOneVictim() {
        superuser = new Superuser(database);
        trail.record(new AuditEvent("kaigo-1", AuditAction.SEARCH, null, Map.of("q", "やまだ", "results", "2"), false));
        victim = trail.record(new AuditEvent("kaigo-1", AuditAction.VIEW_PERSON, "0000100002",
                Map.of("sections", "header,programs"), true));
        trail.record(new AuditEvent("kaigo-2", AuditAction.SEARCH, null, Map.of("q", "すずき", "results", "0"), false));
        trail.record(new AuditEvent("kaigo-2", AuditAction.EXPORT, null, Map.of("rows", "12"), false));
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aRowRewrittenAndTheChainRecomputedWithPlainSha256IsFoundAtThatRow() throws Exception {
        try (AutoCloseable restored = superuser.keep(victim)) {
            superuser.rewriteActor(victim, "someone-else", new Superuser.PlainSha256(false));

            assertThat(actorOf(victim)).isEqualTo("someone-else");
            assertThat(unkeyedChainHoldsFrom(victim)).as("the probe's rewrite is a consistent SHA-256 chain").isTrue();
            AuditVerification.Result result = verification.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.firstBroken()).contains(victim);
            assertThat(result.reason()).contains("内容がハッシュと合いません").doesNotContain("改ざんは見つかりませんでした");
            assertThat(result.checked()).isEqualTo(victim - 1);
            assertThat(cli()).contains("行 " + victim + " で改ざんを検出しました").doesNotContain("改ざんは見つかりませんでした");
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aRowRewrittenAndMarkedAsAnUnkeyedRowOfAnEarlierVersionIsFoundAtThatRow() throws Exception {
        try (AutoCloseable restored = superuser.keep(victim)) {
            superuser.rewriteActor(victim, "someone-else", new Superuser.PlainSha256(true));

            assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE seq >= :s AND key_id IS NULL")
                    .param("s", victim).query(Long.class).single()).isPositive();
            AuditVerification.Result result = verification.verify();
            assertThat(result.firstBroken()).contains(victim);
            assertThat(result.reason()).contains("鍵のない旧形式");
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aChainRecomputedWithAWrongKeyIsFoundAtTheChangedRow() throws Exception {
        byte[] wrong = new byte[32];
        new SecureRandom().nextBytes(wrong);
        try (AutoCloseable restored = superuser.keep(victim)) {
            // labelled with the real key's id, as a forger would
            superuser.rewriteActor(victim, "someone-else", new Superuser.Hmac(wrong, keys.current().id()));
            AuditVerification.Result result = verification.verify();
            assertThat(result.firstBroken()).contains(victim);
            assertThat(result.reason()).contains("内容がハッシュと合いません");

            // labelled with its own id, which no key of the ring has
            superuser.rehashFrom(victim, new Superuser.Hmac(wrong, AuditKeys.id(wrong)));
            AuditVerification.Result unknown = verification.verify();
            assertThat(unknown.firstBroken()).contains(victim);
            assertThat(unknown.reason()).contains("鍵 " + AuditKeys.id(wrong)).contains("鍵束").contains("ありません");
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aChainRecomputedWithTheRightKeyVerifies() throws Exception {
        AuditKeys.Key key = keys.current();
        try (AutoCloseable restored = superuser.keep(victim)) {
            superuser.rewriteActor(victim, "someone-else", new Superuser.Hmac(key.secret(), key.id()));

            assertThat(actorOf(victim)).isEqualTo("someone-else");
            AuditVerification.Result result = verification.verify();
            assertThat(result.intact()).as(result.reason()).isTrue();
        }
        assertThat(actorOf(victim)).isEqualTo("kaigo-1");
        assertThat(verification.verify().intact()).isTrue();
    }

    private String actorOf(long seq) {
        return jdbc.sql("SELECT actor FROM audit_event WHERE seq = :s").param("s", seq).query(String.class).single();
    }

    /** Whether the rows from {@code seq} to the head form a plain SHA-256 chain: what the old check accepted. */
    private boolean unkeyedChainHoldsFrom(long seq) throws Exception {
        try (Connection c = database.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT seq, at, actor, action, person_key, detail, flagged, prev_hash, hash
                          FROM audit_event WHERE seq >= %d ORDER BY seq""".formatted(seq))) {
            byte[] last = null;
            while (rs.next()) {
                byte[] hash = ChainHash.unkeyed(rs.getBytes(8), rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7));
                if (!Arrays.equals(hash, rs.getBytes(9)) || last != null && !Arrays.equals(last, rs.getBytes(8))) {
                    return false;
                }
                last = hash;
            }
            byte[] head = jdbc.sql("SELECT hash FROM audit_head").query(byte[].class).single();
            return Arrays.equals(last, head);
        }
    }

    private String cli() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.run(List.of("verify"))).isEqualTo(AuditCommand.EXIT_BROKEN);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
