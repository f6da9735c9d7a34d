package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.StaffAccounts;
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
 * The records themselves: appended to and never rewritten, corrections, unidentified persons linked later,
 * the 48時間ルール on a fixed clock, referrals, and the words search.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-consultation-records")
@Import(FixedClock.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsultationRecordTests {

    /** The tables that hold the records themselves (not the board's derived tables). */
    static final List<String> ENTRY_TABLES = List.of("consultation", "consultation_entry", "consultation_person",
            "consultation_department");

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
    ConsultationReader reader;
    @Autowired
    ConsultationSearch search;
    @Autowired
    HandoverBoard board;
    @Autowired
    FixedClock clock;

    ConsultationFixture city;

    @BeforeAll
    void city(@TempDir Path dir) {
        city = ConsultationFixture.create("rec", catalog, imports, jdbc, accounts, access, properties, dir);
    }

    @BeforeEach
    void friday() {
        clock.set(FixedClock.FRIDAY_1715);
    }

    long childAbuseReport(String account) {
        return log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.SCHOOL, "child-abuse",
                Urgency.URGENT, account, List.of(city.child), null));
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteARecordOrAnEntry() {
        long id = childAbuseReport("登校時に腕にあざがあると担任から電話");
        for (String sql : List.of("UPDATE consultation_entry SET body = 'x' WHERE consultation_id = :id",
                "DELETE FROM consultation_entry WHERE consultation_id = :id",
                "UPDATE consultation SET category = 'other' WHERE id = :id",
                "DELETE FROM consultation_person WHERE consultation_id = :id",
                "DELETE FROM consultation_department WHERE consultation_id = :id")) {
            assertThatThrownBy(() -> jdbc.sql(sql).param("id", id).update()).as(sql)
                    .hasMessageContaining("相談記録は追記のみです");
        }
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE consultation_entry CASCADE").update())
                .hasMessageContaining("追記のみ");
        assertThat(reader.read(city.kodomo, id, "test").record().account()).isEqualTo("登校時に腕にあざがあると担任から電話");
        assertThat(jdbc.sql("SELECT category FROM consultation WHERE id = :id").param("id", id).query(String.class)
                .single()).isEqualTo("child-abuse");
    }

    @Test
    void theModulesCodeHasNoUpdateOrDeleteOfTheRecordTables() throws IOException {
        Pattern statement = Pattern.compile("(?i)\\b(UPDATE|DELETE\\s+FROM|TRUNCATE)\\s+(\\w+)");
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> java = Files.walk(Path.of("src/main/java/jp/tsunagu/consultation"));
                Stream<Path> sql = Files.walk(Path.of("src/main/resources/db/migration/consultation"))) {
            files = Stream.concat(java, sql).filter(Files::isRegularFile).toList();
        }
        int statements = 0;
        for (Path file : files) {
            Matcher m = statement.matcher(Files.readString(file));
            while (m.find()) {
                statements++;
                if (ENTRY_TABLES.contains(m.group(2).toLowerCase())) {
                    found.add(file + ": " + m.group());
                }
            }
        }
        assertThat(files).as("the module's code was read").hasSizeGreaterThan(10);
        assertThat(statements).as("the board's derived tables are deleted from: the pattern does find statements")
                .isGreaterThan(0);
        assertThat(found).isEmpty();
    }

    @Test
    void aCorrectionIsANewEntryThatPointsAtWhatItCorrectsAndKeepsTheOriginal() {
        long id = childAbuseReport("夜間に子どもの泣き声が続くと近所から通報");
        ConsultationRecord before = reader.read(city.kodomo, id, "test").record();
        long opened = before.entries().get(0).id();
        clock.advance(Duration.ofMinutes(5));
        long correction = log.correct(city.kodomo, id, opened, "夜間に子どもの泣き声と大人の怒鳴り声が続くと近所から通報");

        ConsultationRecord after = reader.read(city.kodomo, id, "test").record();
        assertThat(after.entries()).hasSize(before.entries().size() + 1);
        Entry original = after.entry(opened).orElseThrow();
        assertThat(original.body()).isEqualTo("夜間に子どもの泣き声が続くと近所から通報");
        Entry corr = after.entry(correction).orElseThrow();
        assertThat(corr.kind()).isEqualTo(EntryKind.CORRECTION);
        assertThat(corr.refersTo()).isEqualTo(opened);
        assertThat(corr.at()).isEqualTo(FixedClock.FRIDAY_1715.plus(Duration.ofMinutes(5)));
        assertThat(after.correctionsOf(opened)).extracting(Entry::id).containsExactly(correction);
        assertThat(after.account()).isEqualTo("夜間に子どもの泣き声と大人の怒鳴り声が続くと近所から通報");
        // a correction of something that is not text, or of another record's entry, is refused and changes nothing
        long subject = after.subjects().get(0).entry().id();
        assertThatThrownBy(() -> log.correct(city.kodomo, id, subject, "x")).isInstanceOf(ConsultationRefused.class)
                .hasMessageContaining("訂正できるのは受付内容と経過");
        long other = childAbuseReport("別の通報");
        assertThatThrownBy(() -> log.correct(city.kodomo, other, opened, "x")).isInstanceOf(ConsultationRefused.class)
                .hasMessageContaining("この相談記録にありません");
        assertThat(reader.read(city.kodomo, id, "test").record().entries()).hasSize(after.entries().size());
    }

    @Test
    void anUnidentifiedPersonIsLinkedLaterAndWhatWasKnownBeforeIsKept() {
        long id = log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.ANONYMOUS, "childcare",
                Urgency.HIGH, "公園で毎日夕方まで一人でいる子がいる", List.of(),
                new Unidentified("ひなたくん", "5歳くらい", "入間川の児童公園")));
        ConsultationRecord r = reader.read(city.kodomo, id, "test").record();
        assertThat(r.personKeys()).isEmpty();
        ConsultationRecord.Subject unknown = r.subjects().get(0);
        assertThat(unknown.identified()).isFalse();
        assertThat(unknown.entry().detail()).containsEntry("name", "ひなたくん").containsEntry("age", "5歳くらい")
                .containsEntry("place", "入間川の児童公園");
        assertThat(search.search(city.kodomo, new ConsultationSearch.Query(null, null, null, null, null, city.child,
                false, 50), "test")).extracting(h -> h.record().id()).doesNotContain(id);

        clock.advance(Duration.ofHours(20));
        long link = log.link(city.kodomo, id, unknown.entry().id(), city.child);

        ConsultationRecord linked = reader.read(city.kodomo, id, "test").record();
        assertThat(linked.personKeys()).containsExactly(city.child);
        ConsultationRecord.Subject s = linked.subjects().get(0);
        assertThat(s.identified()).isTrue();
        assertThat(s.link().id()).isEqualTo(link);
        assertThat(s.link().at()).isEqualTo(FixedClock.FRIDAY_1715.plus(Duration.ofHours(20)));
        assertThat(s.entry().personKey()).as("the subject entry as first written").isNull();
        assertThat(s.entry().detail()).containsEntry("name", "ひなたくん");
        assertThat(search.search(city.kodomo, new ConsultationSearch.Query(null, null, null, null, null, city.child,
                false, 50), "test")).extracting(h -> h.record().id()).contains(id);
        assertThatThrownBy(() -> log.link(city.kodomo, id, unknown.entry().id(), city.parent))
                .isInstanceOf(ConsultationRefused.class).hasMessageContaining("すでに宛名番号");
        assertThatThrownBy(() -> log.addSubject(city.kodomo, id, "0000000001", null))
                .isInstanceOf(ConsultationRefused.class).hasMessageContaining("見つかりません");
    }

    @Test
    void theFortyEightHourClockRunsGoesOverdueAndTheRecordClosesOnlyWithAConfirmation() {
        long id = childAbuseReport("保育園から、顔にあざ。本人は転んだと話す");
        Instant due = FixedClock.FRIDAY_1715.plus(Duration.ofHours(48));
        ConsultationRecord r = reader.read(city.kodomo, id, "test").record();
        assertThat(r.clockDue()).isEqualTo(due);
        assertThat(r.clock(clock.instant())).isEqualTo(ClockState.RUNNING);
        assertThat(boardItem(id, HandoverBoard.ItemKind.CLOCK).alarming()).isFalse();

        assertThatThrownBy(() -> log.close(city.kodomo, id, "対応終了")).isInstanceOf(ConsultationRefused.class)
                .hasMessageContaining("安全確認 (48時間ルール)の記録");

        clock.set(due.plusSeconds(60));
        assertThat(reader.read(city.kodomo, id, "test").record().clock(clock.instant())).isEqualTo(ClockState.OVERDUE);
        assertThat(boardItem(id, HandoverBoard.ItemKind.CLOCK).alarming()).isTrue();
        assertThatThrownBy(() -> log.close(city.kodomo, id, "対応終了")).isInstanceOf(ConsultationRefused.class);

        assertThatThrownBy(() -> log.confirm(city.kodomo, id, "", clock.instant(), "自宅", null))
                .isInstanceOf(ConsultationRefused.class).hasMessageContaining("確認した人");
        log.confirm(city.kodomo, id, "家庭児童相談員 狭山", due.plus(Duration.ofMinutes(30)).minusSeconds(60 * 29),
                "自宅 (玄関先で本人と面会)", "あざは右頬。本人と母に聞き取り");
        ConsultationRecord confirmed = reader.read(city.kodomo, id, "test").record();
        assertThat(confirmed.clock(clock.instant())).isEqualTo(ClockState.LATE);
        assertThat(confirmed.confirmation().orElseThrow().detail()).containsEntry("seenBy", "家庭児童相談員 狭山")
                .containsEntry("place", "自宅 (玄関先で本人と面会)");
        assertThat(boardItems(id)).extracting(HandoverBoard.Item::kind).doesNotContain(HandoverBoard.ItemKind.CLOCK)
                .contains(HandoverBoard.ItemKind.URGENT);

        log.close(city.kodomo, id, "安全確認済み。見守りへ");
        assertThat(reader.read(city.kodomo, id, "test").record().closed()).isTrue();
        assertThat(boardItems(id)).isEmpty();
        assertThatThrownBy(() -> log.note(city.kodomo, id, "追記")).isInstanceOf(ConsultationRefused.class)
                .hasMessageContaining("終結しています");
    }

    @Test
    void aConfirmationWithinTheClockMeetsIt() {
        long id = childAbuseReport("学校から、連日同じ服で空腹を訴える");
        clock.advance(Duration.ofHours(3));
        log.confirm(city.kodomo, id, "こども支援課 子供", clock.instant(), "学校の相談室", null);
        clock.advance(Duration.ofDays(3));
        assertThat(reader.read(city.kodomo, id, "test").record().clock(clock.instant())).isEqualTo(ClockState.MET);
    }

    @Test
    void aReferralIsAcceptedOrReturnedWithAReasonByTheReceivingDepartmentAndFlaggedWhenItWaits() {
        long id = childAbuseReport("発達の遅れがあり、母が育児に疲れていると学校から");
        long referral = log.refer(city.kodomo, id, city.shogai.departmentId(), "障害児支援の相談もお願いします");
        ConsultationRecord r = reader.read(city.kodomo, id, "test").record();
        assertThat(r.referrals()).singleElement().satisfies(x -> assertThat(x.state()).isEqualTo(ReferralState.PENDING));
        // the receiving department sees the record whole as soon as it is referred
        assertThat(reader.read(city.shogai, id, "test").record().id()).isEqualTo(id);
        HandoverBoard.Item waiting = boardItem(id, HandoverBoard.ItemKind.REFERRAL, city.shogai);
        assertThat(waiting.alarming()).isFalse();
        clock.advance(properties.referralFlagAfter().plusMinutes(1));
        assertThat(boardItem(id, HandoverBoard.ItemKind.REFERRAL, city.kodomo).alarming()).as("flagged to the sender")
                .isTrue();

        assertThatThrownBy(() -> log.accept(city.kodomo, id, referral, null)).isInstanceOf(ConsultationRefused.class)
                .hasMessageContaining("つながれた課");
        assertThatThrownBy(() -> log.returnReferral(city.shogai, id, referral, " "))
                .isInstanceOf(ConsultationRefused.class).hasMessageContaining("返戻の理由");
        log.accept(city.shogai, id, referral, "月曜に担当が連絡します");
        ConsultationRecord accepted = reader.read(city.kodomo, id, "test").record();
        assertThat(accepted.referrals()).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo(ReferralState.ACCEPTED);
            assertThat(x.answer().author()).isEqualTo(city.shogai.username());
        });
        assertThat(boardItems(id)).extracting(HandoverBoard.Item::kind).doesNotContain(HandoverBoard.ItemKind.REFERRAL);
        assertThatThrownBy(() -> log.returnReferral(city.shogai, id, referral, "やはり対象外"))
                .isInstanceOf(ConsultationRefused.class).hasMessageContaining("すでに受理済み");

        long second = log.refer(city.kodomo, id, city.kaigo.departmentId(), "祖母の介護も");
        log.returnReferral(city.kaigo, id, second, "祖母は市外在住のため当課の対象外です");
        ConsultationRecord.Referral returned = reader.read(city.kodomo, id, "test").record().referrals().get(1);
        assertThat(returned.state()).isEqualTo(ReferralState.RETURNED);
        assertThat(returned.answer().body()).isEqualTo("祖母は市外在住のため当課の対象外です");
    }

    @Test
    void followUpsDueUpToTheNextWorkingDayAreOnTheBoard() {
        long id = log.open(city.kodomo, new NewConsultation(null, Channel.OFFICE, Caller.RELATIVE, "childcare",
                Urgency.NORMAL, "保育園の入園について相談", List.of(city.parent), null));
        LocalDate monday = LocalDate.of(2026, 12, 7);
        long monday_ = log.followUp(city.kodomo, id, "入園申請の書類を郵送", "子供", monday);
        long tuesday = log.followUp(city.kodomo, id, "保育課と調整", "子供", monday.plusDays(1));
        List<HandoverBoard.Item> items = boardItems(id);
        assertThat(items).extracting(i -> i.entry().id()).containsExactly(monday_);
        log.followUpDone(city.kodomo, id, monday_, "郵送済み");
        assertThat(boardItems(id)).isEmpty();
        assertThat(tuesday).isGreaterThan(monday_);
    }

    @Test
    void wordsAreFoundByTheirMeaningfulPartsNotBySubstringAndTheSearchIsAudited() {
        long id = childAbuseReport("深夜に子どもの泣き声が聞こえたと隣人から通報がありました");
        long mark = AuditRows.mark(jdbc);
        assertThat(hits(city.kodomo, "泣き声")).contains(id);
        assertThat(hits(city.kodomo, "泣き声が聞こえる")).as("the base form of the verb").contains(id);
        // 「人か」 is in the text (隣人から) but is no word of it: ILIKE would find it, the words search does not
        assertThat(hits(city.kodomo, "人か")).as("not a substring match").doesNotContain(id);
        assertThat(hits(city.kodomo, "怒鳴り声")).doesNotContain(id);
        List<AuditRows.Row> rows = AuditRows.since(jdbc, mark, city.kodomo.username());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).action()).isEqualTo("SEARCH");
        assertThat(rows.get(0).detail()).containsEntry("q", "泣き声").containsEntry("screen", "consultation.test");
        assertThat(rows.get(0).detail().get("hits")).contains(Long.toString(id));
        assertThat(rows.get(0).detail().get("persons")).contains(city.child);
        assertThatThrownBy(() -> hits(city.kodomo, "が")).isInstanceOf(ConsultationRefused.class);
    }

    @Test
    void badInputIsRefusedInJapaneseAndWritesNothing() {
        long before = jdbc.sql("SELECT count(*) FROM consultation_entry").query(Long.class).single();
        assertThatThrownBy(() -> log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.SELF,
                "child-abuse", Urgency.URGENT, "  ", List.of(city.child), null))).hasMessageContaining("相談・通報の内容");
        assertThatThrownBy(() -> log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.SELF,
                "no-such", Urgency.URGENT, "内容", List.of(city.child), null))).hasMessageContaining("分類");
        assertThatThrownBy(() -> log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.SELF,
                "care", Urgency.URGENT, "内容", List.of(), null))).hasMessageContaining("対象者");
        assertThatThrownBy(() -> log.open(city.kodomo, new NewConsultation(null, Channel.PHONE, Caller.SELF,
                "care", Urgency.URGENT, "内容\uFFFD", List.of(city.child), null))).hasMessageContaining("U+FFFD");
        assertThatThrownBy(() -> log.open(city.kodomoViewer, new NewConsultation(null, Channel.PHONE, Caller.SELF,
                "care", Urgency.URGENT, "内容", List.of(city.child), null))).hasMessageContaining("担当者");
        assertThat(jdbc.sql("SELECT count(*) FROM consultation_entry").query(Long.class).single()).isEqualTo(before);
    }

    private List<Long> hits(jp.tsunagu.access.Viewer viewer, String words) {
        return search.search(viewer, new ConsultationSearch.Query(words, null, null, null, null, null, false, 200),
                "test").stream().map(h -> h.record().id()).toList();
    }

    private List<HandoverBoard.Item> boardItems(long id) {
        return board.board(city.kodomo, "test").groups().stream().flatMap(g -> g.items().stream())
                .filter(i -> i.record().id() == id).distinct().toList();
    }

    private HandoverBoard.Item boardItem(long id, HandoverBoard.ItemKind kind) {
        return boardItem(id, kind, city.kodomo);
    }

    private HandoverBoard.Item boardItem(long id, HandoverBoard.ItemKind kind, jp.tsunagu.access.Viewer viewer) {
        return board.board(viewer, "test").groups().stream().flatMap(g -> g.items().stream())
                .filter(i -> i.record().id() == id && i.kind() == kind).findFirst().orElseThrow(
                        () -> new AssertionError("no " + kind + " of record " + id + " on the board of " + viewer));
    }
}
