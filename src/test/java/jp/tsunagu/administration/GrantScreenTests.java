package jp.tsunagu.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The grants screen (閲覧範囲) and the 支援措置 address permission, as an administrator changes them. */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-grants")
class GrantScreenTests {

    /** A source owned by {@code %s}, with one sensitive field. */
    static final String SOURCE = """
            name: テスト障害者手帳
            program: 障害福祉
            department: {id: %s, name: テスト障害福祉課, contact: 内線 1234}
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: grade, column: 等級, label: 障害等級, type: text, sensitive: true}
              - {name: status, column: 状態, label: 交付状態, type: text}
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy policy;
    @Autowired
    JdbcClient jdbc;

    String administrator;
    String owner;
    String other;
    SourceDefinition source;

    @BeforeEach
    void aSourceOwnedByOneDepartmentAndAnotherDepartment() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        administrator = "kanri-" + run;
        owner = "g-shogai-" + run;
        other = "g-kaigo-" + run;
        accounts.saveDepartment(owner, "テスト障害福祉課 " + run, "内線 1234");
        accounts.saveDepartment(other, "テスト介護保険課 " + run, "内線 2345");
        source = catalog.register("g-techo-" + run, SOURCE.formatted(owner));
    }

    /**
     * The matrix pages its departments by thirty: each test takes its two departments (and their
     * grants) away again, so that what a test looks for is on the first page however many tests ran
     * before it.
     */
    @AfterEach
    void removeTheDepartments() {
        for (String department : List.of(owner, other)) {
            jdbc.sql("DELETE FROM source_grant WHERE department_id = :d").param("d", department).update();
            jdbc.sql("DELETE FROM department WHERE department_id = :d").param("d", department).update();
        }
    }

    RequestPostProcessor admin() {
        return user(administrator).roles("ADMIN");
    }

    @Test
    void theMatrixShowsARegisteredSourceWithItsDefaultLevels() throws Exception {
        GrantMatrix matrix = (GrantMatrix) mvc.perform(get("/admin/grants").with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(source.name())))
                .andExpect(content().string(containsString("所管: テスト障害福祉課")))
                .andExpect(content().string(containsString("scope=\"colgroup\"")))
                .andExpect(content().string(containsString("href=\"/admin/grants/" + other + "/" + source.id())))
                .andReturn().getModelAndView().getModel().get("matrix");

        assertThat(matrix.programs()).anySatisfy(p -> assertThat(p.name()).isEqualTo("障害福祉"));
        EffectiveGrant ownerCell = cell(matrix, owner);
        assertThat(ownerCell.level()).isEqualTo(GrantLevel.DETAIL);
        assertThat(ownerCell.sensitive()).isTrue();
        assertThat(ownerCell.owner()).isTrue();
        assertThat(ownerCell.isExplicit()).isFalse();
        EffectiveGrant otherCell = cell(matrix, other);
        assertThat(otherCell.level()).isEqualTo(GrantLevel.SUMMARY);
        assertThat(otherCell.sensitive()).isFalse();
        assertThat(otherCell.isExplicit()).isFalse();
    }

    @Test
    void everyCellOfTheMatrixIsWhatTheAccessPolicyDecides() throws Exception {
        policy.grant(administrator, other, source.id(), GrantLevel.DETAIL, true);
        policy.grant(administrator, owner, source.id(), GrantLevel.SUMMARY, true);

        GrantMatrix matrix = (GrantMatrix) mvc.perform(get("/admin/grants").with(admin()))
                .andExpect(content().string(containsString("badge badge-info")))
                .andReturn().getModelAndView().getModel().get("matrix");

        for (GrantMatrix.Row row : matrix.rows()) {
            Viewer viewer = new Viewer("matrix-check", Role.VIEWER, row.department().department().id());
            for (GrantMatrix.Cell cell : row.cells()) {
                SourceDefinition s = cell.column().source();
                GrantLevel level = policy.level(viewer, s.id(), s.department().id(), null);
                assertThat(cell.grant().level()).as(viewer.departmentId() + " × " + s.id()).isEqualTo(level);
                assertThat(cell.grant().sensitive()).as(viewer.departmentId() + " × " + s.id())
                        .isEqualTo(level == GrantLevel.DETAIL
                                && policy.seesSensitive(viewer, s.id(), s.department().id(), null));
            }
        }
        assertThat(cell(matrix, other).isExplicit()).isTrue();
        assertThat(cell(matrix, owner).level()).isEqualTo(GrantLevel.SUMMARY);
    }

    @Test
    void givingTheDetailAsksOnceThenChangesTheLevelAndIsAudited() throws Exception {
        mvc.perform(get("/admin/grants/{d}/{s}", other, source.id()).with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("障害等級")))
                .andExpect(content().string(not(containsString("既定に戻す"))));

        mvc.perform(post("/admin/grants/{d}/{s}", other, source.id()).param("level", "DETAIL")
                        .param("sensitive", "true").with(admin()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("すべての項目を見られるようになります")))
                .andExpect(content().string(containsString("要配慮項目 (障害等級) も見られるようになります")))
                .andExpect(content().string(containsString("name=\"confirmed\" value=\"true\"")));
        assertThat(levelOf(other)).as("nothing changes before the administrator confirms").isEqualTo(GrantLevel.SUMMARY);
        assertThat(grantAudits()).isEmpty();

        mvc.perform(post("/admin/grants/{d}/{s}", other, source.id()).param("level", "DETAIL")
                        .param("sensitive", "true").param("confirmed", "true").with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/grants?page=1"));

        assertThat(levelOf(other)).isEqualTo(GrantLevel.DETAIL);
        assertThat(policy.seesSensitive(viewerIn(other), source.id(), owner, null)).isTrue();
        assertThat(grantAudits()).singleElement().satisfies(d -> assertThat(d)
                .contains("\"department\":\"" + other + "\"", "\"level\":\"DETAIL\"", "\"sensitive\":\"true\""));
    }

    @Test
    void aChangeThatNeitherGivesNorTakesTheDetailIsMadeAtOnce() throws Exception {
        mvc.perform(post("/admin/grants/{d}/{s}", other, source.id()).param("level", "NONE")
                        .with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/grants?page=1"));
        assertThat(levelOf(other)).isEqualTo(GrantLevel.NONE);
        assertThat(grantAudits()).singleElement().satisfies(d -> assertThat(d).contains("\"level\":\"NONE\""));

        mvc.perform(get("/admin/grants").with(admin()))
                .andExpect(content().string(containsString(
                        "href=\"/admin/grants/" + other + "/" + source.id() + "?page=1\"")));
    }

    @Test
    void takingTheDetailFromTheOwnerAsksOnceAndSaysWhatItDoes() throws Exception {
        mvc.perform(post("/admin/grants/{d}/{s}", owner, source.id()).param("level", "SUMMARY")
                        .with(admin()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("詳細を見られなくなり")));
        assertThat(levelOf(owner)).isEqualTo(GrantLevel.DETAIL);

        mvc.perform(post("/admin/grants/{d}/{s}", owner, source.id()).param("level", "SUMMARY")
                        .param("confirmed", "true").with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/grants?page=1"));
        assertThat(levelOf(owner)).isEqualTo(GrantLevel.SUMMARY);
        assertThat(policy.seesSensitive(viewerIn(owner), source.id(), owner, null)).isFalse();
    }

    @Test
    void revertingToTheDefaultRemovesTheExplicitGrantAndIsAudited() throws Exception {
        policy.grant(administrator, other, source.id(), GrantLevel.DETAIL, false);
        mvc.perform(get("/admin/grants/{d}/{s}", other, source.id()).with(admin()))
                .andExpect(content().string(containsString("既定に戻す")))
                .andExpect(content().string(containsString(administrator)));

        mvc.perform(post("/admin/grants/{d}/{s}/default", other, source.id()).with(admin()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("詳細を見られなくなり")));
        assertThat(levelOf(other)).isEqualTo(GrantLevel.DETAIL);

        mvc.perform(post("/admin/grants/{d}/{s}/default", other, source.id()).param("confirmed", "true")
                        .with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/grants?page=1"));

        assertThat(levelOf(other)).isEqualTo(GrantLevel.SUMMARY);
        assertThat(jdbc.sql("SELECT count(*) FROM source_grant WHERE department_id = :d AND source_id = :s")
                .param("d", other).param("s", source.id()).query(Long.class).single()).isZero();
        assertThat(grantAudits()).hasSize(2).last().satisfies(d -> assertThat(d)
                .contains("\"level\":\"default\"", "\"removedLevel\":\"DETAIL\""));

        mvc.perform(post("/admin/grants/{d}/{s}/default", other, source.id()).param("confirmed", "true")
                        .with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/grants?page=1"));
        assertThat(grantAudits()).as("nothing to revert, nothing recorded").hasSize(2);
    }

    @Test
    void allowingProtectedAddressesAsksOnceWithAWarningAndWithdrawingDoesNot() throws Exception {
        Viewer staff = viewerIn(other);
        mvc.perform(get("/admin/grants/protected-addresses").with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("支援措置対象者の住所を閲覧できる")))
                .andExpect(content().string(containsString("命に関わります")));

        mvc.perform(post("/admin/grants/protected-addresses").param("department", other).param("allowed", "true")
                        .with(admin()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("命に関わります")))
                .andExpect(content().string(containsString("name=\"confirmed\" value=\"true\"")));
        assertThat(policy.seesProtectedAddress(staff, "0000100002")).isFalse();

        mvc.perform(post("/admin/grants/protected-addresses").param("department", other).param("allowed", "true")
                        .param("confirmed", "true").with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/grants/protected-addresses?page=1"));
        assertThat(policy.seesProtectedAddress(staff, "0000100002")).isTrue();

        mvc.perform(post("/admin/grants/protected-addresses").param("department", other).param("allowed", "false")
                        .with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/admin/grants/protected-addresses?page=1"));
        assertThat(policy.seesProtectedAddress(staff, "0000100002")).isFalse();
        assertThat(grantAudits()).hasSize(2).satisfiesExactly(
                d -> assertThat(d).contains("\"protectedAddress\":\"true\""),
                d -> assertThat(d).contains("\"protectedAddress\":\"false\""));
    }

    @Test
    void onlyAdministratorsReachTheGrantScreens() throws Exception {
        for (String role : List.of("VIEWER", "CASEWORKER", "AUDITOR")) {
            RequestPostProcessor someone = user(administrator).roles(role);
            mvc.perform(get("/admin/grants").with(someone)).andExpect(status().isForbidden());
            mvc.perform(get("/admin/grants/{d}/{s}", other, source.id()).with(someone))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/admin/grants/{d}/{s}", other, source.id()).param("level", "DETAIL")
                    .param("confirmed", "true").with(someone).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(post("/admin/grants/{d}/{s}/default", other, source.id()).param("confirmed", "true")
                    .with(someone).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(get("/admin/grants/protected-addresses").with(someone)).andExpect(status().isForbidden());
            mvc.perform(post("/admin/grants/protected-addresses").param("department", other)
                            .param("allowed", "true").param("confirmed", "true").with(someone).with(csrf()))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/admin/grants")).andExpect(redirectedUrl("/login"));
        assertThat(levelOf(other)).isEqualTo(GrantLevel.SUMMARY);
        assertThat(policy.seesProtectedAddress(viewerIn(other), "0000100002")).isFalse();
        assertThat(grantAudits()).isEmpty();
    }

    @Test
    void postsWithoutACsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/admin/grants/{d}/{s}", other, source.id()).param("level", "DETAIL")
                .param("confirmed", "true").with(admin())).andExpect(status().isForbidden());
        mvc.perform(post("/admin/grants/{d}/{s}/default", other, source.id()).param("confirmed", "true")
                .with(admin())).andExpect(status().isForbidden());
        mvc.perform(post("/admin/grants/protected-addresses").param("department", other).param("allowed", "true")
                .param("confirmed", "true").with(admin())).andExpect(status().isForbidden());
        assertThat(levelOf(other)).isEqualTo(GrantLevel.SUMMARY);
        assertThat(policy.seesProtectedAddress(viewerIn(other), "0000100002")).isFalse();
        assertThat(grantAudits()).isEmpty();
    }

    @Test
    void unknownDepartmentsSourcesAndLevelsAreRefused() throws Exception {
        mvc.perform(get("/admin/grants/{d}/{s}", "no-such-dept", source.id()).with(admin()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/grants/{d}/{s}", other, "no-such-source").with(admin()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/admin/grants/{d}/{s}", other, source.id()).param("level", "ALL")
                .with(admin()).with(csrf())).andExpect(status().isBadRequest());
        assertThat(grantAudits()).isEmpty();
    }

    private EffectiveGrant cell(GrantMatrix matrix, String departmentId) {
        return matrix.rows().stream().filter(r -> r.department().department().id().equals(departmentId))
                .findFirst().orElseThrow().cells().stream()
                .filter(c -> c.column().source().id().equals(source.id())).findFirst().orElseThrow().grant();
    }

    private Viewer viewerIn(String departmentId) {
        return new Viewer("grants-check", Role.VIEWER, departmentId);
    }

    private GrantLevel levelOf(String departmentId) {
        return policy.level(viewerIn(departmentId), source.id(), owner, null);
    }

    /** The grant changes this test's administrator made, oldest first. */
    private List<String> grantAudits() {
        return jdbc.sql("SELECT detail FROM audit_event WHERE action = 'GRANT' AND actor = :a ORDER BY seq")
                .param("a", administrator).query(String.class).list();
    }
}
