package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.ibm.icu.text.Transliterator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.japanese.JapaneseDates;
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
 * The one search box over the sample municipality: kana in any width or script, kanji variants,
 * every date notation, keys with or without padding; audited, and 支援措置 addresses hidden.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-search")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchTests {

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
        jp.tsunagu.SampleCity.started(catalog, imports, jdbc, accounts, dir)
                .staff("s-kaigo", "介護 花子", Role.CASEWORKER, "s-kaigo", "介護保険課", "内線 2345")
                .staff("s-shimin", "市民 一郎", Role.CASEWORKER, "s-shimin", "市民課 支援措置担当", "内線 1210");
        access.allowProtectedAddresses("admin", "s-shimin", true);
    }

    @Test
    void hiraganaAndHalfWidthKanaFindTheKatakanaName() throws Exception {
        Map<String, Object> p = person("status = '住民' AND length(kana_key) >= 4");
        String kana = (String) p.get("kana_key");
        String hiragana = Transliterator.getInstance("Katakana-Hiragana").transliterate(kana.substring(0, 3));
        String halfWidth = Transliterator.getInstance("Fullwidth-Halfwidth").transliterate(kana);
        assertThat(search(hiragana)).contains((String) p.get("person_key"));
        assertThat(search(halfWidth)).contains((String) p.get("person_key"));
    }

    @Test
    void aVariantKanjiIsFoundByItsCommonForm() throws Exception {
        Map<String, Object> p = person("name ~ '[髙﨑邊邉齋齊]'");
        String common = ((String) p.get("name")).replace('髙', '高').replace('﨑', '崎').replace('邊', '辺')
                .replace('邉', '辺').replace('齋', '斉').replace('齊', '斉').split("[ 　]")[0];
        assertThat(search(common)).contains((String) p.get("person_key"));
    }

    @Test
    void everyDateNotationAndTheKeyWithOrWithoutZerosFindThePerson() throws Exception {
        Map<String, Object> p = person("status = '住民' AND birth_date > '1989-01-08' AND birth_date < '2019-04-30'");
        String key = (String) p.get("person_key");
        LocalDate born = ((java.sql.Date) p.get("birth_date")).toLocalDate();
        int heisei = born.getYear() - 1988;
        for (String q : new String[] {JapaneseDates.wareki(born),
                String.format("H%02d.%02d.%02d", heisei, born.getMonthValue(), born.getDayOfMonth()),
                String.format("4%02d%02d%02d", heisei, born.getMonthValue(), born.getDayOfMonth()),
                born.getYear() + "/" + born.getMonthValue() + "/" + born.getDayOfMonth(), born.toString()}) {
            assertThat(search(q)).as(q).contains(key);
        }
        assertThat(search(key.replaceFirst("^0+", ""))).contains(key);
        assertThat(search(key)).contains(key);
    }

    @Test
    void everySearchIsAuditedWithTermsAndCount() throws Exception {
        Map<String, Object> p = person("status = '住民' AND NOT address_protected");
        String q = (String) p.get("person_key");
        long mark = AuditRows.mark(jdbc);
        search(q);
        assertThat(AuditRows.since(jdbc, mark, "s-kaigo")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("SEARCH");
            assertThat(r.personKey()).isNull();
            assertThat(r.flagged()).isFalse();
            assertThat(r.detail()).isEqualTo(Map.of("q", q, "results", "1"));
        });
    }

    @Test
    void aProtectedPersonsAddressIsHiddenUnlessTheDepartmentMaySeeIt() throws Exception {
        Map<String, Object> p = person("support_measure AND status = '住民'");
        String key = (String) p.get("person_key");
        String address = (String) p.get("address");
        long mark = AuditRows.mark(jdbc);
        String hidden = mvc.perform(get("/api/v1/persons").param("q", key).with(user("s-kaigo")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(hidden).contains(key).contains("支援措置のため非表示").doesNotContain(address);
        String html = mvc.perform(get("/search").param("q", key).with(user("s-kaigo")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("支援措置のため非表示").doesNotContain(address);
        String shown = mvc.perform(get("/api/v1/persons").param("q", key).with(user("s-shimin")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(shown).contains(address);
        java.util.function.Consumer<AuditRows.Row> flaggedSearch = r -> {
            assertThat(r.action()).isEqualTo("SEARCH");
            assertThat(r.flagged()).as("a 支援措置 person among the results").isTrue();
            assertThat(r.detail()).isEqualTo(Map.of("q", key, "results", "1"));
        };
        assertThat(AuditRows.since(jdbc, mark, "s-kaigo")).as("the API and the page").hasSize(2)
                .allSatisfy(flaggedSearch);
        assertThat(AuditRows.since(jdbc, mark, "s-shimin")).singleElement().satisfies(flaggedSearch);
    }

    @Test
    void breakGlassShowsAProtectedAddressAfterAReasonAndIsFlagged() throws Exception {
        Map<String, Object> p = person("support_measure AND status = '住民'");
        String key = (String) p.get("person_key");
        String address = (String) p.get("address");
        // a user of this test only: an open break-glass stays in the shared database
        String asker = "s-kaigo-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        accounts.save(asker, "介護 二郎", "pw-123456789", Role.CASEWORKER, "s-kaigo");
        String before = html("/search?q=" + key, asker);
        assertThat(before).doesNotContain(address).contains("/persons/" + key + "/break-glass");

        String refused = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/persons/" + key + "/break-glass").param("reason", "急ぎ")
                        .with(user(asker)).with(org.springframework.security.test.web.servlet.request
                                .SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused).contains("10 文字以上");

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/persons/" + key + "/break-glass").param("reason", "本人から緊急の相談、住所確認が必要なため")
                        .with(user(asker)).with(org.springframework.security.test.web.servlet.request
                                .SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(html("/search?q=" + key, asker)).contains(address);
        assertThat(html("/search?q=" + key, "s-kaigo")).as("only for the one who asked").doesNotContain(address);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'BREAK_GLASS' AND actor = :a
                   AND person_key = :k AND flagged""").param("a", asker).param("k", key).query(Long.class).single()).isEqualTo(1);
    }

    private String html(String url, String username) throws Exception {
        return mvc.perform(get(url).with(user(username))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void whenTheAuditTrailCannotBeWrittenNoResultIsReturned() throws Exception {
        Map<String, Object> p = person("status = '住民'");
        jdbc.sql("ALTER TABLE audit_head RENAME TO audit_head_away").update();
        try {
            String body = mvc.perform(get("/api/v1/persons").param("q", (String) p.get("person_key"))
                            .with(user("s-kaigo")))
                    .andExpect(status().isServiceUnavailable()).andReturn().getResponse()
                    .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).contains("アクセス記録を書けない").doesNotContain((String) p.get("name"));
        } finally {
            jdbc.sql("ALTER TABLE audit_head_away RENAME TO audit_head").update();
        }
    }

    @Test
    void anonymousUsersAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/api/v1/persons").param("q", "ヤマダ")).andExpect(status().is3xxRedirection());
    }

    private String search(String q) throws Exception {
        return mvc.perform(get("/api/v1/persons").param("q", q).with(user("s-kaigo")))
                .andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Map<String, Object> person(String where) {
        return jdbc.sql("SELECT * FROM person WHERE " + where + " ORDER BY person_key LIMIT 1").query().singleRow();
    }
}
