package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A legitimate rotation (記録鍵の更新): {@code audit rotate-key} appends a new key to the ring, records
 * the rotation under it and checkpoints; rows written under the older key still verify with that key
 * kept in the ring, and a ring that lost the older key names the first row it signed.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-audit-rotation")
@DirtiesContext
class AuditKeyRotationTests {

    @Autowired
    AuditTrail trail;
    @Autowired
    AuditVerification verification;
    @Autowired
    AuditCommand command;
    @Autowired
    AuditKeys keys;
    @Autowired
    AuditProperties properties;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path elsewhere;

    @Test
    void rowsUnderTheOlderKeyStillVerifyAfterRotationAndARingWithoutThatKeyNamesTheirFirstRow() throws Exception {
        String before = keys.current().id();
        long old = trail.record(new AuditEvent("kaigo-1", AuditAction.SEARCH, null, Map.of("q", "やまだ"), false));

        String printed = cli("rotate-key");
        String after = keys.current().id();
        assertThat(after).isNotEqualTo(before);
        assertThat(printed).contains("から " + after + " に更新しました").contains(before);
        assertThat(Files.readString(properties.keyFile())).contains(before + " ").contains(after + " ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(properties.keyFile())))
                .isEqualTo("rw-------");

        long rotation = jdbc.sql("SELECT max(seq) FROM audit_event WHERE action = 'KEY_ROTATION'").query(Long.class)
                .single();
        assertThat(keyOf(rotation)).isEqualTo(after);
        long next = trail.record(new AuditEvent("kaigo-1", AuditAction.SEARCH, null, Map.of("q", "すずき"), false));
        assertThat(keyOf(old)).isEqualTo(before);
        assertThat(keyOf(next)).isEqualTo(after);

        AuditVerification.Result result = verification.verify();
        assertThat(result.intact()).as(result.reason()).isTrue();
        assertThat(result.checkpoints()).isPositive();
        assertThat(cli("verify")).contains("改ざんは見つかりませんでした");

        Path withoutOlder = elsewhere.resolve("audit.key");
        Files.writeString(withoutOlder, String.join("\n", Files.readAllLines(properties.keyFile()).stream()
                .filter(line -> !line.startsWith(before + " ")).toList()) + "\n");
        AuditProperties lost = new AuditProperties(withoutOlder, elsewhere.resolve("none.log"), Duration.ZERO);
        AuditKeys ring = new AuditKeys(lost, new MockEnvironment());
        AuditVerification.Result missing = new AuditVerification(dataSource, ring, new CheckpointFile(lost, ring))
                .verify();
        long firstUnderOlder = jdbc.sql("SELECT min(seq) FROM audit_event WHERE key_id = :k").param("k", before)
                .query(Long.class).single();
        assertThat(missing.firstBroken()).contains(firstUnderOlder);
        assertThat(missing.reason()).contains("鍵 " + before).contains("ありません");
    }

    @Test
    void theKeyRingIsCreatedOwnerOnlyAtTheFirstStartAndReadAgainLater() throws Exception {
        AuditProperties fresh = new AuditProperties(elsewhere.resolve("data").resolve("audit.key"),
                elsewhere.resolve("none.log"), Duration.ZERO);
        AuditKeys created = new AuditKeys(fresh, new MockEnvironment());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.keyFile()))).isEqualTo("rw-------");
        String content = Files.readString(fresh.keyFile());
        assertThat(content).contains(created.current().id() + " ");
        assertThat(new AuditKeys(fresh, new MockEnvironment()).current().id()).isEqualTo(created.current().id());
        assertThat(Files.readString(fresh.keyFile())).isEqualTo(content);
    }

    @Test
    void keysFromTheEnvironmentTakePrecedenceAndTheLastOneSigns() {
        String first = AuditKeys.newSecretText();
        String second = AuditKeys.newSecretText();
        AuditProperties elsewhereOnly = new AuditProperties(elsewhere.resolve("never-created.key"),
                elsewhere.resolve("none.log"), Duration.ZERO);
        AuditKeys ring = new AuditKeys(elsewhereOnly,
                new MockEnvironment().withProperty("tsunagu.audit.key", first + "," + second));

        assertThat(ring.fromEnvironment()).isTrue();
        assertThat(ring.current().id()).isEqualTo(AuditKeys.id(java.util.Base64.getUrlDecoder().decode(second)));
        assertThat(ring.byId(AuditKeys.id(java.util.Base64.getUrlDecoder().decode(first)))).isPresent();
        assertThat(elsewhere.resolve("never-created.key")).doesNotExist();
        assertThat(ring.toString()).doesNotContain(first).doesNotContain(second);
    }

    private String keyOf(long seq) {
        return jdbc.sql("SELECT key_id FROM audit_event WHERE seq = :s").param("s", seq).query(String.class).single();
    }

    private String cli(String word) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.run(List.of(word))).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
