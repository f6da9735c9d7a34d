package jp.tsunagu.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Slows down password guessing (ログイン試行の制限) by user ID and by source address, in place of a
 * lock. Failures are counted for the user ID as typed, whether such an account exists or not, and for
 * the address the request came from; after too many (see {@link ThrottlePolicy}) further attempts
 * are refused for a while, whatever the password. A refused attempt gets the same answer as a wrong
 * password, so that neither the answer nor the delay tells which IDs exist, and nobody can lock an
 * account for long: a refusal starts short and grows only while failures go on.
 *
 * <p>A wrong password counts, and so does a wrong second-factor code. The user ID's count starts again
 * when a login completes (after the second factor when there is one); an address's count does not,
 * so that one working account does not buy endless guesses at the others. Each refusal that begins
 * is recorded in the audit trail ({@code LOGIN_THROTTLED}), each refused attempt as a failed login.
 */
@Component
public class LoginThrottle {

    /** What is counted: a user ID as typed, or a source address. */
    public enum Kind {
        ACCOUNT, ADDRESS
    }

    /** A user ID or address refused at the moment, for the administrators' list. */
    public record Throttled(Kind kind, String subject, Instant blockedUntil, int blocks, Instant lastFailure) {

        public boolean account() {
            return kind == Kind.ACCOUNT;
        }
    }

    /** User IDs longer than this are counted by their beginning: a name typed at the login page is not bounded. */
    static final int MAX_SUBJECT = 200;

    /** Runs of failures long over are deleted a few at a time, so that the IDs an attacker typed do not pile up. */
    private static final int TIDY_PER_FAILURE = 10;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Map<Kind, ThrottlePolicy> policies;

    LoginThrottle(JdbcClient jdbc, Clock clock, AccessProperties properties, AuditTrail audit,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.policies = Map.of(
                Kind.ACCOUNT, new ThrottlePolicy(properties.maxFailedLogins(), properties.failedLoginWindow(),
                        properties.loginDelay(), properties.lockout()),
                Kind.ADDRESS, new ThrottlePolicy(properties.maxFailedLoginsPerAddress(),
                        properties.failedLoginWindow(), properties.loginDelay(), properties.lockout()));
    }

    /** Whether an attempt for this user ID from this address is refused now, before any password is looked at. */
    boolean refuses(String username, String address) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM login_throttle
                                WHERE ((kind = 'ACCOUNT' AND subject = :u) OR (kind = 'ADDRESS' AND subject = :a))
                                  AND blocked_until > :now)
                """).param("u", subject(username)).param("a", subject(address)).param("now", timestamp(clock.instant()))
                .query(Boolean.class).single();
    }

    /** Records an attempt that was refused without looking at the password. */
    void refused(String username, String address) {
        audit.record(AuditEvent.of(subject(username), AuditAction.LOGIN_FAILED,
                Map.of("reason", "throttled", "address", String.valueOf(address))));
    }

    /**
     * Counts one failure for the user ID and for the address.
     *
     * @return whether attempts for this user ID are refused from now on
     */
    boolean failed(String username, String address) {
        Instant now = clock.instant();
        List<AuditEvent> begun = new ArrayList<>();
        boolean accountBlocked = Boolean.TRUE.equals(transaction.execute(status -> {
            boolean blocked = count(Kind.ACCOUNT, subject(username), now, begun);
            count(Kind.ADDRESS, subject(address), now, begun);
            tidy(now);
            return blocked;
        }));
        // after the commit: the count must hold even when the trail is slow
        begun.forEach(audit::record);
        return accountBlocked;
    }

    /** A login completed: the user ID's run of failures is over. */
    void succeeded(String username) {
        jdbc.sql("DELETE FROM login_throttle WHERE kind = 'ACCOUNT' AND subject = :u").param("u", subject(username))
                .update();
    }

    /**
     * Ends a refusal and its run of failures at once (an administrator's decision), recorded in the
     * audit trail inside the change's transaction: when it cannot be recorded, nothing is lifted.
     *
     * @return whether there was anything to lift
     */
    public boolean lift(String actor, Kind kind, String subject) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            int lifted = jdbc.sql("DELETE FROM login_throttle WHERE kind = :k AND subject = :s")
                    .param("k", kind.name()).param("s", subject).update();
            if (lifted > 0) {
                audit.record(AuditEvent.of(actor, AuditAction.LOGIN_THROTTLED, Map.of("change", "lifted",
                        "kind", kind.name().toLowerCase(java.util.Locale.ROOT), "subject", subject)));
            }
            return lifted > 0;
        }));
    }

    /** The user IDs and addresses refused now, the longest refusal first. */
    public List<Throttled> current() {
        return jdbc.sql("""
                SELECT kind, subject, blocked_until, blocks, last_failure FROM login_throttle
                 WHERE blocked_until > :now ORDER BY blocked_until DESC, kind, subject LIMIT 500
                """).param("now", timestamp(clock.instant()))
                .query((rs, i) -> new Throttled(Kind.valueOf(rs.getString(1)), rs.getString(2), instant(rs, 3),
                        rs.getInt(4), instant(rs, 5)))
                .list();
    }

    private boolean count(Kind kind, String subject, Instant now, List<AuditEvent> begun) {
        jdbc.sql("INSERT INTO login_throttle (kind, subject) VALUES (:k, :s) ON CONFLICT DO NOTHING")
                .param("k", kind.name()).param("s", subject).update();
        ThrottlePolicy.State before = jdbc.sql("""
                SELECT failures, blocks, blocked_until, last_failure FROM login_throttle
                 WHERE kind = :k AND subject = :s FOR UPDATE
                """).param("k", kind.name()).param("s", subject)
                .query((rs, i) -> new ThrottlePolicy.State(rs.getInt(1), rs.getInt(2), instant(rs, 3), instant(rs, 4)))
                .single();
        ThrottlePolicy policy = policies.get(kind);
        ThrottlePolicy.State after = policy.failed(before, now);
        jdbc.sql("""
                UPDATE login_throttle SET failures = :f, blocks = :b, blocked_until = :until, last_failure = :last
                 WHERE kind = :k AND subject = :s
                """).param("f", after.failures()).param("b", after.blocks())
                .param("until", timestamp(after.blockedUntil())).param("last", timestamp(after.lastFailure()))
                .param("k", kind.name()).param("s", subject).update();
        if (after.refusalBegun()) {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
            detail.put("subject", subject);
            detail.put("until", after.blockedUntil().toString());
            detail.put("refusal", Integer.toString(after.blocks()));
            detail.put("delay", policy.delay(after.blocks()).toString());
            begun.add(AuditEvent.of(StaffAccounts.SYSTEM, AuditAction.LOGIN_THROTTLED, detail));
        }
        return after.blockedAt(now);
    }

    /** Deletes a few runs that are over: they count for nothing any more. */
    private void tidy(Instant now) {
        jdbc.sql("""
                DELETE FROM login_throttle WHERE ctid = ANY (ARRAY (
                    SELECT ctid FROM login_throttle
                     WHERE greatest(last_failure, blocked_until) < :before LIMIT :n))
                """).param("before", timestamp(now.minus(policies.get(Kind.ACCOUNT).window())))
                .param("n", TIDY_PER_FAILURE).update();
    }

    static String subject(String text) {
        String s = text == null ? "" : text;
        return s.length() > MAX_SUBJECT ? s.substring(0, MAX_SUBJECT) : s;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
