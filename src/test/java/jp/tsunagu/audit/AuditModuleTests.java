package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.overview.PersonOverview;
import jp.tsunagu.platform.EmbeddedDatabase;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.ResidentIndex;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The audit module on its own (監査モジュール単体): a Spring Modulith application module test that boots
 * {@code audit} and the modules it depends on directly ({@code platform} with the embedded PostgreSQL,
 * {@code importing}, {@code japanese}) and nothing else, and does the module's real work on it —
 * appending to the hash chain and verifying it.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@ActiveProfiles("test")
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-audit-module")
class AuditModuleTests {

    private final ApplicationContext context;
    private final AuditTrail trail;
    private final AuditVerification verification;
    private final JdbcClient jdbc;

    AuditModuleTests(ApplicationContext context, AuditTrail trail, AuditVerification verification, JdbcClient jdbc) {
        this.context = context;
        this.trail = trail;
        this.verification = verification;
        this.jdbc = jdbc;
    }

    @Test
    void bootsOnlyTheAuditModuleAndItsDirectDependencies() {
        assertThat(context.getBeansOfType(AuditTrail.class)).hasSize(1);
        assertThat(context.getBeansOfType(EmbeddedDatabase.class)).as("platform: the embedded PostgreSQL").hasSize(1);
        assertThat(context.getBeansOfType(PersonOverview.class)).as("overview").isEmpty();
        assertThat(context.getBeansOfType(ResidentIndex.class)).as("resident").isEmpty();
        assertThat(context.getBeansOfType(Programs.class)).as("programs").isEmpty();
        assertThat(context.getBeansOfType(AccessPolicy.class)).as("access").isEmpty();
        assertThat(context.getBeansOfType(StaffDirectory.class)).as("only this test's stand-in for access's")
                .containsOnlyKeys("testStaffDirectory");
    }

    @Test
    void appendsToTheChainAndVerifiesIt() {
        String actor = "module-" + UUID.randomUUID();
        long first = trail.record(new AuditEvent(actor, AuditAction.SEARCH, null, Map.of("q", "やまだ"), false));
        long second = trail.record(new AuditEvent(actor, AuditAction.VIEW_PERSON, "0000100002",
                Map.of("sections", "header,programs"), true));

        assertThat(second).isGreaterThan(first);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = :a").param("a", actor)
                .query(Long.class).single()).isEqualTo(2);
        AuditVerification.Result result = verification.verify();
        assertThat(result.intact()).as(result.reason()).isTrue();
        assertThat(result.checked()).isGreaterThanOrEqualTo(2);
    }

    /**
     * The access module provides the staff directory in the whole application; booted alone, the audit
     * screens get a directory that knows no one (they then show the IDs, as for a deleted account).
     */
    @TestConfiguration
    static class WithoutAccess {

        @Bean
        StaffDirectory testStaffDirectory() {
            return new StaffDirectory() {
                @Override
                public Map<String, String> staffNames(Collection<String> usernames) {
                    return Map.of();
                }

                @Override
                public Map<String, String> departmentNames(Collection<String> departmentIds) {
                    return Map.of();
                }
            };
        }
    }
}
