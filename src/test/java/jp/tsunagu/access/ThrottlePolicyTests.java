package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The arithmetic of the login throttle: when a refusal begins, how long it lasts, when a run is over. */
class ThrottlePolicyTests {

    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    final ThrottlePolicy policy = new ThrottlePolicy(5, Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofMinutes(15));

    @Test
    void theFifthFailureBeginsAOneMinuteRefusal() {
        ThrottlePolicy.State s = ThrottlePolicy.State.NONE;
        for (int i = 1; i <= 4; i++) {
            s = policy.failed(s, T0.plusSeconds(i));
            assertThat(s.failures()).isEqualTo(i);
            assertThat(s.refusalBegun()).isFalse();
            assertThat(s.blockedAt(T0.plusSeconds(i))).isFalse();
        }
        s = policy.failed(s, T0.plusSeconds(5));
        assertThat(s.refusalBegun()).isTrue();
        assertThat(s.blockedUntil()).isEqualTo(T0.plusSeconds(5).plus(Duration.ofMinutes(1)));
        assertThat(s.blockedAt(T0.plusSeconds(64))).isTrue();
        assertThat(s.blockedAt(T0.plusSeconds(65))).isFalse();
    }

    @Test
    void eachFailureAfterARefusalRefusesAgainTwiceAsLongUpToTheLongest() {
        ThrottlePolicy.State s = ThrottlePolicy.State.NONE;
        for (int i = 0; i < 5; i++) {
            s = policy.failed(s, T0);
        }
        Instant now = T0;
        long[] minutes = {2, 4, 8, 15, 15};
        for (long expected : minutes) {
            now = s.blockedUntil().plusSeconds(1);
            s = policy.failed(s, now);
            assertThat(s.refusalBegun()).isTrue();
            assertThat(Duration.between(now, s.blockedUntil())).isEqualTo(Duration.ofMinutes(expected));
        }
        assertThat(policy.delay(1_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aRunIsOverOnceTheWindowHasPassedAfterTheLastFailureAndAfterTheRefusal() {
        ThrottlePolicy.State s = ThrottlePolicy.State.NONE;
        for (int i = 0; i < 4; i++) {
            s = policy.failed(s, T0);
        }
        assertThat(policy.failed(s, T0.plus(Duration.ofMinutes(15))).failures()).isEqualTo(1);
        assertThat(policy.failed(s, T0.plus(Duration.ofMinutes(14))).refusalBegun()).isTrue();

        ThrottlePolicy.State refused = policy.failed(s, T0);
        Instant end = refused.blockedUntil();
        assertThat(policy.failed(refused, end.plus(Duration.ofMinutes(14))).blocks()).isEqualTo(2);
        assertThat(policy.failed(refused, end.plus(Duration.ofMinutes(15))).blocks()).isZero();
    }
}
