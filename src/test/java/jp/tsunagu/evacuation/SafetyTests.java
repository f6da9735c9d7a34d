package jp.tsunagu.evacuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 安否確認 in disaster mode: entries sent again after a lost connection are stored once, the latest entry is the
 * person's state, the dashboard counts them by district, nothing is recorded outside a disaster, and a batch
 * with a person not on the list stores nothing.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-evacuation-safety")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafetyTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ListRecompute recompute;
    @Autowired
    Disasters disasters;
    @TempDir
    static Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void city() {
        SampleCity.started(catalog, imports, jdbc, accounts, dir)
                .staff("s-clerk", "福祉 花子", Role.CASEWORKER, "fukushi", "福祉課", "内線 2100")
                .staff("s-helper", "応援 次郎", Role.CASEWORKER, "kodomo-s", "こども課", "内線 2400")
                .staff("s-admin", "危機 管理", Role.ADMIN, "kikikanri", "危機管理課", "内線 3100");
        recompute.recompute("試験");
    }

    @AfterEach
    void noDisasterLeftOpen() {
        disasters.current().ifPresent(d -> disasters.end("s-admin"));
    }

    @Test
    void entriesSentTwiceAfterALostConnectionAreStoredOnceAndTheDashboardCountsThem() throws Exception {
        String district = district();
        declare(district);
        List<String> keys = jdbc.sql("SELECT person_key FROM evac_person WHERE district_id = :d ORDER BY person_key LIMIT 2")
                .param("d", district).query(String.class).list();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String batch = "[" + entry(first, keys.get(0), "SAFE", null, "2026-12-01T10:00:00+09:00") + ","
                + entry(second, keys.get(1), "SHELTER", "入間川小学校", "2026-12-01T10:05:00+09:00") + "]";

        JsonNode sent = send("s-helper", batch);
        // the answer was lost on the way back: the device sends the same queue again
        JsonNode resent = send("s-helper", batch);

        assertThat(sent.get("stored").asInt()).isEqualTo(2);
        assertThat(resent.get("received").asInt()).isEqualTo(2);
        assertThat(resent.get("stored").asInt()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM evac_safety WHERE entry_id IN (:a, :b)").param("a", first)
                .param("b", second).query(Long.class).single()).isEqualTo(2);

        String dashboard = mvc.perform(get("/evacuation/disaster/dashboard").with(user("s-helper")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        long listed = jdbc.sql("SELECT count(*) FROM evac_person WHERE district_id = :d").param("d", district)
                .query(Long.class).single();
        assertThat(dashboard).containsPattern("data-district=\"" + district + "\"[\\s\\S]*?<td class=\"num\">" + listed
                + "</td>\\s*<td class=\"num confirmed\">2</td>");
        assertThat(dashboard).doesNotContain(name(keys.get(0)));

        JsonNode api = json.readTree(mvc.perform(get("/api/v1/evacuation/safety/dashboard").with(user("s-admin")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        JsonNode row = null;
        for (JsonNode r : api) {
            if (r.get("district").get("code").asString().equals(district)) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("confirmed").asInt()).isEqualTo(2);
        assertThat(row.get("byStatus").get("SAFE").asInt()).isEqualTo(1);
        assertThat(row.get("byStatus").get("SHELTER").asInt()).isEqualTo(1);
    }

    @Test
    void theLatestEntryIsThePersonsStateOnThePhonePage() throws Exception {
        String district = district();
        declare(district);
        String key = jdbc.sql("SELECT person_key FROM evac_person WHERE district_id = :d ORDER BY person_key DESC LIMIT 1")
                .param("d", district).query(String.class).single();
        send("s-clerk", "[" + entry(UUID.randomUUID(), key, "ABSENT", null, "2026-12-01T09:00:00+09:00") + ","
                + entry(UUID.randomUUID(), key, "TRANSPORTED", null, "2026-12-01T11:00:00+09:00") + "]");
        send("s-clerk", "[" + entry(UUID.randomUUID(), key, "SAFE", null, "2026-12-01T10:00:00+09:00") + "]");

        String page = mvc.perform(get("/evacuation/safety").param("district", district).with(user("s-helper")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String item = page.substring(page.indexOf("data-person=\"" + key + "\""));
        item = item.substring(0, item.indexOf("</li>"));
        assertThat(item).contains(name(key), "<span class=\"current\">搬送</span>").doesNotContain(
                "<span class=\"current\">無事</span>");
    }

    @Test
    void nothingIsRecordedOutsideADisasterNorForSomeoneNotOnTheList() throws Exception {
        String key = jdbc.sql("SELECT person_key FROM evac_person ORDER BY person_key LIMIT 1").query(String.class).single();
        UUID id = UUID.randomUUID();
        String refused = mvc.perform(post("/evacuation/safety/entries").contentType(MediaType.APPLICATION_JSON)
                .content("[" + entry(id, key, "SAFE", null, null) + "]").with(user("s-clerk")).with(csrf()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("災害モードではない");

        declare(district());
        String notListed = jdbc.sql("""
                SELECT p.person_key FROM person p WHERE p.status = '住民'
                   AND NOT EXISTS (SELECT 1 FROM evac_person e WHERE e.person_key = p.person_key)
                 ORDER BY p.person_key LIMIT 1""").query(String.class).single();
        mvc.perform(post("/evacuation/safety/entries").contentType(MediaType.APPLICATION_JSON)
                .content("[" + entry(id, key, "SAFE", null, null) + "," + entry(UUID.randomUUID(), notListed, "SAFE",
                        null, null) + "]").with(user("s-clerk")).with(csrf()))
                .andExpect(status().isBadRequest());
        assertThat(jdbc.sql("SELECT count(*) FROM evac_safety WHERE entry_id = :id").param("id", id)
                .query(Long.class).single()).as("the whole batch refused").isZero();
    }

    private JsonNode send(String user, String batch) throws Exception {
        return json.readTree(mvc.perform(post("/evacuation/safety/entries").contentType(MediaType.APPLICATION_JSON)
                .content(batch).with(user(user)).with(csrf())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private void declare(String district) throws Exception {
        mvc.perform(post("/evacuation/disaster").param("kind", "洪水 (試験)").param("district", district)
                .with(user("s-admin")).with(csrf())).andExpect(status().is3xxRedirection());
    }

    private String district() {
        return jdbc.sql("SELECT district_id FROM evac_person WHERE district_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
                .query(String.class).single();
    }

    private String name(String key) {
        return jdbc.sql("SELECT name FROM person WHERE person_key = :k").param("k", key).query(String.class).single();
    }

    private static String entry(UUID id, String key, String status, String shelter, String at) {
        return "{\"id\":\"" + id + "\",\"personKey\":\"" + key + "\",\"status\":\"" + status + "\",\"shelter\":"
                + (shelter == null ? "null" : "\"" + shelter + "\"") + ",\"observedAt\":" + (at == null ? "null" : "\"" + at + "\"") + "}";
    }
}
