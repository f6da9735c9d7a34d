package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.PageSlice;
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
 * The data quality screens on a small fixture: a program source with one person key that the index
 * does not know, and persons who share kana and birth date under different keys. Administrators
 * only; audited before anything is shown; a 支援措置 person's address never shown.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-quality-f${tsunagu.test.fork:1}")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataQualityTests {

    static final String SOURCE_YAML = """
            name: 品質テスト手当
            program: 品質テスト手当
            department: {id: quality-test, name: 品質テスト課, contact: 内線 7777}
            encoding: UTF-8
            delimiter: ","
            header: true
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            recordKey: [受給者番号]
            fields:
              - {name: number, column: 受給者番号, label: 受給者番号, type: text}
              - {name: note, column: 備考, label: 備考, type: text}
            """;

    /** A 住登外-like master source: it builds the index, so it has no count of its own. */
    static final String MASTER_YAML = """
            name: 品質テスト住登外
            program: 住登外
            department: {id: quality-test, name: 品質テスト課, contact: 内線 7777}
            encoding: UTF-8
            delimiter: ","
            header: true
            role: non-resident
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: name, column: 氏名, label: 氏名, type: text}
              - {name: kana, column: カナ, label: カナ, type: text}
              - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [iso]}
            master: {name: name, kana: kana, birthDate: birth_date}
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataQuality quality;
    @TempDir
    static Path dir;

    String sourceId;
    String masterId;

    @BeforeAll
    void fixture() throws Exception {
        person("0000770001", "山田 太郎", "ヤマダ タロウ", "ヤマダタロウ", "1950-01-01", "狭山市入間川一丁目1番", false);
        person("0000770002", "山田 太朗", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ", "1950-01-01", "狭山市秘密町9番9号", true);
        person("0000770003", "山田 太郎", "ヤマダ タロウ", "ヤマダタロウ", "1950-01-02", "狭山市入間川二丁目2番", false);
        person("0000770004", "佐藤 花子", "サトウ ハナコ", "サトウハナコ", "1980-05-05", "狭山市狭山台一丁目", false);
        person("0000770005", "佐藤 華子", "サトウ ハナコ", "サトウハナコ", "1980-05-05", "狭山市柏原", false);
        person("0000770006", "佐藤 はなこ", "サトウ ハナコ", "サトウハナコ", "1980-05-05", "狭山市堀兼", false);

        sourceId = "quality-" + ProcessHandle.current().pid();
        catalog.register(sourceId, SOURCE_YAML);
        masterId = "quality-master-" + ProcessHandle.current().pid();
        catalog.register(masterId, MASTER_YAML);
        Path csv = dir.resolve("quality.csv");
        Files.writeString(csv, """
                宛名番号,受給者番号,備考
                770001,A-1,
                0000770004,A-2,
                770099,A-3,宛名索引にない
                0000770099,A-4,同じ人の二件目
                0000770088,A-5,宛名索引にない
                """, StandardCharsets.UTF_8);
        assertThat(imports.importFile(sourceId, csv, "test", "test").status()).isEqualTo(ImportStatus.APPLIED);
        jp.tsunagu.SampleCity.awaitListeners(jdbc);
    }

    @Test
    void recordsWhosePersonKeyIsNotInTheIndexAreCountedPerSourceAndListed() throws Exception {
        DataQuality.SourceCount count = quality.unindexedBySource().stream()
                .filter(c -> c.sourceId().equals(sourceId)).findFirst().orElseThrow();
        assertThat(count.records()).isEqualTo(5);
        assertThat(count.unindexed()).isEqualTo(3);
        assertThat(quality.unindexedBySource()).extracting(DataQuality.SourceCount::sourceId)
                .as("master sources build the index and have no such count").doesNotContain(masterId);

        String overview = html("/admin/quality");
        assertThat(overview).contains("品質テスト手当", "/admin/quality/unindexed/" + sourceId);

        String list = html("/admin/quality/unindexed/" + sourceId);
        assertThat(list).contains("0000770099", "A-3", "A-4", "0000770088", "A-5", "3 件")
                .doesNotContain("A-1", "A-2");
        assertThat(list.indexOf("0000770088")).as("by person key").isLessThan(list.indexOf("0000770099"));
    }

    @Test
    void theListOfUnindexedRecordsPagesByFifty() {
        PageSlice<DataQuality.UnindexedRecord> first = quality.unindexed(sourceId, 1, 2);
        PageSlice<DataQuality.UnindexedRecord> last = quality.unindexed(sourceId, 9, 2);
        assertThat(first.items()).extracting(DataQuality.UnindexedRecord::recordKey).containsExactly("A-5", "A-3");
        assertThat(first.hasNext()).isTrue();
        assertThat(last.number()).as("a page past the end shows the last").isEqualTo(2);
        assertThat(last.items()).extracting(DataQuality.UnindexedRecord::recordKey).containsExactly("A-4");
    }

    @Test
    void personsWithTheSameKanaAndBirthDateAreGroupedAsSuspectedDuplicates() throws Exception {
        PageSlice<DataQuality.DuplicateGroup> groups = quality.duplicates(1, 20);
        assertThat(groups.total().count()).isEqualTo(2);
        assertThat(groups.items()).extracting(DataQuality.DuplicateGroup::kanaKey, DataQuality.DuplicateGroup::birthDate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("サトウハナコ", LocalDate.of(1980, 5, 5)),
                        org.assertj.core.groups.Tuple.tuple("ヤマダタロウ", LocalDate.of(1950, 1, 1)));
        assertThat(groups.items().get(0).persons()).extracting(DataQuality.Candidate::personKey)
                .containsExactly("0000770004", "0000770005", "0000770006");
        assertThat(groups.items().get(1).persons()).extracting(DataQuality.Candidate::personKey)
                .as("born a day later is someone else").containsExactly("0000770001", "0000770002");
        assertThat(quality.duplicates(2, 1).items()).extracting(DataQuality.DuplicateGroup::kanaKey)
                .containsExactly("ヤマダタロウ");

        String html = html("/admin/quality/duplicates");
        assertThat(html).contains("0000770001", "0000770002", "0000770004", "昭和25年1月1日 (1950)",
                        "昭和55年5月5日 (1980)", "狭山市入間川一丁目1番", "住民")
                .doesNotContain("0000770003");
    }

    @Test
    void aProtectedPersonsAddressIsNotShownAmongTheDuplicates() throws Exception {
        long mark = AuditRows.mark(jdbc);
        String html = html("/admin/quality/duplicates");
        assertThat(html).contains("0000770002", "（支援措置のため非表示）").doesNotContain("秘密町");
        assertThat(AuditRows.since(jdbc, mark, "q-admin")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("SEARCH");
            assertThat(r.personKey()).isNull();
            assertThat(r.flagged()).as("a list with a 支援措置 person is flagged to auditors").isTrue();
            assertThat(r.detail()).containsEntry("screen", "quality.duplicates").containsEntry("groups", "2")
                    .containsEntry("shownPersons", "5");
        });
    }

    @Test
    void everyScreenIsAuditedWithItsNameAndCounts() throws Exception {
        long before = audit("quality.unindexed");
        html("/admin/quality/unindexed/" + sourceId);
        assertThat(audit("quality.unindexed")).isEqualTo(before + 1);
        assertThat(jdbc.sql("""
                SELECT detail FROM audit_event WHERE actor = 'q-admin' AND action = 'SEARCH'
                   AND detail LIKE '%"screen":"quality.unindexed"%' ORDER BY seq DESC LIMIT 1""")
                .query(String.class).single())
                .contains("\"source\":\"" + sourceId + "\"", "\"total\":\"3\"", "\"shown\":\"3\"");

        for (String screen : List.of("quality.overview", "quality.duplicates")) {
            long count = audit(screen);
            html(screen.equals("quality.overview") ? "/admin/quality" : "/admin/quality/duplicates");
            assertThat(audit(screen)).as(screen).isEqualTo(count + 1);
        }
        assertThat(jdbc.sql("""
                SELECT detail FROM audit_event WHERE actor = 'q-admin' AND action = 'SEARCH'
                   AND detail LIKE '%"screen":"quality.duplicates"%' ORDER BY seq DESC LIMIT 1""")
                .query(String.class).single()).contains("\"groups\":\"2\"", "\"shownPersons\":\"5\"");
    }

    @Test
    void nothingIsShownWhenTheAuditTrailCannotBeWritten() throws Exception {
        jdbc.sql("ALTER TABLE audit_head RENAME TO audit_head_away").update();
        try {
            for (String url : List.of("/admin/quality", "/admin/quality/unindexed/" + sourceId,
                    "/admin/quality/duplicates")) {
                String body = mvc.perform(get(url).with(user("q-admin").roles("ADMIN")))
                        .andExpect(status().isServiceUnavailable()).andReturn().getResponse()
                        .getContentAsString(StandardCharsets.UTF_8);
                assertThat(body).as(url).contains("アクセス記録を書けない")
                        .doesNotContain("0000770001", "0000770099", "山田", "品質テスト手当");
            }
        } finally {
            jdbc.sql("ALTER TABLE audit_head_away RENAME TO audit_head").update();
        }
    }

    @Test
    void onlyAdministratorsMayOpenTheScreens() throws Exception {
        for (String url : List.of("/admin/quality", "/admin/quality/unindexed/" + sourceId,
                "/admin/quality/duplicates")) {
            for (String role : List.of("VIEWER", "CASEWORKER", "AUDITOR")) {
                mvc.perform(get(url).with(user("q-" + role.toLowerCase()).roles(role)))
                        .andExpect(status().isForbidden());
            }
            mvc.perform(get(url)).andExpect(status().is3xxRedirection());
        }
    }

    @Test
    void aMasterOrUnknownSourceHasNoList() throws Exception {
        mvc.perform(get("/admin/quality/unindexed/" + masterId).with(user("q-admin").roles("ADMIN")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/quality/unindexed/no-such-source").with(user("q-admin").roles("ADMIN")))
                .andExpect(status().isNotFound());
    }

    private String html(String url) throws Exception {
        return mvc.perform(get(url).with(user("q-admin").roles("ADMIN"))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private long audit(String screen) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = 'q-admin' AND action = 'SEARCH' AND detail LIKE :d")
                .param("d", "%\"screen\":\"" + screen + "\"%").query(Long.class).single();
    }

    /** A person as the index writes one: a 支援措置 person's whereabouts protected too (address_protected). */
    private void person(String key, String name, String kana, String kanaKey, String born, String address,
            boolean supportMeasure) {
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, kana_key, kana_loose,
                                    name_key, birth_date, address, support_measure, address_protected, grams, updated_run)
                VALUES (:k, 'jumin-kiroku', true, '住民', :name, :kana, :kanaKey, :kanaKey, :name, :born::date,
                        :address, :sm, :sm, '{}', 0)""")
                .param("k", key).param("name", name).param("kana", kana).param("kanaKey", kanaKey)
                .param("born", born).param("address", address).param("sm", supportMeasure).update();
    }
}
