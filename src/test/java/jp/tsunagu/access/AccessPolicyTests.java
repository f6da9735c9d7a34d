package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Need-to-know per department and source, 支援措置 addresses, and break-glass. */
@TsunaguTest
class AccessPolicyTests {

    @Autowired
    AccessPolicy policy;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    Viewer kaigo;
    Viewer shogai;

    @BeforeEach
    void twoDepartments() {
        accounts.saveDepartment("t-kaigo", "介護保険課", "内線 2345");
        accounts.saveDepartment("t-shogai", "障害福祉課", "内線 1234");
        accounts.save("t-kaigo-1", "介護 花子", "pw-123456789", Role.CASEWORKER, "t-kaigo");
        accounts.save("t-shogai-1", "障害 次郎", "pw-123456789", Role.CASEWORKER, "t-shogai");
        kaigo = policy.viewer("t-kaigo-1");
        shogai = policy.viewer("t-shogai-1");
    }

    @Test
    void theOwningDepartmentSeesDetailOthersSeeInvolvementUnlessGranted() {
        assertThat(policy.level(kaigo, "t-nintei", "t-kaigo", "0000100002")).isEqualTo(GrantLevel.DETAIL);
        assertThat(policy.level(shogai, "t-nintei", "t-kaigo", "0000100002")).isEqualTo(GrantLevel.SUMMARY);
        assertThat(policy.seesSensitive(shogai, "t-nintei", "t-kaigo", "0000100002")).isFalse();

        policy.grant("admin", "t-shogai", "t-nintei", GrantLevel.DETAIL, false);
        assertThat(policy.level(shogai, "t-nintei", "t-kaigo", "0000100002")).isEqualTo(GrantLevel.DETAIL);
        assertThat(policy.seesSensitive(shogai, "t-nintei", "t-kaigo", "0000100002")).isFalse();

        policy.grant("admin", "t-kaigo", "t-nintei", GrantLevel.NONE, false);
        assertThat(policy.level(kaigo, "t-nintei", "t-kaigo", "0000100002")).isEqualTo(GrantLevel.NONE);
        assertThat(auditRows("GRANT", "admin")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void protectedAddressesOnlyForAllowedDepartments() {
        assertThat(policy.seesProtectedAddress(kaigo, "0000100002")).isFalse();
        policy.allowProtectedAddresses("admin", "t-kaigo", true);
        assertThat(policy.seesProtectedAddress(kaigo, "0000100002")).isTrue();
        assertThat(policy.seesProtectedAddress(shogai, "0000100002")).isFalse();
        policy.allowProtectedAddresses("admin", "t-kaigo", false);
        assertThat(policy.seesProtectedAddress(kaigo, "0000100002")).isFalse();
    }

    @Test
    void breakGlassOpensOnePersonForALimitedTimeAfterAReasonAndIsFlagged() {
        assertThatThrownBy(() -> policy.openBreakGlass(shogai, "0000100037", "急ぎ"))
                .hasMessageContaining("10 文字以上");

        BreakGlass open = policy.openBreakGlass(shogai, "0000100037", "本人が倒れ救急搬送、服薬状況の確認のため");
        assertThat(Duration.between(open.openedAt(), open.expiresAt())).isEqualTo(AccessPolicy.BREAK_GLASS_DURATION);
        assertThat(policy.level(shogai, "t-nintei", "t-kaigo", "0000100037")).isEqualTo(GrantLevel.DETAIL);
        assertThat(policy.seesSensitive(shogai, "t-nintei", "t-kaigo", "0000100037")).isTrue();
        assertThat(policy.seesProtectedAddress(shogai, "0000100037")).isTrue();
        assertThat(policy.level(shogai, "t-nintei", "t-kaigo", "0000100045")).as("another person")
                .isEqualTo(GrantLevel.SUMMARY);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'BREAK_GLASS' AND actor = 't-shogai-1'
                   AND person_key = '0000100037' AND flagged""").query(Long.class).single()).isEqualTo(1);

        jdbc.sql("UPDATE break_glass SET expires_at = now() - interval '1 second' WHERE id = :i")
                .param("i", open.id()).update();
        assertThat(policy.level(shogai, "t-nintei", "t-kaigo", "0000100037")).as("expired")
                .isEqualTo(GrantLevel.SUMMARY);
    }

    private long auditRows(String action, String actor) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND actor = :u").param("a", action)
                .param("u", actor).query(Long.class).single();
    }
}
