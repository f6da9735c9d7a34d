package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;
import jp.tsunagu.TsunaguTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
class StaffAdministrationTests {

    /** The staff screen's page (administration.StaffAdminController.PAGE_SIZE, pinned by AdminPageSizeTests). */
    private static final int STAFF_PER_PAGE = 50;

    @Autowired
    MockMvc mvc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    static RequestPostProcessor admin() {
        return user("kanri").roles("ADMIN");
    }

    @Test
    void onlyAdministratorsReachTheStaffScreens() throws Exception {
        for (String role : List.of("VIEWER", "CASEWORKER", "AUDITOR")) {
            mvc.perform(get("/admin/staff").with(user("u").roles(role))).andExpect(status().isForbidden());
            mvc.perform(post("/admin/staff").param("username", "x").param("displayName", "x")
                    .param("departmentId", TestStaff.DEPARTMENT).param("role", "ADMIN")
                    .with(user("u").roles(role)).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(get("/admin/departments").with(user("u").roles(role))).andExpect(status().isForbidden());
            mvc.perform(get("/admin/staff/import").with(user("u").roles(role))).andExpect(status().isForbidden());
        }
        mvc.perform(get("/admin/staff")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/admin/staff").with(admin())).andExpect(status().isOk());
    }

    @Test
    void postsWithoutACsrfTokenAreRefused() throws Exception {
        accounts.saveDepartment(TestStaff.DEPARTMENT, "テスト課", "内線 9999");
        String username = "nocsrf-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/admin/staff").param("username", username).param("displayName", "x")
                .param("departmentId", TestStaff.DEPARTMENT).param("role", "ADMIN").with(admin()))
                .andExpect(status().isForbidden());
        assertThat(accounts.exists(username)).isFalse();
        mvc.perform(post("/logout").with(admin())).andExpect(status().isForbidden());
        mvc.perform(post("/logout").with(admin()).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(post("/login").param("username", "admin").param("password", "x"))
                .andExpect(status().isForbidden());
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        for (var request : List.of(get("/login"), get("/admin/staff").with(admin()))) {
            mvc.perform(request)
                    .andExpect(header().string("Content-Security-Policy", Matchers.containsString("default-src 'self'")))
                    .andExpect(header().string("Content-Security-Policy",
                            Matchers.containsString("frame-ancestors 'none'")))
                    .andExpect(header().string("X-Frame-Options", "DENY"))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")));
        }
    }

    @Test
    void aNewAccountGetsAPasswordShownOnceAndStoredOnlyAsABcryptHash() throws Exception {
        accounts.saveDepartment(TestStaff.DEPARTMENT, "テスト課", "内線 9999");
        String username = "new-" + UUID.randomUUID().toString().substring(0, 8);

        MvcResult created = mvc.perform(post("/admin/staff").param("username", username).param("displayName", "山田 花子")
                        .param("departmentId", TestStaff.DEPARTMENT).param("role", "CASEWORKER").with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/staff/" + username + "/edit"))
                .andExpect(flash().attributeExists("issuedPassword")).andReturn();
        String password = (String) created.getFlashMap().get("issuedPassword");

        mvc.perform(get("/admin/staff/{u}/edit", username).with(admin()).flashAttrs(created.getFlashMap()))
                .andExpect(content().string(Matchers.containsString(password)));
        mvc.perform(get("/admin/staff/{u}/edit", username).with(admin()))
                .andExpect(status().isOk()).andExpect(content().string(Matchers.not(Matchers.containsString(password))));

        String hash = jdbc.sql("SELECT password_hash FROM staff_account WHERE username = :u").param("u", username)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(password);
        assertThat(accounts.find(username).orElseThrow().role()).isEqualTo(Role.CASEWORKER);
        mvc.perform(formLogin("/login").user(username).password(password)).andExpect(redirectedUrl("/"));

        assertThat(auditDetails(username)).anySatisfy(d -> assertThat(d)
                .contains("\"change\":\"create\"", "\"role\":\"CASEWORKER\"", "\"password\":\"issued\""));
        assertThat(allAuditDetails()).noneMatch(d -> d.contains(password));
    }

    @Test
    void editingRecordsWhatChangedFromWhatToWhat() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "edit", Role.VIEWER);
        mvc.perform(post("/admin/staff/{u}/edit", staff.username()).param("displayName", "試験 edit")
                        .param("departmentId", TestStaff.DEPARTMENT).param("role", "AUDITOR").param("enabled", "false")
                        .with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/staff/" + staff.username() + "/edit"))
                .andExpect(flash().attribute("done", "updated"));

        StaffAccount after = accounts.find(staff.username()).orElseThrow();
        assertThat(after.role()).isEqualTo(Role.AUDITOR);
        assertThat(after.enabled()).isFalse();
        assertThat(auditDetails(staff.username())).anySatisfy(d -> assertThat(d)
                .contains("\"change\":\"update\"", "\"role\":\"VIEWER → AUDITOR\"", "\"enabled\":\"true → false\"")
                .doesNotContain("displayName"));
        mvc.perform(formLogin("/login").user(staff.username()).password(staff.password()))
                .andExpect(redirectedUrl("/login?error"));

        mvc.perform(post("/admin/staff/{u}/edit", staff.username()).param("displayName", "試験 edit")
                        .param("departmentId", TestStaff.DEPARTMENT).param("role", "AUDITOR").param("enabled", "false")
                        .with(admin()).with(csrf()))
                .andExpect(flash().attribute("done", "unchanged"));
    }

    @Test
    void anAdministratorCannotTakeAwayTheirOwnAdministration() throws Exception {
        TestStaff self = TestStaff.create(accounts, "self", Role.ADMIN);
        mvc.perform(post("/admin/staff/{u}/edit", self.username()).param("displayName", "x")
                        .param("departmentId", TestStaff.DEPARTMENT).param("role", "VIEWER").param("enabled", "true")
                        .with(user(self.username()).roles("ADMIN")).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(Matchers.containsString("自分自身の管理者権限")));
        assertThat(accounts.find(self.username()).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aPasswordResetAsksOnceThenIssuesANewPassword() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "reset", Role.VIEWER);
        mvc.perform(get("/admin/staff/{u}/password", staff.username()).with(admin()))
                .andExpect(status().isOk()).andExpect(content().string(Matchers.containsString("今のパスワードは使えなくなります")));

        MvcResult reset = mvc.perform(post("/admin/staff/{u}/password", staff.username()).with(admin()).with(csrf()))
                .andExpect(flash().attributeExists("issuedPassword")).andReturn();
        String password = (String) reset.getFlashMap().get("issuedPassword");

        mvc.perform(formLogin("/login").user(staff.username()).password(staff.password()))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin("/login").user(staff.username()).password(password)).andExpect(redirectedUrl("/"));
        assertThat(auditDetails(staff.username())).anySatisfy(d -> assertThat(d).contains("password-reset"));
        assertThat(allAuditDetails()).noneMatch(d -> d.contains(password));
    }

    @Test
    void theListPagesAndFilters() throws Exception {
        String prefix = "pg" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < STAFF_PER_PAGE + 2; i++) {
            TestStaff.create(accounts, prefix, Role.VIEWER);
        }
        mvc.perform(get("/admin/staff").param("q", prefix).with(admin()))
                .andExpect(content().string(Matchers.containsString("1 / 2 ページ")))
                .andExpect(content().string(Matchers.containsString("全 52 人")));
        mvc.perform(get("/admin/staff").param("q", prefix).param("page", "2").with(admin()))
                .andExpect(content().string(Matchers.containsString("2 / 2 ページ")));
    }

    @Test
    void departmentsAreCreatedAndEditedOnRecord() throws Exception {
        String id = "dept-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/admin/departments").param("id", id).param("name", "障害福祉課").param("extension", "1234")
                .with(admin()).with(csrf())).andExpect(redirectedUrl("/admin/departments"));
        mvc.perform(post("/admin/departments").param("id", id).param("name", "重複").with(admin()).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(Matchers.containsString("すでに使われています")));
        mvc.perform(post("/admin/departments/{id}/edit", id).param("name", "障害福祉課").param("extension", "2345")
                .with(admin()).with(csrf())).andExpect(redirectedUrl("/admin/departments"));

        assertThat(accounts.department(id)).contains(new Department(id, "障害福祉課", "2345"));
        assertThat(jdbc.sql("""
                SELECT detail FROM audit_event WHERE action = 'ACCOUNT' AND actor = 'kanri' AND detail LIKE :d ORDER BY seq
                """).param("d", "%\"department\":\"" + id + "\"%").query(String.class).list())
                .satisfiesExactly(
                        d -> assertThat(d).contains("department-create", "障害福祉課"),
                        d -> assertThat(d).contains("department-update", "\"extension\":\"1234 → 2345\""));
        mvc.perform(get("/admin/departments").with(admin())).andExpect(content().string(Matchers.containsString(id)));
    }

    private List<String> auditDetails(String username) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE action = 'ACCOUNT' AND detail LIKE :a ORDER BY seq")
                .param("a", "%\"account\":\"" + username + "\"%").query(String.class).list();
    }

    private List<String> allAuditDetails() {
        return jdbc.sql("SELECT detail FROM audit_event").query(String.class).list();
    }
}
