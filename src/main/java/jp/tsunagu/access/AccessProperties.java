package jp.tsunagu.access;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of logins and sessions, bound under {@code tsunagu.access}.
 *
 * @param maxFailedLogins failed logins for one user ID, within {@code failedLoginWindow} of each other,
 *     after which further attempts for it are refused for a while (default 5); see {@link ThrottlePolicy}
 * @param lockout the longest time attempts are refused after failures (default 15 minutes); the first
 *     refusal lasts {@code loginDelay}, each further one twice as long as the one before, up to this
 * @param absoluteSessionTimeout how long a session lasts after login however busy it is (default
 *     12 hours); the idle timeout is {@code server.servlet.session.timeout}
 * @param totpEnabled whether the roles in {@code totpRequiredRoles} must use a second factor
 *     (default off); staff who enrolled on their own always enter a code
 * @param totpRequiredRoles the roles that must enrol and enter a TOTP code after their password
 *     when {@code totpEnabled} (default ADMIN, AUDITOR)
 * @param maxFailedLoginsPerAddress failed logins from one address, for any user IDs, after which
 *     further attempts from it are refused for a while (default 20: staff behind one proxy share it)
 * @param loginDelay how long the first refusal lasts (default 1 minute)
 * @param failedLoginWindow how long failures are remembered after the last one or after a refusal
 *     ends (default 15 minutes)
 */
@Validated
@ConfigurationProperties("tsunagu.access")
public record AccessProperties(Integer maxFailedLogins, Duration lockout, Duration absoluteSessionTimeout,
        boolean totpEnabled, Set<Role> totpRequiredRoles, Integer maxFailedLoginsPerAddress, Duration loginDelay,
        Duration failedLoginWindow) {

    public AccessProperties {
        maxFailedLogins = maxFailedLogins == null ? 5 : maxFailedLogins;
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException("tsunagu.access.max-failed-logins は 1 以上にしてください");
        }
        lockout = positive(lockout, Duration.ofMinutes(15), "lockout");
        maxFailedLoginsPerAddress = maxFailedLoginsPerAddress == null ? 20 : maxFailedLoginsPerAddress;
        if (maxFailedLoginsPerAddress < 1) {
            throw new IllegalArgumentException("tsunagu.access.max-failed-logins-per-address は 1 以上にしてください");
        }
        loginDelay = positive(loginDelay, Duration.ofMinutes(1), "login-delay");
        failedLoginWindow = positive(failedLoginWindow, Duration.ofMinutes(15), "failed-login-window");
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
