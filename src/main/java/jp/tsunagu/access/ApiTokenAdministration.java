package jp.tsunagu.access;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Making and revoking API tokens (APIトークンの発行・取消), for administrators. Making one also makes
 * its service account: a staff account of role 閲覧者 in the chosen department that can never log in
 * through the login page, so that the department's grants apply to the token's requests and the
 * audit trail names the account. Both changes are recorded in the audit trail inside their
 * transaction, with what the token may reach but never its secret.
 */
@Service
public class ApiTokenAdministration {

    static final String ACCOUNT_PREFIX = "api-token-";

    /** The columns {@link #token} reads, in its order. */
    static final String COLUMNS = """
            t.id, t.name, t.service_account, a.department_id, d.name, t.endpoints, t.sources, t.created_by,
            t.created_at, t.expires_at, t.revoked_at, t.revoked_by, t.last_used_at""";
    static final String FROM = " FROM api_token t JOIN staff_account a ON a.username = t.service_account"
            + " LEFT JOIN department d ON d.department_id = a.department_id";
    private static final String SELECT = "SELECT " + COLUMNS + FROM;

    private final JdbcClient jdbc;
    private final StaffAccounts accounts;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final Clock clock;

    ApiTokenAdministration(JdbcClient jdbc, StaffAccounts accounts, PasswordEncoder encoder, AuditTrail audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Makes a token and its service account.
     *
     * @param endpoints path patterns under {@code /api/}, at least one
     * @param sources source IDs, or {@code *} for the department's grants; none means no source data
     * @param expiresAt when it stops working, or {@code null} for never
     * @return the token with its secret, to be shown once
     * @throws AccountChangeRejected with the reason, in words an administrator can act on
     */
    @Transactional
    public ApiTokenIssued create(String actor, String name, String departmentId, List<String> endpoints,
            List<String> sources, Instant expiresAt) {
        String tokenName = checkedName(name);
        if (departmentId == null || departmentId.isBlank() || accounts.department(departmentId).isEmpty()) {
            throw new AccountChangeRejected("所属を選んでください");
        }
        List<String> allowedEndpoints = checked(endpoints, ApiTokenEndpoints::endpointProblem);
        if (allowedEndpoints.isEmpty()) {
            throw new AccountChangeRejected("使えるURLを1つ以上書いてください (例: /api/v1/persons)");
        }
        List<String> allowedSources = checked(sources, ApiTokenEndpoints::sourceProblem);
        if (allowedSources.contains(ApiTokens.ALL_GRANTED_SOURCES)) {
            allowedSources = List.of(ApiTokens.ALL_GRANTED_SOURCES);
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new AccountChangeRejected("有効期限は今より後にしてください");
        }

        long id = jdbc.sql("SELECT nextval(pg_get_serial_sequence('api_token', 'id'))").query(Long.class).single();
        String account = ACCOUNT_PREFIX + id;
        if (accounts.exists(account)) {
            throw new AccountChangeRejected("職員ID「" + account + "」がすでに使われているため、発行できません");
        }
        // a password nobody knows, on an account that cannot be enabled: the login page stays shut
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, department_id, enabled,
                                           api_service)
                VALUES (:u, :d, :p, 'VIEWER', :dept, FALSE, TRUE)
                """).param("u", account).param("d", tokenName).param("p", encoder.encode(ApiTokenSecrets.next()))
                .param("dept", departmentId).update();
        String secret = ApiTokenSecrets.next();
        jdbc.sql("""
                INSERT INTO api_token (id, name, service_account, token_hash, endpoints, sources, created_by,
                                       created_at, expires_at)
                VALUES (:id, :n, :u, :h, :e, :s, :by, :at, :exp)
                """).param("id", id).param("n", tokenName).param("u", account)
                .param("h", ApiTokenSecrets.hashOf(secret).orElseThrow())
                .param("e", allowedEndpoints.toArray(String[]::new)).param("s", allowedSources.toArray(String[]::new))
                .param("by", actor).param("at", utc(now))
                .param("exp", expiresAt == null ? null : utc(expiresAt)).update();

        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("change", "api-token-create");
        detail.put("token", tokenName);
        detail.put("tokenId", Long.toString(id));
        detail.put("account", account);
        detail.put("department", departmentId);
        detail.put("role", Role.VIEWER.name());
        detail.put("endpoints", String.join(" ", allowedEndpoints));
        detail.put("sources", String.join(" ", allowedSources));
        detail.put("expiresAt", String.valueOf(expiresAt));
        detail.put("secret", "issued");
        audit.record(AuditEvent.of(actor, AuditAction.ACCOUNT, detail));
        return new ApiTokenIssued(find(id).orElseThrow(), secret);
    }

    /**
     * Revokes a token: from now on it is refused with 401. The service account stays, disabled, so
     * that the audit trail's entries keep a name.
     */
    @Transactional
    public void revoke(String actor, long id) {
        ApiToken token = find(id).orElseThrow(() -> new AccountChangeRejected("APIトークン " + id + " はありません"));
        int changed = jdbc.sql("""
                UPDATE api_token SET revoked_at = :now, revoked_by = :by WHERE id = :id AND revoked_at IS NULL
                """).param("now", utc(clock.instant())).param("by", actor).param("id", id).update();
        if (changed == 0) {
            throw new AccountChangeRejected("APIトークン「" + token.name() + "」はすでに取り消されています");
        }
        audit.record(AuditEvent.of(actor, AuditAction.ACCOUNT, Map.of("change", "api-token-revoke",
                "token", token.name(), "tokenId", Long.toString(id), "account", token.serviceAccount())));
    }

    public Optional<ApiToken> find(long id) {
        return jdbc.sql(SELECT + " WHERE t.id = :id").param("id", id).query(ApiTokenAdministration::token)
                .optional();
    }

    /** A page of the tokens, those in use first, newest first; {@code page} is the number from 1, kept within the list. */
    public PageSlice<ApiToken> page(int page, int size) {
        long total = jdbc.sql("SELECT count(*) FROM api_token").query(Long.class).single();
        PageNumbers numbers = PageNumbers.of(page, size, total);
        List<ApiToken> items = jdbc.sql(SELECT + """
                 ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC, t.id DESC LIMIT :n OFFSET :o
                """).param("n", size).param("o", numbers.offset()).query(ApiTokenAdministration::token).list();
        return numbers.slice(items);
    }

    static ApiToken token(ResultSet rs, int row) throws SQLException {
        return new ApiToken(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                strings(rs.getArray(6)), strings(rs.getArray(7)), rs.getString(8), instant(rs, 9), instant(rs, 10),
                instant(rs, 11), rs.getString(12), instant(rs, 13));
    }

    private static String checkedName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new AccountChangeRejected("名前を書いてください (例: 総合窓口システム)");
        }
        if (n.codePointCount(0, n.length()) > 100) {
            throw new AccountChangeRejected("名前は100文字以内にしてください");
        }
        if (n.chars().anyMatch(Character::isISOControl)) {
            throw new AccountChangeRejected("名前に制御文字が含まれています");
        }
        return n;
    }

    /** The entries stripped, blanks and repeats left out; the first problem is thrown. */
    private static List<String> checked(List<String> entries, Function<String, Optional<String>> rule) {
        Set<String> kept = new LinkedHashSet<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            String e = entry == null ? "" : entry.strip();
            if (!e.isEmpty()) {
                rule.apply(e).ifPresent(problem -> {
                    throw new AccountChangeRejected(problem);
                });
                kept.add(e);
            }
        }
        if (kept.size() > ApiTokenEndpoints.MAX_ENTRIES) {
            throw new AccountChangeRejected("URLと連携元はそれぞれ " + ApiTokenEndpoints.MAX_ENTRIES + " 件までにしてください");
        }
        return new ArrayList<>(kept);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
