package jp.tsunagu.access;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of logins and sessions, bound under {@code tsunagu.access}.
 *
 * @param maxFailedLogins consecutive failed logins after which an account is locked (default 5)
 * @param lockout how long a locked account stays locked (default 15 minutes)
 * @param absoluteSessionTimeout how long a session lasts after login however busy it is (default
 *     12 hours); the idle timeout is {@code server.servlet.session.timeout}
 * @param totpEnabled whether the roles in {@code totpRequiredRoles} must use a second factor
 *     (default off); staff who enrolled on their own always enter a code
 * @param totpRequiredRoles the roles that must enrol and enter a TOTP code after their password
 *     when {@code totpEnabled} (default ADMIN, AUDITOR)
 */
@Validated
@ConfigurationProperties("tsunagu.access")
public record AccessProperties(Integer maxFailedLogins, Duration lockout, Duration absoluteSessionTimeout,
        boolean totpEnabled, Set<Role> totpRequiredRoles) {

    public AccessProperties {
        maxFailedLogins = maxFailedLogins == null ? 5 : maxFailedLogins;
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException("tsunagu.access.max-failed-logins は 1 以上にしてください");
        }
        lockout = positive(lockout, Duration.ofMinutes(15), "lockout");
        absoluteSessionTimeout = positive(absoluteSessionTimeout, Duration.ofHours(12), "absolute-session-timeout");
        totpRequiredRoles = totpRequiredRoles == null ? EnumSet.of(Role.ADMIN, Role.AUDITOR)
                : Set.copyOf(totpRequiredRoles);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("tsunagu.access." + name + " は正の長さにしてください");
        }
        return value;
    }

    /** Whether this role has to use the second factor. */
    boolean totpRequiredFor(Role role) {
        return totpEnabled && totpRequiredRoles.contains(role);
    }
}
