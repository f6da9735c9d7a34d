package jp.tsunagu.procedures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.DayEvents;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Life events from two snapshots of the sample city (ライフイベントの検出): day 1 imported as the baseline
 * (no events: nothing happened that day, the hub only began to know the city), then day 2's 住民記録 —
 * the events found equal the day's event log of {@code sample generate --day 2}, kind by kind; the same
 * run detected again, and the same file imported again, add nothing; the daily age job finds the day's
 * 65th and 75th birthdays, adds nothing when run twice, and covers missed days (three weeks) once.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-procedures-detect")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifeEventDetectionTests {

    private static final long SEED = 20260401L;

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LifeEventDetector detector;
    @Autowired
    AgeEventJob job;
    @TempDir
    static Path dir;

    GenerationResult day2;
    ImportReport registryDay2;

    @BeforeAll
    void twoDaysOfTheSampleCity() {
        SampleCity.importSmall(catalog, imports, jdbc, dir.resolve("day1"));
        assertThat(count("SELECT count(*) FROM life_event")).as("a first snapshot is the baseline: no events").isZero();
        day2 = SampleMunicipality.generate(SampleSize.SMALL, 2, SEED, dir.resolve("day2"));
        registryDay2 = imports.importFile("jumin-kiroku", file(day2, "jumin-kiroku"), "test", "test");
        assertThat(registryDay2.status()).isEqualTo(ImportStatus.APPLIED);
        SampleCity.awaitListeners(jdbc);
    }

    @Test
    void theEventsOfDayTwoAreTheDaysEventLogKindByKind() {
        DayEvents log = day2.events();
        Map<String, Long> found = byKind(registryDay2.runId());
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("birth", (long) log.births());
        expected.put("move-in", (long) log.movedIn());
        expected.put("death", (long) log.deaths());
        expected.put("move-out", (long) log.movedOut());
        expected.put("relocation", (long) log.movedWithin());
        expected.put("household-change", (long) log.headChanges());
        expected.values().forEach(n -> assertThat(n).as("the sample's day 2 has events of every kind").isPositive());
        assertThat(found).isEqualTo(expected);
        assertThat(count("SELECT count(*) FROM life_event WHERE run_id = " + registryDay2.runId()
                + " AND (source_id <> 'jumin-kiroku' OR origin <> 'IMPORT' OR occurred_on <> DATE '" + log.date() + "')"))
                .as("each event names its source, its run and the day it happened").isZero();
        assertThat(count("SELECT count(*) FROM life_event WHERE kind = 'removal'"))
                .as("the registry gave every removal its reason: no 消除 without one").isZero();
    }

    @Test
    void everyEventGetsTheProceduresOfItsKindWithDepartmentAndDueDate() {
        long births = count("SELECT count(*) FROM life_event WHERE kind = 'birth' AND run_id = " + registryDay2.runId());
        assertThat(count("""
                SELECT count(*) FROM procedure_item i JOIN life_event e ON e.seq = i.event_seq
                 WHERE e.kind = 'birth' AND e.run_id = %d AND i.procedure_id = 'jido-teate' AND i.department_id = 'kodomo'
                   AND i.due_on = e.occurred_on + 15 AND i.status = 'OPEN'""".formatted(registryDay2.runId())))
                .as("児童手当 認定請求 within 15 days for every birth").isEqualTo(births);
        long deaths = count("SELECT count(*) FROM life_event WHERE kind = 'death' AND run_id = " + registryDay2.runId());
        assertThat(count("""
                SELECT count(*) FROM procedure_item i JOIN life_event e ON e.seq = i.event_seq
                 WHERE e.kind = 'death' AND e.run_id = %d AND i.procedure_id = 'shibo-todoke'
                   AND i.due_on = e.occurred_on + 7""".formatted(registryDay2.runId())))
                .as("死亡届 within 7 days for every death").isEqualTo(deaths);
        assertThat(count("""
                SELECT count(*) FROM procedure_item i
                 WHERE NOT EXISTS (SELECT 1 FROM procedure_item_history h WHERE h.item_id = i.item_id AND h.version = 1
                                      AND h.status = 'OPEN')"""))
                .as("every item's first state is in its history").isZero();
    }

    @Test
    void detectingTheSameRunAgainOrImportingTheSameFileAgainAddsNothing() {
        long events = count("SELECT count(*) FROM life_event");
        long items = count("SELECT count(*) FROM procedure_item");
        LifeEventRecorder.Added again = detector.detect(registryDay2.runId(), "jumin-kiroku");
        assertThat(again.events()).isEmpty();
        assertThat(again.items()).isZero();
        ImportReport same = imports.importFile("jumin-kiroku", file(day2, "jumin-kiroku"), "test", "test");
        assertThat(same.status()).isEqualTo(ImportStatus.DUPLICATE);
        SampleCity.awaitListeners(jdbc);
        assertThat(count("SELECT count(*) FROM life_event")).isEqualTo(events);
        assertThat(count("SELECT count(*) FROM procedure_item")).isEqualTo(items);
    }

    @Test
    void theDailyJobFindsTheDaysBirthdaysOnceWhenRunTwice() {
        LocalDate day = day2.events().date();
        jdbc.sql("DELETE FROM life_event_job").update();
        AgeEventJob.Run first = job.run(day);
        assertThat(first.from()).isEqualTo(day);
        assertThat(first.through()).isEqualTo(day);
        assertThat(daily(day, "age-65")).as("65歳到達 on day 2").isEqualTo(day2.events().turned65());
        assertThat(daily(day, "age-75")).as("75歳到達 on day 2").isEqualTo(day2.events().turned75());
        assertThat(job.run(day).events()).as("day 2 is covered").isZero();

        // the next day on which a resident turns 65, by the registry: found once, with its checklist
        LocalDate next = jdbc.sql("""
                SELECT min((birth_date + interval '65 years')::date) FROM person
                 WHERE registered AND status = '住民' AND (birth_date + interval '65 years')::date > :d""")
                .param("d", day.plusDays(30)).query(LocalDate.class).single();
        long turning = jdbc.sql("""
                SELECT count(*) FROM person WHERE registered AND status = '住民'
                   AND (birth_date + interval '65 years')::date = :d""").param("d", next).query(Long.class).single();
        assertThat(turning).isPositive();
        jdbc.sql("UPDATE life_event_job SET covered_through = :d").param("d", next.minusDays(1)).update();
        assertThat(job.run(next).events()).isGreaterThanOrEqualTo((int) turning);
        assertThat(daily(next, "age-65")).isEqualTo(turning);
        assertThat(count("""
                SELECT count(*) FROM procedure_item i JOIN life_event e ON e.seq = i.event_seq
                 WHERE e.kind = 'age-65' AND e.occurred_on = '%s' AND i.procedure_id = 'kaigo-dai1go'
                   AND i.department_id = 'kaigo' AND i.due_on = e.occurred_on""".formatted(next))).isEqualTo(turning);
        long events = count("SELECT count(*) FROM life_event");
        jdbc.sql("UPDATE life_event_job SET covered_through = :d").param("d", next.minusDays(1)).update();
        assertThat(job.run(next).events()).as("the same day run again records nothing").isZero();
        assertThat(count("SELECT count(*) FROM life_event")).isEqualTo(events);
    }

    private long daily(LocalDate day, String kind) {
        return jdbc.sql("SELECT count(*) FROM life_event WHERE origin = 'DAILY' AND occurred_on = :d AND kind = :k")
                .param("d", day).param("k", kind).query(Long.class).single();
    }

    @Test
    void aJobThatMissedThreeWeeksCoversThemOnceAtItsNextRun() {
        LocalDate today = LocalDate.of(2027, 7, 20);
        // a week and more: the small city has a few birthdays of 3, 40, 65 or 75 a week
        jdbc.sql("DELETE FROM life_event_job").update();
        jdbc.sql("INSERT INTO life_event_job (job, covered_through) VALUES ('age', :d)").param("d", today.minusDays(22))
                .update();
        long expected = 0;
        for (int age : List.of(3, 40, 65, 75)) {
            expected += jdbc.sql("""
                    SELECT count(*) FROM person WHERE registered AND status = '住民'
                       AND (birth_date + make_interval(years => :age))::date BETWEEN :from AND :to""")
                    .param("age", age).param("from", today.minusDays(21)).param("to", today).query(Long.class).single();
        }
        assertThat(expected).as("the small city has birthdays in a week").isPositive();
        AgeEventJob.Run caughtUp = job.run(today);
        assertThat(caughtUp.from()).isEqualTo(today.minusDays(21));
        assertThat(caughtUp.events()).isEqualTo(expected);
        assertThat(count("SELECT count(DISTINCT occurred_on) FROM life_event WHERE origin = 'DAILY' AND occurred_on > '"
                + today.minusDays(22) + "' AND occurred_on <= '" + today + "'")).as("the missed days, each its own")
                .isGreaterThan(1);
        assertThat(job.run(today).events()).as("the missed days are covered once").isZero();
        assertThat(job.run(today.plusDays(1)).from()).isEqualTo(today.plusDays(1));
    }

    private Map<String, Long> byKind(long runId) {
        Map<String, Long> found = new LinkedHashMap<>();
        jdbc.sql("SELECT kind, count(*) FROM life_event WHERE run_id = :r GROUP BY kind ORDER BY kind").param("r", runId)
                .query(rs -> {
                    found.put(rs.getString(1), rs.getLong(2));
                });
        return found;
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static Path file(GenerationResult day, String id) {
        return day.sources().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().file();
    }
}
