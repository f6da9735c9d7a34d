package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.tsunagu.AuditRows;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.TestClock;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Need-to-know on the person overview, through its routes (HTML and JSON), for one person with a
 * record in a program that has a sensitive field (要配慮情報): a department granted the detail without
 * the sensitive flag sees 「＊＊＊ (要配慮情報)」 in its place; a department granted nothing (NONE)
 * finds no trace of the source on the overview nor among the search badges; a department that sees
 * only the involvement gets the detail through 緊急閲覧 for thirty minutes of the application's
 * clock, and not by a request without a CSRF token.
 *
 * <p>The fixture (sources, person, grants) is made once and only read; each break-glass test has its
 * own user, since an opened break-glass stays in the shared database.
 */
@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaskingAndBreakGlassTests {

    static final String MASKED = "＊＊＊ (要配慮情報)";
    static final String REASON = "本人が窓口で倒れ、服薬と通院先の確認が必要なため";

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
    @Autowired
    TestClock.Movable clock;
    @TempDir
    static Path dir;

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final String key = String.format("95%08d", ProcessHandle.current().pid() % 100_000_000);
    final String source = "mask-" + tag;
    final String sourceName = "要配慮試験台帳 " + tag;
    final String program = "要配慮試験制度 " + tag;
    final String grade = "精神二級 " + tag;
    final String diagnosis = "双極性障害 " + tag;
    final String owner = "mask-owner-" + tag;
    final String detail = "mask-detail-" + tag;
    final String none = "mask-none-" + tag;
    final String summary = "mask-summary-" + tag;

    @BeforeAll
    void aPersonInAProgramWithASensitiveField() throws Exception {
        String master = "mask-master-" + tag;
        catalog.register(master, """
                name: 住登外 (要配慮試験)
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
        applied(master, "宛名番号,氏名,カナ氏名,生年月日\n" + key + ",要配　慮子,ヨウハイ　リョコ,19700302\n");
        await(key + " indexed").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                .until(() -> jdbc.sql("SELECT count(*) FROM person WHERE person_key = :k").param("k", key)
                        .query(Long.class).single(), n -> n == 1);

        catalog.register(source, """
                name: %s
                program: %s
                department: {id: %s, name: 要配慮試験課, contact: 内線 8888}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                holdShare: 1.0
                fields:
                  - {name: grade, column: 等級, label: 手帳等級}
                  - {name: diagnosis, column: 主たる障害, label: 主たる障害, sensitive: true}
                """.formatted(sourceName, program, owner));
        String header = "宛名番号,等級,主たる障害\n";
        applied(source, header + key + ",精神三級 " + tag + "," + diagnosis + "\n");
        // a second snapshot, so that the source is also on the overview's timeline
        applied(source, header + key + "," + grade + "," + diagnosis + "\n");

        staff(owner, "要配慮試験課");
        staff(detail, "詳細閲覧課");
        staff(none, "閲覧不可課");
        staff(summary, "関わり閲覧課");
        access.grant("mask-admin-" + tag, detail, source, GrantLevel.DETAIL, false);
        access.grant("mask-admin-" + tag, none, source, GrantLevel.NONE, false);
    }

    @AfterEach
    void backToTheRealTime() {
        clock.reset();
    }

    @Test
    void aSensitiveFieldIsMaskedForADetailGrantWithoutTheSensitiveFlag() throws Exception {
        String html = page("/persons/" + key, detail);
        String card = card(html);
        assertThat(card).contains(sourceName, "手帳等級", grade, "主たる障害", MASKED).doesNotContain("関わりあり");
        assertThat(html).doesNotContain(diagnosis);

        String body = page("/api/v1/persons/" + key + "/overview", detail);
        JsonNode json = cardOf(body);
        assertThat(json.path("level").asString()).isEqualTo("DETAIL");
        assertThat(fields(json)).containsExactly("手帳等級=" + grade, "主たる障害=" + MASKED);
        assertThat(body).doesNotContain(diagnosis);

        // the value is there to be masked: the owning department, which sees sensitive fields, gets it
        assertThat(card(page("/persons/" + key, owner))).contains(diagnosis).doesNotContain(MASKED);
        assertThat(fields(cardOf(page("/api/v1/persons/" + key + "/overview", owner))))
                .containsExactly("手帳等級=" + grade, "主たる障害=" + diagnosis);
    }

    @Test
    void aNoneGrantLeavesTheSourceOutOfTheOverviewAndTheSearchBadges() throws Exception {
        String html = page("/persons/" + key, none);
        assertThat(html).contains("要配　慮子").doesNotContain("id=\"card-" + source + "\"", sourceName, program,
                "要配慮試験課", "内線 8888", grade, diagnosis, MASKED, "関わりあり");
        String body = page("/api/v1/persons/" + key + "/overview", none);
        JsonNode json = JsonMapper.builder().build().readTree(body);
        assertThat(json.path("person").path("personKey").asString()).isEqualTo(key);
        assertThat(json.path("cards").valueStream().map(c -> c.path("sourceId").asString())).doesNotContain(source);
        assertThat(json.path("timeline")).as("not even on the timeline").isEmpty();
        assertThat(body).doesNotContain(source, sourceName, program, grade, diagnosis, "8888");

        String results = page("/search?q=" + key, none);
        assertThat(results).contains("要配　慮子").doesNotContain(program, sourceName);
        JsonNode found = JsonMapper.builder().build().readTree(page("/api/v1/persons?q=" + key, none));
        assertThat(found.path("persons")).singleElement()
                .satisfies(p -> assertThat(p.path("programs").valueStream().map(JsonNode::asString)).isEmpty());

        // another department, granted nothing either, sees that the person is involved, and with whom
        assertThat(card(page("/persons/" + key, summary))).contains("関わりあり", "要配慮試験課", "内線 8888");
        assertThat(cardOf(page("/api/v1/persons/" + key + "/overview", summary)).path("level").asString())
                .isEqualTo("SUMMARY");
        assertThat(JsonMapper.builder().build().readTree(page("/api/v1/persons/" + key + "/overview", summary))
                .path("timeline").valueStream().map(t -> t.path("source").asString())).containsExactly(sourceName);
        assertThat(page("/search?q=" + key, summary)).contains("<span class=\"badge\">" + program + "</span>");
        assertThat(JsonMapper.builder().build().readTree(page("/api/v1/persons?q=" + key, summary))
                .path("persons").get(0).path("programs").valueStream().map(JsonNode::asString))
                .containsExactly(program);
    }

    @Test
    void breakGlassShowsTheDetailOnTheOverviewUntilItRunsOut() throws Exception {
        String asker = staffOfThisTest();
        assertThat(card(page("/persons/" + key, asker))).contains("関わりあり", "緊急閲覧 (詳細を見る)")
                .doesNotContain(grade, diagnosis);
        assertThat(cardOf(page("/api/v1/persons/" + key + "/overview", asker)).path("level").asString())
                .isEqualTo("SUMMARY");
        long mark = AuditRows.mark(jdbc);

        mvc.perform(post("/persons/{k}/break-glass", key).param("reason", REASON).with(user(asker)).with(csrf()))
                .andExpect(redirectedUrl("/persons/" + key));

        String open = page("/persons/" + key, asker);
        assertThat(open).contains("緊急閲覧中");
        assertThat(card(open)).contains(grade, "主たる障害", diagnosis).doesNotContain("関わりあり", MASKED);
        String openBody = page("/api/v1/persons/" + key + "/overview", asker);
        JsonNode openJson = JsonMapper.builder().build().readTree(openBody);
        assertThat(openJson.path("breakGlass").asBoolean()).isTrue();
        assertThat(fields(cardOf(openBody))).containsExactly("手帳等級=" + grade, "主たる障害=" + diagnosis);

        clock.advance(Duration.ofMinutes(30).plusSeconds(1));

        String closed = page("/persons/" + key, asker);
        assertThat(closed).doesNotContain("緊急閲覧中", grade, diagnosis);
        assertThat(card(closed)).contains("関わりあり");
        String closedBody = page("/api/v1/persons/" + key + "/overview", asker);
        assertThat(JsonMapper.builder().build().readTree(closedBody).path("breakGlass").asBoolean()).isFalse();
        assertThat(cardOf(closedBody).path("level").asString()).isEqualTo("SUMMARY");
        assertThat(cardOf(closedBody).path("records")).isEmpty();
        assertThat(closedBody).doesNotContain(grade, diagnosis);

        List<AuditRows.Row> rows = AuditRows.since(jdbc, mark, asker);
        assertThat(rows).extracting(AuditRows.Row::action).containsExactly("BREAK_GLASS", "VIEW_PERSON", "VIEW_PERSON",
                "VIEW_PERSON", "VIEW_PERSON");
        assertThat(rows).allSatisfy(r -> assertThat(r.personKey()).isEqualTo(key));
        assertThat(rows.get(0).flagged()).isTrue();
        assertThat(rows.get(0).detail()).containsEntry("reason", REASON);
        assertThat(rows.subList(1, 3)).as("looks during the break-glass: flagged, the source in detail")
                .allSatisfy(r -> {
                    assertThat(r.flagged()).isTrue();
                    assertThat(r.detail()).containsEntry("detail", source);
                });
        assertThat(rows.subList(3, 5)).as("looks after it ran out").allSatisfy(r -> {
            assertThat(r.flagged()).isFalse();
            assertThat(r.detail()).containsEntry("detail", "").containsEntry("summary", source);
        });
    }

    @Test
    void aBreakGlassRequestWithoutACsrfTokenIsRefusedAndOpensNothing() throws Exception {
        String asker = staffOfThisTest();
        long mark = AuditRows.mark(jdbc);

        mvc.perform(post("/persons/{k}/break-glass", key).param("reason", REASON).with(user(asker)))
                .andExpect(status().isForbidden());

        assertThat(jdbc.sql("SELECT count(*) FROM break_glass WHERE username = :u").param("u", asker)
                .query(Long.class).single()).isZero();
        String html = page("/persons/" + key, asker);
        assertThat(html).doesNotContain("緊急閲覧中", grade, diagnosis);
        assertThat(card(html)).contains("関わりあり");
        assertThat(cardOf(page("/api/v1/persons/" + key + "/overview", asker)).path("level").asString())
                .isEqualTo("SUMMARY");
        assertThat(AuditRows.since(jdbc, mark, asker)).extracting(AuditRows.Row::action)
                .as("no break-glass on record, only the two looks").containsExactly("VIEW_PERSON", "VIEW_PERSON");
    }

    private void staff(String department, String name) {
        accounts.saveDepartment(department, name, "内線 0000");
        accounts.save(department, name + "職員", "pw-123456789", Role.CASEWORKER, department);
    }

    /** A user of the department that sees only the involvement, made for one test. */
    private String staffOfThisTest() {
        String username = "mask-asker-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.save(username, "緊急 閲覧", "pw-123456789", Role.CASEWORKER, summary);
        return username;
    }

    private void applied(String sourceId, String csv) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, sourceId, ".csv"), csv);
        ImportReport report = imports.importFile(sourceId, file, "test", "test");
        assertThat(report.status()).as(report.message()).isEqualTo(ImportStatus.APPLIED);
        jp.tsunagu.SampleCity.awaitListeners(jdbc);
    }

    private String page(String url, String username) throws Exception {
        return mvc.perform(get(url).with(user(username))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** The HTML of the program card of the test's source. */
    private String card(String html) {
        int start = html.indexOf("id=\"card-" + source + "\"");
        assertThat(start).as("the card of %s", source).isNotNegative();
        return html.substring(start, html.indexOf("</article>", start));
    }

    /** The JSON of the program card of the test's source. */
    private JsonNode cardOf(String body) {
        List<JsonNode> cards = JsonMapper.builder().build().readTree(body).path("cards").valueStream()
                .filter(c -> c.path("sourceId").asString().equals(source)).toList();
        assertThat(cards).as("the card of %s in %s", source, body).hasSize(1);
        return cards.get(0);
    }

    /** The fields of a card's records as "label=value". */
    private static List<String> fields(JsonNode card) {
        List<String> fields = new ArrayList<>();
        card.path("records").valueStream().forEach(record -> record.valueStream()
                .forEach(f -> fields.add(f.path("label").asString() + "=" + f.path("display").asString())));
        return fields;
    }
}
