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
 * The search with words asks the index a window of time at a time (here the newest 3 records, so that a handful
 * of records needs every window): the answer is exactly the newest records with the words that the viewer may
 * see, in order, whichever window found them — a record received earlier but written later included, a hidden
 * category left out — and each record's search row follows what is appended to it.
 */
@TsunaguTest
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-consultation-search",
    "tsunagu.consultation.search-window=3"})
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
        assertThat(plans).filteredOn(line -> line.contains("a wider window")).hasSize(2);
        assertThat(plans).anyMatch(line -> line.contains("consultation_search_words"));
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
}
