package jp.tsunagu.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import jp.tsunagu.japanese.JapaneseDates;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one Tokyo clock (日本時間): "now" and every time a page or an export shows, in Asia/Tokyo
 * whatever the server's own time zone is. A server set to UTC showed 令和8年12月1日 15:24 on one
 * page and 令和8年12月2日 0:24 on the next; every screen asks this bean instead.
 *
 * <p>The instant comes from the application's {@link Clock} bean when there is one (tests move it),
 * but the zone is always Tokyo: the clock's own zone is the machine's.
 */
@Component("tokyoTime")
public class TokyoTime {

    /** The city's time zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("H:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Clock clock;

    TokyoTime(ObjectProvider<Clock> clock) {
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Now, in Tokyo. */
    public ZonedDateTime now() {
        return clock.instant().atZone(ZONE);
    }

    /** Today in Tokyo (the day of a file name, of an age, of a date filter). */
    public LocalDate today() {
        return now().toLocalDate();
    }

    /** Now as shown on screen: 令和8年12月2日 (2026) 0:24. */
    public String nowText() {
        return text(clock.instant());
    }

    /** 令和8年12月2日 (2026) 0:24, or 「—」 for no time. */
    public String text(Instant instant) {
        return minutes(instant);
    }

    /** 令和8年12月2日 (2026) 0:24 — for screens that list times to the minute. */
    public static String minutes(Instant instant) {
        if (instant == null) {
            return "—";
        }
        ZonedDateTime at = instant.atZone(ZONE);
        return JapaneseDates.warekiWithYear(at.toLocalDate()) + " " + MINUTES.format(at);
    }

    /** 令和8年12月2日 (2026) 00:24:05 — for the audit trail, where the second matters. */
    public static String seconds(Instant instant) {
        if (instant == null) {
            return "—";
        }
        ZonedDateTime at = instant.atZone(ZONE);
        return JapaneseDates.warekiWithYear(at.toLocalDate()) + " " + SECONDS.format(at);
    }

    /** 2026-12-02T00:24:05+09:00 — ISO-8601 with the offset, for exports and APIs. */
    public static String iso(Instant instant) {
        return instant == null ? "" : ISO.format(instant.atZone(ZONE).withNano(0));
    }
}
