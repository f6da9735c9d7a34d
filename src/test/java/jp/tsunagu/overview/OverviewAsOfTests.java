package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import jp.tsunagu.AuditRows;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The as-of view (過去の時点の表示): a source imported three times — on 2025-03-31, late on 2025-04-01
 * and just after midnight on 2025-04-02 (Japan time) — shows, as of a day, the snapshot that was
 * current at the end of that day, with its record versions; a source first imported later is left out
 * and named; another department sees only "関わりあり"; the day is in the audit record; a date that is
 * not one, or lies in the future, is refused in Japanese without personal data.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewAsOfTests {

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
    @TempDir
    static Path dir;

    final String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
    final String key = String.format("97%08d", ProcessHandle.current().pid() % 100_000_000);
    final String owner = "asof-owner-" + tag;
    final String other = "asof-other-" + tag;
    final String care = "asof-care-" + tag;
    final String later = "asof-later-" + tag;
    final String held = "asof-held-" + tag;

    @BeforeAll
    void threeSnapshotsOfOneSourceAndALaterSource() throws Exception {
        catalog.register("asof-master-" + tag, """
                name: 住登外 (基準日試験)
                program: 住登外者管理
                department: {id: shimin, name: 市民課, contact: 内線 1210}
                role: non-resident
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: name, column: 氏名, label: 氏名}
                  - {name: kana, column: カナ氏名, label: カナ氏名}
                  - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
                master: {name: name, kana: kana, birthDate: birth_date}
                """);
        applied("asof-master-" + tag, "宛名番号,氏名,カナ氏名,生年月日\n" + key + ",基準　日子,キジュン　ヒコ,19500101\n");
        awaitIndexed(key, null);

        accounts.saveDepartment(owner, "基準日課", "内線 4321");
        accounts.save(owner, "基準 一郎", "pw-123456789", Role.CASEWORKER, owner);
        accounts.saveDepartment(other, "別課", "内線 0001");
        accounts.save(other, "別課 二郎", "pw-123456789", Role.VIEWER, other);
        String program = """
                name: %s
                program: %s
                department: {id: %s, name: 基準日課, contact: 内線 4321}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号, 番号]
                holdShare: 1.0
                staleAfterDays: 100000
                fields:
                  - {name: no, column: 番号, label: 番号}
                  - {name: status, column: 状態, label: 受給状態, type: code, codes: {"1": 受給中, "2": 停止}}
                  - {name: note, column: 備考, label: 備考}
                """;
        catalog.register(care, program.formatted("介護手当 (基準日試験)", "介護手当", owner));
        catalog.register(later, program.formatted("配食 (基準日試験)", "配食サービス", owner));

        String header = "宛名番号,番号,状態,備考\n";
        finishedAt(applied(care, header + key + ",1,1,初回の記録\n" + key + ",2,1,のちに終了する記録\n"),
                "2025-03-31T10:00+09:00");
        finishedAt(applied(care, header + key + ",1,2,二回目の記録\n" + key + ",2,1,のちに終了する記録\n"),
                "2025-04-01T23:30+09:00");
        finishedAt(applied(care, header + key + ",1,2,三回目の記録\n"), "2025-04-02T00:10+09:00");
        applied(later, header + key + ",1,1,後から連携した記録\n");

        // read on 2025-04-01, held (it ends every record), confirmed on 2025-04-03
        catalog.register(held, program.formatted("保留試験 (基準日試験)", "保留試験", owner).replace("holdShare: 1.0", "holdShare: 0.1"));
        finishedAt(applied(held, header + key + ",1,1,保留前の記録\n"), "2025-03-01T10:00+09:00");
        Path file = Files.writeString(Files.createTempFile(dir, held, ".csv"), header + "0000000019,1,1,別人\n");
        ImportReport hold = imports.importFile(held, file, "test", "test");
        assertThat(hold.status()).isEqualTo(ImportStatus.HELD);
        finishedAt(hold.runId(), "2025-04-01T10:00+09:00");
        assertThat(imports.confirm(hold.runId(), "test").status()).isEqualTo(ImportStatus.APPLIED);
        jdbc.sql("UPDATE import_run SET decided_at = :t WHERE run_id = :r")
                .param("t", OffsetDateTime.parse("2025-04-03T10:00+09:00")).param("r", hold.runId()).update();
    }

    @Test
    void asOfADayTheCardsShowTheSnapshotCurrentAtTheEndOfThatDayInJapanTime() throws Exception {
        String html = page("/persons/" + key + "?asOf=2025-04-01", owner, 200);
        assertThat(html).contains("2025年4月1日（令和7年）時点の表示", "現在の表示に戻る", "二回目の記録", "停止",
                        "のちに終了する記録", "令和7年4月1日 (2025) 23:30")
                .doesNotContain("初回の記録", "三回目の記録", "後から連携した記録");

        String dayBefore = page("/persons/" + key + "?asOf=2025-03-31", owner, 200);
        assertThat(dayBefore).contains("初回の記録", "受給中", "令和7年3月31日 (2025) 10:00")
                .doesNotContain("二回目の記録");

        String now = page("/persons/" + key, owner, 200);
        assertThat(now).contains("三回目の記録", "後から連携した記録").doesNotContain("時点の表示", "のちに終了する記録");
    }

    @Test
    void aHeldSnapshotCountsFromTheDayItWasConfirmedNotTheDayItWasRead() throws Exception {
        assertThat(page("/persons/" + key + "?asOf=2025-04-02", owner, 200)).contains("保留前の記録");
        assertThat(page("/persons/" + key + "?asOf=2025-04-03", owner, 200)).doesNotContain("保留前の記録")
                .doesNotContain("id=\"card-" + held + "\"");
    }

    @Test
    void japaneseEraNotationsNameTheSameDay() throws Exception {
        for (String day : new String[] {"R7.4.1", "令和7年4月1日", "2025/4/1", "5070401"}) {
            assertThat(page("/persons/" + key + "?asOf=" + day, owner, 200)).as(day)
                    .contains("2025年4月1日（令和7年）時点の表示", "二回目の記録");
        }
    }

    @Test
    void aSourceWithoutASnapshotYetIsLeftOutAndNamed() throws Exception {
        String html = page("/persons/" + key + "?asOf=2025-04-01", owner, 200);
        assertThat(html).contains("まだ取り込まれていなかった連携元", "配食 (基準日試験)")
                .doesNotContain("id=\"card-" + later + "\"").contains("id=\"card-" + care + "\"");
        String before = page("/persons/" + key + "?asOf=2025-03-30", owner, 200);
        assertThat(before).doesNotContain("id=\"card-" + care + "\"").contains("介護手当 (基準日試験)");
    }

    @Test
    void anotherDepartmentSeesOnlyInvolvementInThePastToo() throws Exception {
        long mark = AuditRows.mark(jdbc);
        String html = page("/persons/" + key + "?asOf=2025-04-01", other, 200);
        assertThat(html).contains("関わりあり — 担当: <span>基準日課</span>", "内線 4321")
                .doesNotContain("二回目の記録", "のちに終了する記録", "停止");
        assertThat(AuditRows.since(jdbc, mark, other)).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("VIEW_PERSON");
            assertThat(r.personKey()).isEqualTo(key);
            assertThat(r.flagged()).isFalse();
            assertThat(r.detail()).containsEntry("asOf", "2025-04-01").containsEntry("detail", "")
                    .containsEntry("sections", "header,programs");
            assertThat(r.detail().get("summary").split(",")).as("every card of that day, in summary")
                    .containsExactlyInAnyOrder(care, held);
        });
    }

    @Test
    void theJsonOverviewTakesTheSameDay() throws Exception {
        String json = page("/api/v1/persons/" + key + "/overview?asOf=R7.4.1", owner, 200);
        assertThat(json).contains("\"asOf\":\"2025-04-01\"", "二回目の記録", "\"notYetImported\":[")
                .doesNotContain("三回目の記録");
        String current = page("/api/v1/persons/" + key + "/overview", owner, 200);
        assertThat(current).contains("\"asOf\":null", "三回目の記録");
        String wrong = page("/api/v1/persons/" + key + "/overview?asOf=2025-13-01", owner, 400);
        assertThat(wrong).contains("表示する日付を読めません: 2025-13-01").doesNotContain("基準　日子");
    }

    @Test
    void aDateThatIsNotOneOrLiesAheadIsRefusedInJapaneseWithoutPersonalData() throws Exception {
        long audited = jdbc.sql("SELECT count(*) FROM audit_event WHERE person_key = :k").param("k", key)
                .query(Long.class).single();
        String wrong = page("/persons/" + key + "?asOf=R7.2.30", owner, 400);
        assertThat(wrong).contains("表示する日付を読めません: R7.2.30", "例: 2025-04-01").doesNotContain("基準　日子");
        String ahead = page("/persons/" + key + "?asOf=2999-01-01", owner, 400);
        assertThat(ahead).contains("未来の日付は指定できません").doesNotContain("基準　日子");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE person_key = :k").param("k", key)
                .query(Long.class).single()).as("nothing shown, nothing to audit").isEqualTo(audited);
    }

    @Test
    void theHeaderIsTheMasterRecordOfThatDayWithTheAgeOnThatDay() throws Exception {
        String master = "asof-master2-" + tag;
        String person = String.format("96%08d", ProcessHandle.current().pid() % 100_000_000);
        catalog.register(master, """
                name: 住登外 (基準日の見出し)
                program: 住登外者管理
                department: {id: shimin, name: 市民課, contact: 内線 1210}
                role: non-resident
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: name, column: 氏名, label: 氏名}
                  - {name: kana, column: カナ氏名, label: カナ氏名}
                  - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
                  - {name: address, column: 住所, label: 住所}
                master: {name: name, kana: kana, birthDate: birth_date, address: address}
                """);
        String header = "宛名番号,氏名,カナ氏名,生年月日,住所\n";
        finishedAt(applied(master, header + person + ",旧姓　花子,キュウセイ　ハナコ,19500402,所沢市旧町一丁目\n"),
                "2025-03-01T10:00+09:00");
        finishedAt(applied(master, header + person + ",新姓　花子,シンセイ　ハナコ,19500402,狭山市新町二丁目\n"),
                "2025-05-01T10:00+09:00");
        awaitIndexed(person, "新姓　花子");

        String past = page("/persons/" + person + "?asOf=2025-04-01", owner, 200);
        assertThat(past).contains("旧姓　花子", "キュウセイ　ハナコ", "所沢市旧町一丁目", "(74歳)", "と氏名・住所・状態")
                .doesNotContain("新姓　花子", "狭山市新町二丁目");
        String now = page("/persons/" + person, owner, 200);
        assertThat(now).contains("新姓　花子", "狭山市新町二丁目").doesNotContain("旧姓　花子", "所沢市旧町一丁目");
    }

    /** Waits until the person index holds the person (with this name, when given). */
    private void awaitIndexed(String personKey, String name) {
        await(personKey + " indexed").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                .until(() -> jdbc.sql("""
                        SELECT count(*) FROM person WHERE person_key = :k AND (CAST(:n AS text) IS NULL OR name = :n)""")
                        .param("k", personKey).param("n", name).query(Long.class).single(), n -> n > 0);
    }

    private long applied(String source, String csv) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, source, ".csv"), csv);
        ImportReport report = imports.importFile(source, file, "test", "test");
        assertThat(report.status()).as(report.message()).isEqualTo(ImportStatus.APPLIED);
        return report.runId();
    }

    private void finishedAt(long run, String at) {
        jdbc.sql("UPDATE import_run SET finished_at = :t WHERE run_id = :r")
                .param("t", OffsetDateTime.parse(at)).param("r", run).update();
    }

    private String page(String url, String username, int expected) throws Exception {
        return mvc.perform(get(url).with(user(username))).andExpect(status().is(expected)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
