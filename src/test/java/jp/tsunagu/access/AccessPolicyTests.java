package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Need-to-know per department and source, 支援措置 addresses, and break-glass. Each test has its own
 * departments, staff, source and administrator, so that a grant one test makes (it stays in the shared
 * database) decides nothing in another.
 */
@TsunaguTest
class AccessPolicyTests {

    @Autowired
    AccessPolicy policy;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final String kaigoDept = "t-kaigo-" + tag;
    final String shogaiDept = "t-shogai-" + tag;
    final String source = "t-nintei-" + tag;
    final String administrator = "t-kanri-" + tag;

    Viewer kaigo;
    Viewer shogai;

    @BeforeEach
    void twoDepartments() {
        accounts.saveDepartment(kaigoDept, "介護保険課", "内線 2345");
        accounts.saveDepartment(shogaiDept, "障害福祉課", "内線 1234");
        accounts.save("t-kaigo-1-" + tag, "介護 花子", "pw-123456789", Role.CASEWORKER, kaigoDept);
        accounts.save("t-shogai-1-" + tag, "障害 次郎", "pw-123456789", Role.CASEWORKER, shogaiDept);
        kaigo = policy.viewer("t-kaigo-1-" + tag);
        shogai = policy.viewer("t-shogai-1-" + tag);
    }

    @Test
    void theOwningDepartmentSeesDetailOthersSeeInvolvementUnlessGranted() {
        assertThat(policy.level(kaigo, source, kaigoDept, "0000100002")).isEqualTo(GrantLevel.DETAIL);
        assertThat(policy.level(shogai, source, kaigoDept, "0000100002")).isEqualTo(GrantLevel.SUMMARY);
        assertThat(policy.seesSensitive(shogai, source, kaigoDept, "0000100002")).isFalse();
        long mark = AuditRows.mark(jdbc);

        policy.grant(administrator, shogaiDept, source, GrantLevel.DETAIL, false);
        assertThat(policy.level(shogai, source, kaigoDept, "0000100002")).isEqualTo(GrantLevel.DETAIL);
        assertThat(policy.seesSensitive(shogai, source, kaigoDept, "0000100002")).isFalse();

        policy.grant(administrator, kaigoDept, source, GrantLevel.NONE, false);
        assertThat(policy.level(kaigo, source, kaigoDept, "0000100002")).isEqualTo(GrantLevel.NONE);
        assertThat(AuditRows.since(jdbc, mark, administrator)).satisfiesExactly(
                r -> {
                    assertThat(r.action()).isEqualTo("GRANT");
                    assertThat(r.personKey()).isNull();
                    assertThat(r.detail()).isEqualTo(Map.of("department", shogaiDept, "source", source,
                            "level", "DETAIL", "sensitive", "false"));
                },
                r -> {
                    assertThat(r.action()).isEqualTo("GRANT");
                    assertThat(r.detail()).isEqualTo(Map.of("department", kaigoDept, "source", source,
                            "level", "NONE", "sensitive", "false"));
                });
    }

    @Test
    void protectedAddressesOnlyForAllowedDepartments() {
        assertThat(policy.seesProtectedAddress(kaigo, "0000100002")).isFalse();
        policy.allowProtectedAddresses(administrator, kaigoDept, true);
        assertThat(policy.seesProtectedAddress(kaigo, "0000100002")).isTrue();
        assertThat(policy.seesProtectedAddress(shogai, "0000100002")).isFalse();
        policy.allowProtectedAddresses(administrator, kaigoDept, false);
        assertThat(policy.seesProtectedAddress(kaigo, "0000100002")).isFalse();
    }

    @Test
    void breakGlassOpensOnePersonForALimitedTimeAfterAReasonAndIsFlagged() {
        long mark = AuditRows.mark(jdbc);
        assertThatThrownBy(() -> policy.openBreakGlass(shogai, "0000100037", "急ぎ"))
                .hasMessageContaining("10 文字以上");

        BreakGlass open = policy.openBreakGlass(shogai, "0000100037", "本人が倒れ救急搬送、服薬状況の確認のため");
        assertThat(Duration.between(open.openedAt(), open.expiresAt())).isEqualTo(AccessPolicy.BREAK_GLASS_DURATION);
        assertThat(policy.level(shogai, source, kaigoDept, "0000100037")).isEqualTo(GrantLevel.DETAIL);
        assertThat(policy.seesSensitive(shogai, source, kaigoDept, "0000100037")).isTrue();
        assertThat(policy.seesProtectedAddress(shogai, "0000100037")).isTrue();
        assertThat(policy.level(shogai, source, kaigoDept, "0000100045")).as("another person")
                .isEqualTo(GrantLevel.SUMMARY);
        assertThat(policy.level(kaigo, source, shogaiDept, "0000100037")).as("another user")
                .isEqualTo(GrantLevel.SUMMARY);
        assertThat(AuditRows.since(jdbc, mark, shogai.username())).as("the refused reason opened nothing")
                .singleElement().satisfies(r -> {
                    assertThat(r.action()).isEqualTo("BREAK_GLASS");
                    assertThat(r.personKey()).isEqualTo("0000100037");
                    assertThat(r.flagged()).isTrue();
                    assertThat(r.detail()).containsEntry("reason", "本人が倒れ救急搬送、服薬状況の確認のため")
                            .containsKey("until");
                });

        jdbc.sql("UPDATE break_glass SET expires_at = now() - interval '1 second' WHERE id = :i")
                .param("i", open.id()).update();
        assertThat(policy.level(shogai, source, kaigoDept, "0000100037")).as("expired")
                .isEqualTo(GrantLevel.SUMMARY);
    }
}
