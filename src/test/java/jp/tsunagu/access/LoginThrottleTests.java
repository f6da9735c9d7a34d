package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.util.HtmlUtils;

/**
 * F6: repeated failed logins slow further attempts per user ID and per address, with the same answer
 * for an existing account, a wrong password and an unknown ID; no lock that anyone can set off for
 * long, and administrators see the refusals.
 */
@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
class LoginThrottleTests {

    static final String GENERIC = "ユーザーIDまたはパスワードが違います。失敗が続いた場合は、しばらく待ってから再度お試しください。";

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
    void defaultsAreFiveFailuresPerIdTwentyPerAddressAndADelayFromOneToFifteenMinutes() {
        assertThat(properties.maxFailedLogins()).isEqualTo(5);
        assertThat(properties.maxFailedLoginsPerAddress()).isEqualTo(20);
        assertThat(properties.loginDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.lockout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.failedLoginWindow()).isEqualTo(Duration.ofMinutes(15));
    }

    /** The answer to a login attempt as the browser sees it: status, where it is sent, and that page's text. */
    record Answer(int status, String target, String page) {
    }

    @Test
    void anExistingAccountAfterRepeatedFailuresAndAnUnknownIdGetTheIdenticalAnswer() throws Exception {
        TestStaff shogai = TestStaff.create(accounts, "shogai", Role.CASEWORKER);
        String nosuchuser = "nosuchuser-" + UUID.randomUUID().toString().substring(0, 8);
        String fromA = TestAddresses.next();
        String fromB = TestAddresses.next();

        List<Answer> existing = new ArrayList<>();
        List<Answer> unknown = new ArrayList<>();
        for (int i = 0; i < properties.maxFailedLogins() + 2; i++) {
            existing.add(answer(login(shogai.username(), "wrong", fromA).andExpect(unauthenticated())));
            unknown.add(answer(login(nosuchuser, "wrong", fromB).andExpect(unauthenticated())));
        }
        // the right password while attempts are held back: refused, and the answer says nothing more
        existing.add(answer(login(shogai.username(), shogai.password(), fromA).andExpect(unauthenticated())));
        unknown.add(answer(login(nosuchuser, shogai.password(), fromB).andExpect(unauthenticated())));

        assertThat(existing).isEqualTo(unknown);
        assertThat(existing).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(302);
            assertThat(a.target()).isEqualTo("/login?error");
            assertThat(a.page()).contains(GENERIC).doesNotContain("ロック").doesNotContain(shogai.username());
        });
        assertThat(refusedNow("ACCOUNT", shogai.username())).isTrue();
        assertThat(refusedNow("ACCOUNT", nosuchuser)).as("unknown IDs are held back alike").isTrue();
    }

    @Test
    void theRightPasswordWorksOnceTheDelayHasPassedAndTheDelayGrowsWhileFailuresGoOn() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "delay", Role.VIEWER);
        String from = TestAddresses.next();
        failTimes(staff.username(), properties.maxFailedLogins(), from);
        login(staff.username(), staff.password(), from).andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());

        clock.advance(properties.loginDelay().plusSeconds(1));
        login(staff.username(), "wrong", from).andExpect(redirectedUrl("/login?error"));
        // one more failure after a refusal refuses again, twice as long
        clock.advance(properties.loginDelay().plusSeconds(1));
        login(staff.username(), staff.password(), from).andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());

        clock.advance(properties.loginDelay());
        login(staff.username(), staff.password(), from).andExpect(redirectedUrl("/")).andExpect(authenticated());
        assertThat(accounts.find(staff.username()).orElseThrow().failedAttempts()).isZero();
        assertThat(accounts.find(staff.username()).orElseThrow().lockedUntil()).isNull();
        assertThat(throttleAudits("account", staff.username())).isEqualTo(2);
    }

    @Test
    void failuresLongAgoAreForgotten() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "forget", Role.VIEWER);
        String from = TestAddresses.next();
        failTimes(staff.username(), properties.maxFailedLogins() - 1, from);
        clock.advance(properties.failedLoginWindow().plusSeconds(1));

        login(staff.username(), "wrong", from).andExpect(redirectedUrl("/login?error"));
        login(staff.username(), staff.password(), from).andExpect(redirectedUrl("/")).andExpect(authenticated());
    }

    @Test
    void anAddressTryingManyAccountsIsHeldBackWhileTheAccountsStillWorkFromElsewhere() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "victim", Role.CASEWORKER);
        String attacker = TestAddresses.next();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < properties.maxFailedLoginsPerAddress(); i++) {
            login("guess" + i + "-" + suffix, "wrong", attacker).andExpect(redirectedUrl("/login?error"));
        }

        login(staff.username(), staff.password(), attacker).andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
        login(staff.username(), staff.password(), TestAddresses.next()).andExpect(redirectedUrl("/"))
                .andExpect(authenticated());
        assertThat(refusedNow("ADDRESS", attacker)).isTrue();
        assertThat(throttleAudits("address", attacker)).isEqualTo(1);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'LOGIN_FAILED' AND actor = :u
                   AND detail LIKE '%"reason":"throttled"%' AND detail LIKE :a
                """).param("u", staff.username()).param("a", "%\"address\":\"" + attacker + "\"%")
                .query(Long.class).single()).as("the refused attempt is recorded").isEqualTo(1);
    }

    @Test
    void administratorsSeeTheRefusalsInJapaneseAndCanLiftOne() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "seen", Role.VIEWER);
        String from = TestAddresses.next();
        failTimes(staff.username(), properties.maxFailedLogins(), from);
        String admin = "kanri-" + UUID.randomUUID().toString().substring(0, 8);

        String page = text(mvc.perform(get("/admin/logins").with(user(admin).roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(page).contains("ログイン制限", "いま制限中", "最近の記録", "制限の開始", "1 回目・1分間");
        String current = page.substring(page.indexOf("いま制限中"), page.indexOf("最近の記録"));
        assertThat(current).contains(staff.username(), "利用者ID").doesNotContain(from)
                .doesNotContain("いま制限中の利用者IDや接続元はありません");
        mvc.perform(get("/admin/logins").with(user(admin).roles("CASEWORKER"))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/logins").with(user(admin).roles("AUDITOR"))).andExpect(status().isForbidden());

        mvc.perform(post("/admin/logins/lift").param("kind", "ACCOUNT").param("subject", staff.username())
                        .with(user(admin).roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/admin/logins"));
        // the address is still held back: come from elsewhere
        login(staff.username(), staff.password(), TestAddresses.next()).andExpect(redirectedUrl("/"))
                .andExpect(authenticated());
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'LOGIN_THROTTLED' AND actor = :a
                   AND detail LIKE '%"change":"lifted"%' AND detail LIKE :s
                """).param("a", admin).param("s", "%\"subject\":\"" + staff.username() + "\"%")
                .query(Long.class).single()).isEqualTo(1);
        String after = text(mvc.perform(get("/admin/logins").with(user(admin).roles("ADMIN")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(after).contains(admin + " が解除");
    }

    @Test
    void anAdministratorCanLiftTheRefusalFromTheStaffScreenAndThatIsAudited() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "unlock", Role.CASEWORKER);
        String from = TestAddresses.next();
        failTimes(staff.username(), properties.maxFailedLogins(), from);
        assertThat(accounts.find(staff.username()).orElseThrow().lockedUntil()).isNotNull();

        mvc.perform(post("/admin/staff/{u}/unlock", staff.username()).with(user("kanri").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/admin/staff/" + staff.username() + "/edit"));

        login(staff.username(), staff.password(), TestAddresses.next()).andExpect(redirectedUrl("/"));
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT' AND actor = 'kanri'
                   AND detail LIKE '%"change":"unlock"%' AND detail LIKE :account
                """).param("account", "%\"account\":\"" + staff.username() + "\"%").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aSuccessfulLoginStartsTheCountAgain() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "reset", Role.VIEWER);
        String from = TestAddresses.next();
        failTimes(staff.username(), properties.maxFailedLogins() - 1, from);
        assertThat(accounts.find(staff.username()).orElseThrow().failedAttempts())
                .isEqualTo(properties.maxFailedLogins() - 1);
        login(staff.username(), staff.password(), from).andExpect(redirectedUrl("/"));
        assertThat(accounts.find(staff.username()).orElseThrow().failedAttempts()).isZero();
        failTimes(staff.username(), properties.maxFailedLogins() - 1, from);
        login(staff.username(), staff.password(), from).andExpect(redirectedUrl("/")).andExpect(authenticated());
    }

    private void failTimes(String username, int times, String from) throws Exception {
        for (int i = 0; i < times; i++) {
            login(username, "wrong", from).andExpect(redirectedUrl("/login?error"));
        }
    }

    private ResultActions login(String username, String password, String from) throws Exception {
        return mvc.perform(post("/login").param("username", username).param("password", password).with(csrf())
                .with(TestAddresses.from(from)));
    }

    private Answer answer(ResultActions attempt) throws Exception {
        MockHttpServletResponse response = attempt.andReturn().getResponse();
        String target = response.getRedirectedUrl();
        String page = target == null ? "" : text(mvc.perform(get(target)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8));
        return new Answer(response.getStatus(), target, page);
    }

    private boolean refusedNow(String kind, String subject) {
        return jdbc.sql("SELECT count(*) FROM login_throttle WHERE kind = :k AND subject = :s AND blocked_until > :now")
                .param("k", kind).param("s", subject).param("now", java.sql.Timestamp.from(clock.instant()))
                .query(Long.class).single() == 1;
    }

    private long throttleAudits(String kind, String subject) {
        return jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'LOGIN_THROTTLED' AND actor = 'system'
                   AND detail LIKE :k AND detail LIKE :s
                """).param("k", "%\"kind\":\"" + kind + "\"%").param("s", "%\"subject\":\"" + subject + "\"%")
                .query(Long.class).single();
    }

    /** The page as a reader sees it: tags dropped, character references decoded, spaces folded. */
    private static String text(String html) {
        return HtmlUtils.htmlUnescape(html.replaceAll("(?s)<[^>]*>", " ")).replaceAll("\\s+", " ");
    }
}
