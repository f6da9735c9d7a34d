package jp.tsunagu.access;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import jp.tsunagu.japanese.JapaneseDates;
import org.springframework.stereotype.Component;

/** Times on the administration screens, as 和暦 with the Western year and the time of day. */
@Component("accessTimes")
class AccessTimes {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm");

    private final Clock clock;

    AccessTimes(Clock clock) {
        this.clock = clock;
    }

    public String text(Instant instant) {
        if (instant == null) {
            return "—";
        }
        ZonedDateTime at = instant.atZone(clock.getZone());
        return JapaneseDates.warekiWithYear(at.toLocalDate()) + " " + TIME.format(at);
    }

    public boolean locked(StaffAccount account) {
        return account.lockedAt(clock.instant());
    }
}
