package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.TsunaguTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
@TestPropertySource(properties = "tsunagu.access.totp-enabled=true")
class TotpLoginTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    TestClock.Movable clock;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAdministratorMustEnrolBeforeReachingAnyPageAndThenEntersACodeAtEveryLogin() throws Exception {
        TestStaff admin = TestStaff.create(accounts, "totp-admin", Role.ADMIN);

        MockHttpSession session = passwordLogin(admin, "/account/totp");
        for (String page : new String[] {"/imports", "/admin/staff", "/"}) {
            mvc.perform(get(page).session(session)).andExpect(redirectedUrl("/account/totp"));
        }
        String enrolPage = mvc.perform(get("/account/totp").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(enrolPage).contains("あなたの役割では二段階認証が必要です", "otpauth://totp/Tsunagu:" + admin.username());
        byte[] secret = secretOn(enrolPage);

        mvc.perform(post("/account/totp/enrol").param("code", "000000").session(session).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(Matchers.containsString("コードが違うか")));
        mvc.perform(post("/account/totp/enrol").param("code", code(secret)).session(session).with(csrf()))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/admin/staff").session(session)).andExpect(status().isOk());
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT' AND actor = :u
                   AND detail LIKE '%"change":"totp-enrol"%'
                """).param("u", admin.username()).query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        MockHttpSession second = passwordLogin(admin, "/account/totp");
        mvc.perform(get("/admin/staff").session(second)).andExpect(redirectedUrl("/account/totp"));
        mvc.perform(post("/account/totp/verify").param("code", wrong(code(secret))).session(second).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(Matchers.containsString("コードが違うか")));
        String good = code(secret);
        mvc.perform(post("/account/totp/verify").param("code", good).session(second).with(csrf()))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/admin/staff").session(second)).andExpect(status().isOk());

        MockHttpSession third = passwordLogin(admin, "/account/totp");
        // a code is good once
        mvc.perform(post("/account/totp/verify").param("code", good).session(third).with(csrf()))
                .andExpect(status().isOk());
        mvc.perform(get("/admin/staff").session(third)).andExpect(redirectedUrl("/account/totp"));
    }

    @Test
    void wrongCodesCountTowardsTheLoginThrottle() throws Exception {
        TestStaff auditor = TestStaff.create(accounts, "totp-lock", Role.AUDITOR);
        byte[] secret = Totp.newSecret();
        jdbc.sql("UPDATE staff_account SET totp_secret = :s WHERE username = :u").param("s", Base32.encode(secret))
                .param("u", auditor.username()).update();
        MockHttpSession session = passwordLogin(auditor, "/account/totp");
        String address = TestAddresses.next();
        for (int i = 0; i < 4; i++) {
            mvc.perform(post("/account/totp/verify").param("code", wrong(code(secret))).session(session).with(csrf())
                    .with(TestAddresses.from(address))).andExpect(status().isOk());
        }
        mvc.perform(post("/account/totp/verify").param("code", wrong(code(secret))).session(session).with(csrf())
                        .with(TestAddresses.from(address)))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin("/login").user(auditor.username()).password(auditor.password()))
                .andExpect(redirectedUrl("/login?error")).andExpect(unauthenticated());
    }

    @Test
    void rolesNotRequiredGoStraightInAndMayEnrolOfTheirOwnAccord() throws Exception {
        TestStaff viewer = TestStaff.create(accounts, "totp-viewer", Role.VIEWER);
        MockHttpSession session = passwordLogin(viewer, "/");
        mvc.perform(get("/imports").session(session)).andExpect(status().isOk());

        String page = mvc.perform(get("/account/totp").session(session)).andReturn().getResponse().getContentAsString();
        byte[] secret = secretOn(page);
        mvc.perform(post("/account/totp/enrol").param("code", code(secret)).session(session).with(csrf()))
                .andExpect(redirectedUrl("/account/totp?enrolled"));

        clock.advance(Duration.ofSeconds(30));
        MockHttpSession next = passwordLogin(viewer, "/account/totp");
        mvc.perform(post("/account/totp/verify").param("code", code(secret)).session(next).with(csrf()))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void anAdministratorCanRemoveASecondFactorForALostPhone() throws Exception {
        TestStaff viewer = TestStaff.create(accounts, "totp-lost", Role.VIEWER);
        jdbc.sql("UPDATE staff_account SET totp_secret = :s WHERE username = :u")
                .param("s", Base32.encode(Totp.newSecret())).param("u", viewer.username()).update();
        // an administrator who has given their own second factor in this session
        mvc.perform(post("/admin/staff/{u}/totp", viewer.username()).with(user("kanri").roles("ADMIN"))
                        .sessionAttr(TotpGate.STATE, TotpGate.DONE).with(csrf()))
                .andExpect(redirectedUrl("/admin/staff/" + viewer.username() + "/edit"));
        passwordLogin(viewer, "/");
    }

    private MockHttpSession passwordLogin(TestStaff staff, String expectedRedirect) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(staff.username()).password(staff.password()))
                .andExpect(redirectedUrl(expectedRedirect)).andReturn().getRequest().getSession(false);
    }

    private String code(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()), Totp.DIGITS);
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 500_000) % 1_000_000);
    }

    private static byte[] secretOn(String page) {
        Matcher m = Pattern.compile("id=\"totp-secret\">([A-Z2-7 ]+)<").matcher(page);
        assertThat(m.find()).isTrue();
        return Base32.decode(m.group(1));
    }
}
