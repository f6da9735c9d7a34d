package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The daily job of the age events (年齢到達・就学の日次処理): the residents who reached an age the
 * registry names (3, 40, 65, 75歳) on the days since the job last ran, and on the 就学通知の基準日 the
 * children who start school next April. It remembers the last day it covered, so a job that did not run
 * for a week covers the week at its next run, once; an event already recorded is not recorded again.
 */
@Service
class AgeEventJob {

    private static final Logger log = LoggerFactory.getLogger(AgeEventJob.class);
    static final String JOB = "age";

    private final JdbcClient jdbc;
    private final ResidentIndex residents;
    private final ProcedureRegistry registry;
    private final LifeEventRecorder recorder;
    private final ProceduresProperties properties;
    private final TokyoTime time;

    AgeEventJob(JdbcClient jdbc, ResidentIndex residents, ProcedureRegistry registry, LifeEventRecorder recorder,
            ProceduresProperties properties, TokyoTime time) {
        this.jdbc = jdbc;
        this.residents = residents;
        this.registry = registry;
        this.recorder = recorder;
        this.properties = properties;
        this.time = time;
    }

    @Scheduled(cron = "${tsunagu.procedures.age-job-cron:0 30 5 * * *}", zone = "Asia/Tokyo")
    void daily() {
        run(time.today());
    }

    /** What one run covered and added. */
    record Run(LocalDate from, LocalDate through, int events, int items) {
    }

    /**
     * Covers the days after the last one covered up to {@code today} (only {@code today} at the very first
     * run: the hub does not invent the past); nothing when today is covered already.
     */
    @Transactional
    Run run(LocalDate today) {
        jdbc.sql("INSERT INTO life_event_job (job, covered_through) VALUES (:j, :d) ON CONFLICT DO NOTHING")
                .param("j", JOB).param("d", today.minusDays(1)).update();
        LocalDate covered = jdbc.sql("SELECT covered_through FROM life_event_job WHERE job = :j FOR UPDATE")
                .param("j", JOB).query(LocalDate.class).single();
        if (!covered.isBefore(today)) {
            return new Run(today, covered, 0, 0);
        }
        List<LifeEvents.NewEvent> found = new ArrayList<>();
        for (EventKind kind : registry.dailyKinds()) {
            Integer age = kind.detection().age();
            if (age != null) {
                // born after the covered day's birthday and up to today's: they turned this age in between
                for (Person p : residents.residentsBorn(covered.minusYears(age).plusDays(1), today.minusYears(age))) {
                    found.add(event(p, kind, p.birthDate().plusYears(age), null));
                }
            } else {
                for (LocalDate day = covered.plusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
                    if (MonthDay.from(day).equals(properties.schoolNoticeDay())) {
                        found.addAll(schoolEntries(kind, day));
                    }
                }
            }
        }
        LifeEventRecorder.Added added = recorder.record(found);
        jdbc.sql("UPDATE life_event_job SET covered_through = :d WHERE job = :j").param("d", today).param("j", JOB)
                .update();
        log.info("年齢到達・就学の日次処理: {} から {} まで、出来事 {} 件、手続き {} 件", covered.plusDays(1), today,
                added.events().size(), added.items());
        return new Run(covered.plusDays(1), today, added.events().size(), added.items());
    }

    /**
     * The children who start school on the next April 1: born from April 2 seven years before that day
     * to April 1 six years before it (学校教育法17条: the school year after the 6th birthday's eve).
     */
    private List<LifeEvents.NewEvent> schoolEntries(EventKind kind, LocalDate noticeDay) {
        LocalDate entry = LocalDate.of(noticeDay.getMonthValue() >= 4 ? noticeDay.getYear() + 1 : noticeDay.getYear(), 4, 1);
        String note = JapaneseDates.wareki(entry) + " 入学";
        return residents.residentsBorn(entry.minusYears(7).plusDays(1), entry.minusYears(6)).stream()
                .map(p -> event(p, kind, noticeDay, note)).toList();
    }

    private static LifeEvents.NewEvent event(Person p, EventKind kind, LocalDate day, String note) {
        return new LifeEvents.NewEvent(p.personKey(), kind.id(), day, "DAILY", null, null, p.householdKey(),
                Towns.of(p.address()), note, "system", p.birthDate());
    }
}
