package jp.tsunagu.access;

import java.time.Duration;
import java.time.Instant;

/**
 * How failed logins for one user ID or from one address slow further attempts (ログイン試行の制限):
 * after {@code maxFailures} failures in a run, further attempts are refused for {@code firstDelay};
 * after that, each further failure of the same run refuses again for twice as long as the time
 * before, up to {@code maxDelay}. A run ends once {@code window} has passed without a failure and
 * without a refusal, or (for a user ID) with a completed login.
 */
record ThrottlePolicy(int maxFailures, Duration window, Duration firstDelay, Duration maxDelay) {

    /** What is known of one user ID or one address (試行の状態). */
    record State(int failures, int blocks, Instant blockedUntil, Instant lastFailure) {

        static final State NONE = new State(0, 0, null, null);

        boolean blockedAt(Instant now) {
            return blockedUntil != null && blockedUntil.isAfter(now);
        }

        /** Whether the failure that left this state began a refusal (the count starts again from zero then). */
        boolean refusalBegun() {
            return blocks > 0 && failures == 0;
        }
    }

    /** The state after one more failure at {@code now}; a higher {@code blocks} means a refusal has begun. */
    State failed(State before, Instant now) {
        State run = before == null || over(before, now) ? State.NONE : before;
        int failures = run.failures() + 1;
        if (run.blocks() == 0 && failures < maxFailures) {
            return new State(failures, 0, run.blockedUntil(), now);
        }
        int blocks = run.blocks() + 1;
        return new State(0, blocks, now.plus(delay(blocks)), now);
    }

    /** How long the {@code block}th refusal of a run lasts: the first delay, doubled each time, at most the longest. */
    Duration delay(int block) {
        int doublings = Math.min(block - 1, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** A run is over when the window has passed since its last failure and since its refusal ended. */
    private boolean over(State state, Instant now) {
        Instant quietSince = state.lastFailure();
        if (state.blockedUntil() != null && (quietSince == null || state.blockedUntil().isAfter(quietSince))) {
            quietSince = state.blockedUntil();
        }
        return quietSince == null || !quietSince.plus(window).isAfter(now);
    }
}
