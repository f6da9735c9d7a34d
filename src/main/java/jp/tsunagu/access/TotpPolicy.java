package jp.tsunagu.access;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who must enter a second-factor code after their password: whoever enrolled, and — when
 * {@code tsunagu.access.totp-enabled} — every holder of a role in
 * {@code tsunagu.access.totp-required-roles}, who is made to enrol first.
 */
@Component
class TotpPolicy {

    private final AccessProperties properties;
    private final TotpSecrets secrets;

    TotpPolicy(AccessProperties properties, TotpSecrets secrets) {
        this.properties = properties;
        this.secrets = secrets;
    }

    boolean requiresCode(Authentication auth) {
        return roleRequires(auth) || secrets.enrolled(auth.getName());
    }

    boolean roleRequires(Authentication auth) {
        return auth.getAuthorities().stream().anyMatch(a -> {
            for (Role role : Role.values()) {
                if (role.authority().equals(a.getAuthority()) && properties.totpRequiredFor(role)) {
                    return true;
                }
            }
            return false;
        });
    }
}
