package jp.tsunagu.procedures;

import java.nio.file.Path;
import java.time.MonthDay;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the life events and procedures, bound under {@code tsunagu.procedures}.
 *
 * @param dir the folder of the procedure registry (one YAML file per event kind); when it does not
 *     exist, the registry shipped for the sample city is used
 * @param detect whether applied master snapshots are turned into life events (off only to measure an
 *     import without it, {@code bench lifeevents})
 * @param ageJobCron when the daily age job runs (Japan time); {@code -} turns it off
 * @param schoolNoticeDay the day of the year on which the 就学 events of next April's first graders
 *     are recorded (就学時健康診断 and 入学通知 follow)
 */
@Validated
@ConfigurationProperties("tsunagu.procedures")
public record ProceduresProperties(Path dir, Boolean detect, String ageJobCron, MonthDay schoolNoticeDay) {

    public ProceduresProperties {
        dir = dir == null ? Path.of("procedures") : dir;
        detect = detect == null ? Boolean.TRUE : detect;
        ageJobCron = ageJobCron == null ? "0 30 5 * * *" : ageJobCron;
        schoolNoticeDay = schoolNoticeDay == null ? MonthDay.of(10, 1) : schoolNoticeDay;
    }
}
