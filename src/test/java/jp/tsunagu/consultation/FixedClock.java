package jp.tsunagu.consultation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The application's clock stopped at a time a test sets (固定した時計): a Friday at 17:15 by default. */
public final class FixedClock extends Clock {

    /** 令和8年12月4日 (金) 17:15, Tokyo. */
    public static final Instant FRIDAY_1715 = ZonedDateTime.of(2026, 12, 4, 17, 15, 0, 0, TokyoTime.ZONE).toInstant();

    private final AtomicReference<Instant> now = new AtomicReference<>(FRIDAY_1715);

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        @Primary
        FixedClock fixedClock() {
            return new FixedClock();
        }
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return TokyoTime.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
