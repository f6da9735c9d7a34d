package jp.tsunagu.access;

import java.time.Clock;
import java.time.Instant;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.stereotype.Component;

/**
 * Times on the administration screens, as 和暦 with the Western year and the time of day in Tokyo
 * ({@link TokyoTime}): the clock's own zone is the server's, which showed the tokens page in UTC.
 */
@Component("accessTimes")
class AccessTimes {

    private final Clock clock;

    AccessTimes(Clock clock) {
        this.clock = clock;
    }

    public String text(Instant instant) {
        return TokyoTime.minutes(instant);
    }

    public boolean locked(StaffAccount account) {
        return account.lockedAt(clock.instant());
    }
}
