package jp.tsunagu.access;

import java.time.Instant;

/**
 * A staff account as the administration screen shows it (職員アカウント). The password hash and the
 * TOTP secret never leave {@link StaffAccounts}.
 *
 * @param failedAttempts failed logins for this ID in the current run of failures ({@link LoginThrottle})
 * @param lockedUntil until when logins for this ID are refused after repeated failures, or {@code null}
 * @param totpEnrolled whether a second factor (二段階認証) is set up
 */
public record StaffAccount(String username, String displayName, Role role, String departmentId,
        String departmentName, boolean enabled, int failedAttempts, Instant lockedUntil, boolean totpEnrolled,
        Instant createdAt) {

    /** Whether logins for this ID are refused at this moment. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
