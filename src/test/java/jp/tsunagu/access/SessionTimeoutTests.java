package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
class SessionTimeoutTests {

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
    void absoluteTimeoutDefaultsToTwelveHours() {
        assertThat(properties.absoluteSessionTimeout()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void thirtyMinutesWithoutARequestEndTheSession() throws Exception {
        MockHttpSession session = loggedIn();
        clock.advance(Duration.ofMinutes(29));
        mvc.perform(get("/imports").session(session)).andExpect(status().isOk());

        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        mvc.perform(get("/imports").session(session)).andExpect(redirectedUrl("/login?expired"));
        assertThat(session.isInvalid()).isTrue();
        mvc.perform(get("/login").param("expired", "")).andExpect(content().string(
                Matchers.containsString("ログアウトしました。もう一度ログインしてください。")));
    }

    @Test
    void twelveHoursAfterLoginTheSessionEndsHoweverBusy() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "session", Role.VIEWER);
        MockHttpSession session = loggedIn(staff);
        long mark = AuditRows.mark(jdbc);
        for (int i = 0; i < 12 * 4 - 1; i++) {
            clock.advance(Duration.ofMinutes(15));
            mvc.perform(get("/imports").session(session)).andExpect(status().isOk());
        }
        clock.advance(Duration.ofMinutes(16));
        mvc.perform(get("/imports").session(session)).andExpect(redirectedUrl("/login?expired"));
        assertThat(AuditRows.since(jdbc, mark, staff.username())).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("LOGOUT");
            assertThat(r.personKey()).isNull();
            assertThat(r.flagged()).isFalse();
            assertThat(r.detail()).containsEntry("reason", "absolute-timeout").containsKey("loginAt");
        });
    }

    @Test
    void htmxRequestsAreSentToTheLoginPageAsAWhole() throws Exception {
        MockHttpSession session = loggedIn();
        clock.advance(Duration.ofMinutes(31));
        mvc.perform(get("/imports").session(session).header("HX-Request", "true"))
                .andExpect(status().isNoContent()).andExpect(header().string("HX-Redirect", "/login?expired"));
    }

    private MockHttpSession loggedIn() throws Exception {
        return loggedIn(TestStaff.create(accounts, "session", Role.VIEWER));
    }

    private MockHttpSession loggedIn(TestStaff staff) throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user(staff.username())
                .password(staff.password())).andExpect(redirectedUrl("/")).andReturn().getRequest().getSession(false);
        mvc.perform(get("/imports").session(session)).andExpect(status().isOk());
        return session;
    }
}
