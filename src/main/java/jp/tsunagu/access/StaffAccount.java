package jp.tsunagu.access;

import java.time.Instant;

/**
 * A staff account as the administration screen shows it (職員アカウント). The password hash and the
 * TOTP secret never leave {@link StaffAccounts}.
 *
 * @param lockedUntil until when failed logins keep the account locked, or {@code null}
 * @param totpEnrolled whether a second factor (二段階認証) is set up
 */
public record StaffAccount(String username, String displayName, Role role, String departmentId,
        String departmentName, boolean enabled, int failedAttempts, Instant lockedUntil, boolean totpEnrolled,
        Instant createdAt) {

    /** Whether the account is locked at this moment. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
