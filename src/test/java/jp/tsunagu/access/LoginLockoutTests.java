package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
class LoginLockoutTests {

    static final String LOCKED_MESSAGE =
            "アカウントがロックされています。しばらくしてから再度お試しいただくか、管理者に連絡してください。";

    @Autowired
    MockMvc mvc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessProperties properties;
    @Autowired
    TestClock.Movable clock;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void defaultsAreFiveFailuresAndFifteenMinutes() {
        assertThat(properties.maxFailedLogins()).isEqualTo(5);
        assertThat(properties.lockout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void fiveFailedLoginsLockTheAccountEvenAgainstTheRightPassword() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "lock", Role.VIEWER);

        for (int i = 0; i < 4; i++) {
            login(staff.username(), "wrong").andExpect(redirectedUrl("/login?error"));
        }
        assertThat(failedAttempts(staff)).isEqualTo(4);
        login(staff.username(), "wrong").andExpect(redirectedUrl("/login?error"));

        login(staff.username(), staff.password()).andExpect(redirectedUrl("/login?locked"));
        mvc.perform(get("/login").param("locked", "")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(LOCKED_MESSAGE)));
        assertThat(accountAudit(staff, "locked")).isEqualTo(1);
    }

    @Test
    void aLockRunsOutAfterTheLockoutPeriod() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "expire", Role.VIEWER);
        lock(staff);

        clock.advance(Duration.ofMinutes(14));
        login(staff.username(), staff.password()).andExpect(redirectedUrl("/login?locked"));

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        login(staff.username(), staff.password()).andExpect(redirectedUrl("/"));
        assertThat(accounts.find(staff.username()).orElseThrow().lockedUntil()).isNull();
    }

    @Test
    void anAdministratorCanUnlockAtOnceAndThatIsAudited() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "unlock", Role.CASEWORKER);
        lock(staff);

        mvc.perform(post("/admin/staff/{u}/unlock", staff.username()).with(user("kanri").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/admin/staff/" + staff.username() + "/edit"));

        login(staff.username(), staff.password()).andExpect(redirectedUrl("/"));
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT' AND actor = 'kanri'
                   AND detail LIKE '%"change":"unlock"%' AND detail LIKE :account
                """).param("account", "%\"account\":\"" + staff.username() + "\"%").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aSuccessfulLoginStartsTheCountAgain() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "reset", Role.VIEWER);
        for (int i = 0; i < 4; i++) {
            login(staff.username(), "wrong");
        }
        login(staff.username(), staff.password()).andExpect(redirectedUrl("/"));
        assertThat(failedAttempts(staff)).isZero();
        for (int i = 0; i < 4; i++) {
            login(staff.username(), "wrong");
        }
        login(staff.username(), staff.password()).andExpect(redirectedUrl("/"));
    }

    @Test
    void unknownIdsAndLockedAccountsOtherwiseGetTheSameAnswerAsAWrongPassword() throws Exception {
        login("nobody-" + System.nanoTime(), "x").andExpect(redirectedUrl("/login?error"));
    }

    private void lock(TestStaff staff) throws Exception {
        for (int i = 0; i < properties.maxFailedLogins(); i++) {
            login(staff.username(), "wrong");
        }
        login(staff.username(), staff.password()).andExpect(redirectedUrl("/login?locked"));
    }

    private ResultActions login(String username, String password) throws Exception {
        return mvc.perform(formLogin("/login").user(username).password(password));
    }

    private int failedAttempts(TestStaff staff) {
        return accounts.find(staff.username()).orElseThrow().failedAttempts();
    }

    private long accountAudit(TestStaff staff, String change) {
        return jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT'
                   AND detail LIKE :change AND detail LIKE :account
                """).param("change", "%\"change\":\"" + change + "\"%")
                .param("account", "%\"account\":\"" + staff.username() + "\"%").query(Long.class).single();
    }
}
