package jp.tsunagu.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.stereotype.Component;

/**
 * Locks an account after {@code tsunagu.access.max-failed-logins} consecutive failures (ロック) for
 * {@code tsunagu.access.lockout}. A wrong password counts, and so does a wrong second-factor code.
 * The count starts again at zero when the account is locked and when a login completes — after the
 * second factor when there is one, so that a known password does not buy endless code guesses.
 *
 * <p>{@link StaffAccounts#loadUserByUsername} then loads the account as locked until the time runs
 * out, and Spring Security refuses it with a {@code LockedException}.
 */
@Component
class LoginLockout {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AccessProperties properties;
    private final AuditTrail audit;

    LoginLockout(JdbcClient jdbc, Clock clock, AccessProperties properties, AuditTrail audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.audit = audit;
    }

    @EventListener
    void on(AuthenticationFailureBadCredentialsEvent event) {
        failed(event.getAuthentication().getName());
    }

    /**
     * Counts one failure.
     *
     * @return whether the account is now locked
     */
    boolean failed(String username) {
        Instant until = clock.instant().plus(properties.lockout()).truncatedTo(ChronoUnit.MICROS);
        // one statement, so that concurrent failures cannot both read the same count
        Optional<Boolean> locked = jdbc.sql("""
                UPDATE staff_account SET
                    failed_attempts = CASE WHEN failed_attempts + 1 >= :max THEN 0 ELSE failed_attempts + 1 END,
                    locked_until = CASE WHEN failed_attempts + 1 >= :max THEN :until ELSE locked_until END
                 WHERE username = :u
                RETURNING coalesce(locked_until = :until, false)
                """).param("max", properties.maxFailedLogins()).param("until", Timestamp.from(until))
                .param("u", username).query(Boolean.class).optional();
        if (locked.orElse(false)) {
            audit.record(AuditEvent.of(StaffAccounts.SYSTEM, AuditAction.ACCOUNT, Map.of("change", "locked",
                    "account", username, "lockedUntil", until.toString(),
                    "failedAttempts", Integer.toString(properties.maxFailedLogins()))));
            return true;
        }
        return false;
    }

    /** A completed login: the count starts again. */
    void succeeded(String username) {
        jdbc.sql("""
                UPDATE staff_account SET failed_attempts = 0, locked_until = NULL
                 WHERE username = :u AND (failed_attempts > 0 OR locked_until IS NOT NULL)
                """).param("u", username).update();
    }

    boolean lockedNow(String username) {
        return jdbc.sql("SELECT coalesce(locked_until > :now, false) FROM staff_account WHERE username = :u")
                .param("now", Timestamp.from(clock.instant())).param("u", username)
                .query(Boolean.class).optional().orElse(false);
    }
}
