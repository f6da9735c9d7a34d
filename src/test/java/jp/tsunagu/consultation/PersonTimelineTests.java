package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.procedures.ManualEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's 経過 (個人の経過), as HTML and JSON decoded: the consultation entries the viewer sees whole and the
 * person's life events in time order (a birth, then a 子育て consultation, then a 児童虐待 report and its note);
 * a 障害者虐待 report of another department about the same child is absent for こども支援課 — its text, its
 * number, its category — and present for the on-call staff granted every category; each look is audited with the
 * records it showed.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-consultation-timeline")
@Import(FixedClock.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonTimelineTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    ConsultationProperties properties;
    @Autowired
    ConsultationLog log;
    @Autowired
    ManualEvents lifeEvents;
    @Autowired
    FixedClock clock;

    ConsultationFixture city;

    /** The records about the child: two of こども支援課, one hidden 障害者虐待 report of 障害者福祉課. */
    record Story(String person, long care, long abuse, long hidden) {
    }

    static final String BIRTH_NOTE = "出生届を受理 (市民課の窓口)";
    static final String CARE_TEXT = "母親から、保育所の送迎が難しいと相談";
    static final String ABUSE_TEXT = "担任から、腕にあざがあり家に帰りたくないと話していると電話";
    static final String NOTE_TEXT = "家庭訪問し、母親と面談した";
    static final String HIDDEN_TEXT = "放課後等デイサービスの職員から、送迎車内での暴言について通報";

    @BeforeAll
    void city(@TempDir Path dir) {
        city = ConsultationFixture.create("tl", catalog, imports, jdbc, accounts, access, properties, dir);
    }

    @BeforeEach
    void friday() {
        clock.set(FixedClock.FRIDAY_1715);
    }

    @Test
    void theTimelineMergesConsultationEntriesAndLifeEventsInTimeOrderWithoutAHiddenCategory() throws Exception {
        Story s = story(city.child);
        long mark = AuditRows.mark(jdbc);

        String page = text(get("/consultations/persons/" + s.person() + "/timeline"), city.kodomo);
        assertThat(page).contains("入間 陽向").doesNotContain(HIDDEN_TEXT).doesNotContain("障害者虐待")
                .doesNotContain("記録 " + s.hidden());
        assertThat(positions(page, BIRTH_NOTE, CARE_TEXT, ABUSE_TEXT, NOTE_TEXT)).isSorted();

        JsonNode doc = json(get("/api/v1/consultations/persons/" + s.person() + "/timeline"), city.kodomo);
        assertThat(doc.toString()).doesNotContain(HIDDEN_TEXT).doesNotContain("障害者虐待");
        List<String> texts = new ArrayList<>();
        List<java.time.Instant> times = new ArrayList<>();
        List<Long> records = new ArrayList<>();
        for (JsonNode line : doc.path("lines")) {
            texts.add(line.path("text").asString(""));
            times.add(instantOf(line.path("at").path("value").asString()));
            if (line.path("consultationId").isNumber()) {
                records.add(line.path("consultationId").asLong());
            }
        }
        assertThat(doc.path("count").asInt()).isEqualTo(texts.size());
        assertThat(times).isSorted();
        assertThat(records).contains(s.care(), s.abuse()).doesNotContain(s.hidden());
        assertThat(List.of(texts.indexOf(BIRTH_NOTE), texts.indexOf(CARE_TEXT), texts.indexOf(ABUSE_TEXT),
                texts.indexOf(NOTE_TEXT))).doesNotContain(-1).isSorted();
        JsonNode birth = doc.path("lines").get(texts.indexOf(BIRTH_NOTE));
        assertThat(birth.path("kind").path("value").path("code").asString()).isEqualTo("LIFE_EVENT");
        assertThat(birth.path("at").path("value").asString()).isEqualTo("2019-05-10");

        List<AuditRows.Row> rows = AuditRows.since(jdbc, mark, city.kodomo.username());
        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.action()).isEqualTo("VIEW_PERSON");
            assertThat(r.personKey()).isEqualTo(s.person());
            assertThat(List.of(r.detail().get("consultations").split(",")))
                    .contains(Long.toString(s.care()), Long.toString(s.abuse()))
                    .doesNotContain(Long.toString(s.hidden()));
        });
        assertThat(rows).extracting(r -> r.detail().get("screen"))
                .containsExactly("consultation.timeline.html", "consultation.timeline.api");
    }

    @Test
    void theOnCallStaffGrantedEveryCategorySeeTheHiddenReportInItsPlace() throws Exception {
        Story s = story(city.parent);
        String page = text(get("/consultations/persons/" + s.person() + "/timeline"), city.oncall);
        assertThat(positions(page, BIRTH_NOTE, CARE_TEXT, HIDDEN_TEXT, ABUSE_TEXT, NOTE_TEXT)).isSorted();
        List<Long> records = new ArrayList<>();
        json(get("/api/v1/consultations/persons/" + s.person() + "/timeline"), city.oncall).path("lines")
                .forEach(l -> records.add(l.path("consultationId").asLong(0)));
        assertThat(records).contains(s.care(), s.abuse(), s.hidden());
    }

    @Test
    void anUnknownPersonIsNotFoundInJapanese() throws Exception {
        MockHttpServletResponse r = mvc.perform(get("/consultations/persons/9999999999/timeline")
                .with(user(city.kodomo.username()))).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(Html.text(r.getContentAsString(StandardCharsets.UTF_8)))
                .contains("宛名番号 9999999999 の人は見つかりません").doesNotContain("Exception");
        MockHttpServletResponse api = mvc.perform(get("/api/v1/consultations/persons/9999999999/timeline")
                .with(user(city.kodomo.username()))).andReturn().getResponse();
        assertThat(api.getStatus()).isEqualTo(404);
        assertThat(JSON.readTree(api.getContentAsString(StandardCharsets.UTF_8)).path("error").asString())
                .contains("見つかりません");
    }

    /**
     * The person's story, in this order: born 2019-05-10 (a life event); a 子育て consultation received on
     * 2026-11-20; a 障害者虐待 report of 障害者福祉課 received 2026-12-01; a 児童虐待 report received on Friday at
     * 17:10 and, an hour later, a note on it.
     */
    private Story story(String person) {
        lifeEvents.record(person, "birth", LocalDate.of(2019, 5, 10), BIRTH_NOTE, city.kodomo);
        long care = log.open(city.kodomo, new NewConsultation(tokyo(2026, 11, 20, 10, 0), Channel.OFFICE,
                Caller.SELF, "childcare", Urgency.NORMAL, CARE_TEXT, List.of(person), null));
        long hidden = log.open(city.shogai, new NewConsultation(tokyo(2026, 12, 1, 16, 30), Channel.PHONE,
                Caller.HOSPITAL, "disability-abuse", Urgency.URGENT, HIDDEN_TEXT, List.of(person), null));
        long abuse = log.open(city.kodomo, new NewConsultation(tokyo(2026, 12, 4, 17, 10), Channel.PHONE,
                Caller.SCHOOL, "child-abuse", Urgency.URGENT, ABUSE_TEXT, List.of(person), null));
        clock.advance(Duration.ofHours(1));
        log.note(city.kodomo, abuse, NOTE_TEXT);
        return new Story(person, care, abuse, hidden);
    }

    private static java.time.Instant tokyo(int y, int m, int d, int h, int min) {
        return ZonedDateTime.of(y, m, d, h, min, 0, 0, TokyoTime.ZONE).toInstant();
    }

    /** A line's typed time: an ISO date (the start of that day in Tokyo) or date-time with offset. */
    private static java.time.Instant instantOf(String value) {
        return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(TokyoTime.ZONE).toInstant()
                : java.time.OffsetDateTime.parse(value).toInstant();
    }

    private static List<Integer> positions(String page, String... texts) {
        List<Integer> at = new ArrayList<>();
        for (String t : texts) {
            assertThat(page).contains(t);
            at.add(page.indexOf(t));
        }
        return at;
    }

    private String text(MockHttpServletRequestBuilder request, Viewer v) throws Exception {
        MockHttpServletResponse r = mvc.perform(request.with(user(v.username()))).andReturn().getResponse();
        assertThat(r.getStatus()).as(r.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return Html.text(r.getContentAsString(StandardCharsets.UTF_8));
    }

    private JsonNode json(MockHttpServletRequestBuilder request, Viewer v) throws Exception {
        MockHttpServletResponse r = mvc.perform(request.with(user(v.username()))).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        return JSON.readTree(r.getContentAsString(StandardCharsets.UTF_8));
    }
}
