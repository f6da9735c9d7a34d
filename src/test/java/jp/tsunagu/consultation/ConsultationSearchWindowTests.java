package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The search with words asks the index a window of time at a time (the newest two days, four days, two blocks of
 * eight days, two of 64, then all: records received up to 60 days ago need the wider windows): the answer is exactly the newest records with the words that the viewer may
 * see, in order, whichever window found them — a record received earlier but written later included, a hidden
 * category left out — and each record's search row follows what is appended to it: a note, a correction and the
 * closing (their words; 終結 for the open-only search), a department referred to or shared with, a person linked
 * later (the person filter, a 緊急閲覧 of that person, the hand-over board), with the 虐待/DV categories hidden from
 * everyone else and a 支援措置 person's place never a word of the search.
 */
@TsunaguTest
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-consultation-search"})
@Import(FixedClock.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsultationSearchWindowTests {

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
    ConsultationSearch search;
    @Autowired
    FixedClock clock;
    @Autowired
    HandoverBoard board;

    ConsultationFixture city;

    @BeforeAll
    void city(@TempDir Path dir) {
        city = ConsultationFixture.create("win", catalog, imports, jdbc, accounts, access, properties, dir);
    }

    @BeforeEach
    void friday() {
        clock.set(FixedClock.FRIDAY_1715);
    }

    @Test
    void theNewestRecordsWithTheWordsAreFoundExactlyWhenOnlyTheWidestWindowHoldsThem() {
        Instant now = FixedClock.FRIDAY_1715;
        long oldest = open(city.kodomo, "childcare", now.minus(Duration.ofDays(60)), "ピアノ教室の月謝が払えないと母親から相談");
        long older = open(city.kodomo, "childcare", now.minus(Duration.ofDays(40)), "ピアノ教室の帰りに一人で歩いていた");
        long hidden = open(city.shogai, "disability-abuse", now.minus(Duration.ofDays(10)),
                "ピアノ教室で職員が利用者を叩いたと通報");
        // newer than every record above, without the words: they fill the first two windows
        for (int i = 4; i >= 1; i--) {
            open(city.kodomo, "childcare", now.minus(Duration.ofHours(i)), "保育所の入所手続きの相談 (" + i + ")");
        }
        // written last, but received 20 days ago (a call recorded afterwards): older than the four, newer than older
        long backdated = open(city.kodomo, "childcare", now.minus(Duration.ofDays(20)), "ピアノ教室の先生から連絡");

        assertThat(ids(city.kodomo, "ピアノ教室", 2)).containsExactly(backdated, older);
        assertThat(ids(city.kodomo, "ピアノ教室", 10)).containsExactly(backdated, older, oldest);
        assertThat(ids(city.oncall, "ピアノ教室", 2)).containsExactly(hidden, backdated);
        assertThat(ids(city.kaigo, "ピアノ教室", 10)).as("a third department without grants").isEmpty();
        List<String> plans = search.plan(city.kodomo, query("ピアノ教室", 2));
        assertThat(plans).filteredOn(line -> line.contains("a wider window")).hasSize(3);
        // (which index answers is PostgreSQL's choice by the table's size: bench consultation --explain shows it)
        assertThat(plans).anyMatch(line -> line.contains("on consultation_search s"));
    }

    @Test
    void aRecordsWordsGoIntoTheIndexesThemselvesNotIntoAListEverySearchReads() {
        long id = open(city.kodomo, "childcare", FixedClock.FRIDAY_1715.minus(Duration.ofHours(1)),
                "ティンパニ教室の送迎の相談");
        List<String> gin = jdbc.sql("""
                SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                  JOIN pg_am a ON a.oid = c.relam JOIN pg_class t ON t.oid = i.indrelid
                 WHERE a.amname = 'gin' AND t.relname LIKE 'consultation%' ORDER BY 1""").query(String.class).list();
        assertThat(gin).containsExactly("consultation_search_marks", "consultation_search_words");
        for (String index : gin) {
            // a GIN index's pending list is read to its end by every search until a vacuum moves it
            assertThat(jdbc.sql("SELECT gin_clean_pending_list('" + index + "'::regclass)").query(Long.class).single())
                    .as("pending pages of %s after a record was written", index).isZero();
        }
        assertThat(ids(city.kodomo, "ティンパニ", 10)).containsExactly(id);
    }

    @Test
    void eachWindowsMarksHoldExactlyTheRecordsReceivedSinceItsStart() {
        // the marks are worked out twice: by PostgreSQL when a search row is indexed (migration V8_2_0) and here when
        // a window is asked; a record received at a window's first second is in it, one a second earlier is not
        List<ConsultationSearch.Window> windows = search.windows(null, null);
        assertThat(windows).hasSize(5);
        assertThat(windows.get(4).start()).isNull();
        List<Long> inside = new java.util.ArrayList<>();
        List<Long> outside = new java.util.ArrayList<>();
        for (ConsultationSearch.Window w : windows.subList(0, 4)) {
            assertThat(w.start().atZone(jp.tsunagu.platform.TokyoTime.ZONE).toLocalTime())
                    .isEqualTo(java.time.LocalTime.MIDNIGHT);
            inside.add(open(city.kodomo, "childcare", w.start(), "マリンバ教室の送迎の相談"));
            outside.add(open(city.kodomo, "childcare", w.start().minusSeconds(1), "マリンバ教室の送迎の相談"));
        }
        assertThat(search.windows(null, null)).as("older records do not move the windows").isEqualTo(windows);
        for (int i = 0; i < 4; i++) {
            List<Long> found = jdbc.sql("""
                    SELECT consultation_id FROM consultation_search
                     WHERE consultation_marks(words, received_at) @@ CAST(:q AS tsquery)""")
                    .param("q", JapaneseText.marked("マリンバ", windows.get(i).marks())).query(Long.class).list();
            List<Long> in = new java.util.ArrayList<>(inside.subList(0, i + 1));
            in.addAll(outside.subList(0, i));
            List<Long> out = new java.util.ArrayList<>(outside.subList(i, 4));
            out.addAll(inside.subList(i + 1, 4));
            assertThat(found).as("window %d %s", i, windows.get(i).marks()).containsAll(in)
                    .doesNotContainAnyElementsOf(out);
        }
        assertThat(windows.get(0).start()).isAfter(windows.get(1).start());
        assertThat(windows.get(1).start()).isAfter(windows.get(2).start());
        assertThat(windows.get(2).start()).isAfter(windows.get(3).start());
    }

    @Test
    void aWordOfANoteAndADepartmentReferredToReachTheRecordsSearchRow() {
        Instant now = FixedClock.FRIDAY_1715;
        long id = open(city.kodomo, "childcare", now.minus(Duration.ofDays(3)), "学童保育の利用について相談");
        assertThat(ids(city.kodomo, "トランポリン", 10)).doesNotContain(id);
        assertThat(ids(city.shogai, "学童保育", 10)).doesNotContain(id);
        log.note(city.kodomo, id, "トランポリン教室を紹介した");
        long referral = log.refer(city.kodomo, id, city.shogai.departmentId(), "発達の相談をお願いします");
        assertThat(referral).isPositive();
        assertThat(ids(city.kodomo, "トランポリン", 10)).containsExactly(id);
        // the words of two entries together find the record, as ILIKE on each word finds it
        assertThat(ids(city.kodomo, "学童保育 トランポリン", 10)).containsExactly(id);
        assertThat(ids(city.shogai, "学童保育", 10)).containsExactly(id);
        assertThat(ids(city.kaigo, "学童保育", 10)).isEmpty();
    }

    @Test
    void aCorrectionAndTheClosingReachTheSearchRowAndTheEarlierTextStaysFindable() {
        Instant now = FixedClock.FRIDAY_1715;
        long id = open(city.kodomo, "childcare", now.minus(Duration.ofDays(2)), "雨漏りのする借家で子ども三人と暮らしている");
        long opened = jdbc.sql("SELECT id FROM consultation_entry WHERE consultation_id = :c AND kind = 'OPENED'")
                .param("c", id).query(Long.class).single();
        assertThat(ids(city.kodomo, "シロアリ", 10)).doesNotContain(id);

        log.correct(city.kodomo, id, opened, "シロアリ被害のある借家で子ども三人と暮らしている");
        List<ConsultationSearch.Hit> corrected = search.search(city.kodomo, query("シロアリ", 10), "test");
        assertThat(corrected).singleElement().satisfies(h -> {
            assertThat(h.record().id()).isEqualTo(id);
            assertThat(h.matched()).isEqualTo("シロアリ被害のある借家で子ども三人と暮らしている");
        });
        // the record keeps what the correction corrects: its first words still find it
        assertThat(ids(city.kodomo, "雨漏り", 10)).containsExactly(id);
        assertThat(ids(city.kodomo, openOnly("シロアリ"))).containsExactly(id);

        log.close(city.kodomo, id, "母方の実家へ転居したため終結");
        assertThat(ids(city.kodomo, openOnly("シロアリ"))).as("closed: not among the open records").isEmpty();
        List<ConsultationSearch.Hit> closed = search.search(city.kodomo, query("シロアリ", 10), "test");
        assertThat(closed).singleElement().satisfies(h -> assertThat(h.record().closed()).isTrue());
        assertThat(ids(city.kodomo, "実家 転居", 10)).as("the closing note's words").containsExactly(id);
    }

    @Test
    void aPersonLinkedLaterReachesTheSearchRowForTheBreakGlassTheBoardAndThePersonFilter() {
        Instant now = FixedClock.FRIDAY_1715;
        long id = log.open(city.kodomo, new NewConsultation(now.minus(Duration.ofHours(3)), Channel.PHONE,
                Caller.NEIGHBOUR, "elder-abuse", Urgency.URGENT, "ゴミ屋敷の中から高齢女性の怒鳴られる声がすると近所の人から通報",
                List.of(), new Unidentified("ヨシコ", "八十歳くらい", "旧道沿いの平屋")));
        long subject = jdbc.sql("""
                SELECT id FROM consultation_entry WHERE consultation_id = :c AND kind = 'SUBJECT' AND person_key IS NULL""")
                .param("c", id).query(Long.class).single();
        // 介護保険課 opens a 緊急閲覧 of the elder before anyone knows the report is about her
        access.openBreakGlass(city.kaigo, city.elder, "夜間に本人の家族から連絡があり、記録の確認が必要なため");
        assertThat(ids(city.kaigo, "ゴミ屋敷", 10)).isEmpty();
        assertThat(boardIds(city.kaigo)).doesNotContain(id);
        assertThat(ids(city.oncall, person(city.elder, "ゴミ屋敷"))).isEmpty();

        log.link(city.kodomo, id, subject, city.elder);
        assertThat(ids(city.oncall, person(city.elder, "ゴミ屋敷"))).containsExactly(id);
        assertThat(ids(city.oncall, person(city.elder, null))).contains(id);
        List<ConsultationSearch.Hit> found = search.search(city.kaigo, query("ゴミ屋敷", 10), "test");
        assertThat(found).singleElement().satisfies(h -> {
            assertThat(h.record().id()).isEqualTo(id);
            assertThat(h.record().personKeys()).containsExactly(city.elder);
        });
        assertThat(boardIds(city.kaigo)).contains(id);
        // a department with neither the grant nor a 緊急閲覧 still sees nothing of the 高齢者虐待 report
        assertThat(ids(city.shogai, "ゴミ屋敷", 10)).isEmpty();
        assertThat(ids(city.shogai, person(city.elder, null))).doesNotContain(id);
        assertThat(boardIds(city.shogai)).doesNotContain(id);
    }

    @Test
    void aDvReportIsFoundOnlyByThoseWhoSeeItAndNeverByTheProtectedPersonsPlace() {
        Instant now = FixedClock.FRIDAY_1715;
        long id = log.open(city.kodomo, new NewConsultation(now.minus(Duration.ofHours(5)), Channel.OFFICE,
                Caller.SELF, "dv", Urgency.URGENT, "夫の暴力から逃げたいと子どもを連れて来庁", List.of(city.victim), null));
        log.confirm(city.kodomo, id, "婦人相談員", now.minus(Duration.ofHours(1)), "みどり荘二階の一室", "本人と子の無事を確認");
        // the place of a 支援措置 person is a detail of the confirmation, never a word of the search
        for (Viewer v : List.of(city.kodomo, city.oncall, city.shogai, city.kaigo)) {
            assertThat(ids(v, "みどり荘", 10)).as(v.username()).isEmpty();
        }
        assertThat(search.search(city.oncall, query("暴力", 10), "test")).singleElement()
                .satisfies(h -> assertThat(h.matched()).doesNotContain("みどり荘"));
        assertThat(ids(city.kodomo, "無事 確認", 10)).containsExactly(id);
        // DV is hidden from a department without the grant: not a hit, not on its board — until the record is
        // shared with it
        assertThat(ids(city.shogai, "暴力", 10)).isEmpty();
        assertThat(ids(city.shogai, category("dv"))).doesNotContain(id);
        assertThat(boardIds(city.shogai)).doesNotContain(id);
        log.share(city.kodomo, id, city.shogai.departmentId(), "子の通う事業所との調整のため");
        assertThat(ids(city.shogai, "暴力", 10)).containsExactly(id);
        assertThat(ids(city.shogai, category("dv"))).contains(id);
        assertThat(boardIds(city.shogai)).contains(id);
        assertThat(ids(city.kaigo, "暴力", 10)).isEmpty();
        assertThat(boardIds(city.kaigo)).doesNotContain(id);
    }

    private long open(Viewer viewer, String category, Instant received, String account) {
        return log.open(viewer, new NewConsultation(received, Channel.PHONE, Caller.SELF, category,
                category.endsWith("abuse") ? Urgency.URGENT : Urgency.NORMAL, account, List.of(city.child), null));
    }

    private static ConsultationSearch.Query query(String words, int limit) {
        return new ConsultationSearch.Query(words, null, null, null, null, null, false, limit);
    }

    private List<Long> ids(Viewer viewer, String words, int limit) {
        return search.search(viewer, query(words, limit), "test").stream().map(h -> h.record().id()).toList();
    }

    private static ConsultationSearch.Query openOnly(String words) {
        return new ConsultationSearch.Query(words, null, null, null, null, null, true, 10);
    }

    private static ConsultationSearch.Query person(String personKey, String words) {
        return new ConsultationSearch.Query(words, null, null, null, null, personKey, false, 10);
    }

    private static ConsultationSearch.Query category(String code) {
        return new ConsultationSearch.Query(null, code, null, null, null, null, false, 50);
    }

    private List<Long> ids(Viewer viewer, ConsultationSearch.Query q) {
        return search.search(viewer, q, "test").stream().map(h -> h.record().id()).toList();
    }

    private List<Long> boardIds(Viewer viewer) {
        return board.board(viewer, "test").groups().stream().flatMap(g -> g.items().stream())
                .map(i -> i.record().id()).distinct().toList();
    }
}
