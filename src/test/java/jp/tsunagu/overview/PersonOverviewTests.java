package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * One person on one screen: the owning department sees a program's fields, another department sees
 * "関わりあり" with whom to call, sensitive fields are masked, a 支援措置 person's address is hidden
 * behind a banner, and every view is in the audit trail with its sections.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-overview")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonOverviewTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    static Path dir;

    @BeforeAll
    void sampleCity() {
        var city = jp.tsunagu.SampleCity.started(catalog, imports, jdbc, accounts, dir);
        var kaigo = catalog.get("kaigo-nintei").department();
        city.staff("o-kaigo", "介護 花子", Role.CASEWORKER, kaigo.id(), kaigo.name(), "内線 2345")
                .staff("o-madoguchi", "窓口 五子", Role.VIEWER, "o-madoguchi", "市民課窓口", "内線 5678");
    }

    @Test
    void theOwningDepartmentSeesTheFieldsOthersSeeWhomToCall() throws Exception {
        String key = jdbc.sql("""
                SELECT r.person_key FROM source_record r JOIN person p USING (person_key)
                 WHERE r.source_id = 'kaigo-nintei' AND NOT p.support_measure
                 ORDER BY r.person_key LIMIT 1""").query(String.class).single();
        var nintei = catalog.get("kaigo-nintei");

        String owner = page(key, "o-kaigo");
        assertThat(owner).contains("要介護認定").contains(nintei.fields().get(1).label());
        long mark = AuditRows.mark(jdbc);
        String other = page(key, "o-madoguchi");
        assertThat(other).contains("関わりあり — 担当: <span>" + nintei.department().name() + "</span>")
                .contains(nintei.department().contact());
        assertThat(AuditRows.since(jdbc, mark, "o-madoguchi")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("VIEW_PERSON");
            assertThat(r.personKey()).isEqualTo(key);
            assertThat(r.flagged()).isFalse();
            assertThat(r.detail()).containsEntry("detail", "").containsKeys("sections", "summary");
            assertThat(r.detail().get("summary").split(",")).contains("kaigo-nintei");
        });
    }

    @Test
    void householdMembersAreLinked() throws Exception {
        String key = jdbc.sql("""
                SELECT p.person_key FROM person p
                 WHERE NOT p.support_measure AND p.household_key IN (
                     SELECT household_key FROM person GROUP BY household_key HAVING count(*) >= 3)
                 ORDER BY p.person_key LIMIT 1""").query(String.class).single();
        String other = jdbc.sql("""
                SELECT person_key FROM person WHERE household_key = (SELECT household_key FROM person WHERE person_key = :k)
                   AND person_key <> :k LIMIT 1""").param("k", key).query(String.class).single();
        assertThat(page(key, "o-madoguchi")).contains("/persons/" + other);
    }

    @Test
    void aProtectedPersonsAddressAndHouseholdAreHiddenBehindABanner() throws Exception {
        var p = jdbc.sql("SELECT person_key, address FROM person WHERE support_measure AND status = '住民' LIMIT 1")
                .query().singleRow();
        long mark = AuditRows.mark(jdbc);
        String html = page((String) p.get("person_key"), "o-madoguchi");
        assertThat(html).contains("支援措置対象者").contains("（支援措置のため非表示）")
                .doesNotContain((String) p.get("address")).doesNotContain("id=\"household\"");
        assertThat(AuditRows.since(jdbc, mark, "o-madoguchi")).as("the look at a 支援措置 person is flagged")
                .singleElement().satisfies(r -> {
                    assertThat(r.action()).isEqualTo("VIEW_PERSON");
                    assertThat(r.personKey()).isEqualTo(p.get("person_key"));
                    assertThat(r.flagged()).isTrue();
                    assertThat(r.detail()).as("no household section for a protected person")
                            .containsEntry("sections", "header,programs");
                });
    }

    @Test
    void theJsonOverviewAppliesTheSameRules() throws Exception {
        var p = jdbc.sql("SELECT person_key, address FROM person WHERE support_measure AND status = '住民' LIMIT 1")
                .query().singleRow();
        String json = mvc.perform(get("/api/v1/persons/" + p.get("person_key") + "/overview").with(user("o-madoguchi")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"addressHidden\":true").contains("（支援措置のため非表示）")
                .doesNotContain((String) p.get("address"));
        mvc.perform(get("/api/v1/persons/0000000000/overview").with(user("o-madoguchi")))
                .andExpect(status().isNotFound());
    }

    @Test
    void cardsSayHowOldTheirDataIs() throws Exception {
        String key = jdbc.sql("SELECT person_key FROM source_record WHERE source_id = 'kaigo-nintei' LIMIT 1")
                .query(String.class).single();
        assertThat(page(key, "o-kaigo")).contains("時点").doesNotContain("古いデータ");
        java.time.OffsetDateTime finished = jdbc.sql("""
                SELECT finished_at FROM import_run
                 WHERE run_id = (SELECT current_run FROM source WHERE source_id = 'kaigo-nintei')""")
                .query(java.time.OffsetDateTime.class).single();
        try {
            jdbc.sql("""
                    UPDATE import_run SET finished_at = now() - interval '30 days'
                     WHERE run_id = (SELECT current_run FROM source WHERE source_id = 'kaigo-nintei')""").update();
            assertThat(page(key, "o-kaigo")).contains("古いデータ");
        } finally {
            // the other tests of this class read the same source: give it back its day
            jdbc.sql("""
                    UPDATE import_run SET finished_at = :f
                     WHERE run_id = (SELECT current_run FROM source WHERE source_id = 'kaigo-nintei')""")
                    .param("f", finished).update();
        }
    }

    @Test
    void theTabTitleCarriesNoNameAndThePrintedTimeIsTheServersInJapan() throws Exception {
        Map<String, Object> person = jdbc.sql("""
                SELECT person_key, name FROM person WHERE NOT support_measure ORDER BY person_key LIMIT 1""")
                .query().singleRow();
        String before = jp.tsunagu.platform.TokyoTime.minutes(java.time.Instant.now());
        String body = page((String) person.get("person_key"), "o-madoguchi");
        String after = jp.tsunagu.platform.TokyoTime.minutes(java.time.Instant.now());

        String title = body.substring(body.indexOf("<title>"), body.indexOf("</title>"));
        assertThat(title).startsWith("<title>個人の概要 | つなぐ").doesNotContain((String) person.get("name"));
        assertThat(body).as("the name is on the page itself").contains((String) person.get("name"));
        assertThat(body).containsAnyOf("表示日時: " + before, "表示日時: " + after);
    }

    @Test
    void anUnknownPersonIsNotFound() throws Exception {
        mvc.perform(get("/persons/0000000000").with(user("o-kaigo"))).andExpect(status().isNotFound());
    }

    private String page(String key, String username) throws Exception {
        return mvc.perform(get("/persons/" + key).with(user(username))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
