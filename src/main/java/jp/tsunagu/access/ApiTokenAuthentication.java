package jp.tsunagu.access;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request made with an API token: its name is the token's service account, so that access rules
 * and the audit trail treat it like that staff member; the token itself says what it may reach.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient ApiToken token;

    ApiTokenAuthentication(ApiToken token) {
        super(List.of(new SimpleGrantedAuthority(Role.VIEWER.authority())));
        this.token = token;
        setAuthenticated(true);
    }

    ApiToken token() {
        return token;
    }

    /** Never the secret: only its hash was ever looked at, and that stays in the database. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return token.serviceAccount();
    }
}
