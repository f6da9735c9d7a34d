package jp.tsunagu.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Need-to-know (必要な範囲の閲覧): what a viewer may see of a source, of a 支援措置 person's
 * address, and through 緊急閲覧.
 *
 * <p>Rules: an explicit grant for the viewer's department decides; without one, the department
 * that owns a source sees its detail and every other department sees involvement only, with the
 * owner's contact ("関わりあり — 担当: 障害福祉課 (内線 1234)"), so that whoever answers the phone
 * knows whom to call. An open break-glass gives one user the detail of one person for a limited
 * time. Opening it and granting are recorded in the audit trail, break-glass flagged to auditors.
 */
@Service
public class AccessPolicy {

    static final Duration BREAK_GLASS_DURATION = Duration.ofMinutes(30);
    static final int MIN_REASON_LENGTH = 10;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    AccessPolicy(JdbcClient jdbc, AuditTrail audit, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The viewer behind a user name. */
    public Viewer viewer(String username) {
        return jdbc.sql("SELECT username, role, department_id FROM staff_account WHERE username = :u")
                .param("u", username)
                .query((rs, i) -> new Viewer(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getString(3)))
                .optional().orElseThrow(() -> new IllegalArgumentException("職員 " + username + " はいません"));
    }

    /**
     * What this viewer may see, read once (one statement) for a request that checks many
     * sources or persons. When the request being served was made with an API token acting as this
     * viewer, the token's source list narrows every answer too ({@link ViewerAccess#level} is
     * {@code NONE} for the sources it does not name): every module that asks this object, on every
     * route, applies the token's scope without knowing about tokens.
     */
    public ViewerAccess of(Viewer viewer) {
        return of(viewer, tokenSources(viewer));
    }

    /** The sources the API token behind the current request may receive, or {@code null} (no token: no narrowing). */
    private static java.util.Set<String> tokenSources(Viewer viewer) {
        org.springframework.security.core.Authentication current =
                org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        if (current instanceof ApiTokenAuthentication token && token.getName().equals(viewer.username())
                && !token.token().allSources()) {
            return java.util.Set.copyOf(token.token().sources());
        }
        return null;
    }

    /**
     * The department's grants, whether it sees 支援措置 addresses, and the viewer's open 緊急閲覧 in one
     * statement: every screen, API call and export asks this first, so one round trip instead of three
     * is felt on each of them (the person overview most: it is a chain of small reads).
     */
    private static final String VIEWER_ACCESS = """
            SELECT 1 AS part, source_id AS a, level AS b, sensitive AS flag,
                   NULL::bigint AS id, NULL::timestamptz AS opened_at, NULL::timestamptz AS expires_at
              FROM source_grant WHERE department_id = :d
            UNION ALL
            SELECT 2, NULL, NULL, sees_protected_address, NULL, NULL, NULL
              FROM department WHERE department_id = :d
            UNION ALL
            SELECT 3, person_key, reason, NULL, id, opened_at, expires_at
              FROM break_glass WHERE username = :u AND expires_at > :now
            ORDER BY part, expires_at""";

    private ViewerAccess of(Viewer viewer, java.util.Set<String> tokenSources) {
        Map<String, ViewerAccess.Grant> grants = new java.util.HashMap<>();
        boolean[] protectedAddresses = {false};
        // in expiry order, so that of two open for one person the later one is kept
        Map<String, BreakGlass> open = new java.util.HashMap<>();
        jdbc.sql(VIEWER_ACCESS).param("d", viewer.departmentId(), java.sql.Types.VARCHAR)
                .param("u", viewer.username()).param("now", now())
                .query(rs -> {
                    switch (rs.getInt("part")) {
                        case 1 -> grants.put(rs.getString("a"),
                                new ViewerAccess.Grant(GrantLevel.valueOf(rs.getString("b")), rs.getBoolean("flag")));
                        case 2 -> protectedAddresses[0] = rs.getBoolean("flag");
                        default -> open.put(rs.getString("a"), new BreakGlass(rs.getLong("id"), viewer.username(),
                                rs.getString("a"), rs.getString("b"),
                                rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
                                rs.getObject("expires_at", OffsetDateTime.class).toInstant()));
                    }
                });
        return new ViewerAccess(viewer, grants, protectedAddresses[0], open, tokenSources);
    }

    /** How much of a source the viewer may see of this person ({@link ViewerAccess#level}). */
    public GrantLevel level(Viewer viewer, String sourceId, String owningDepartmentId, String personKey) {
        return of(viewer).level(sourceId, owningDepartmentId, personKey);
    }

    /** Whether fields marked sensitive are shown (with a detail grant). */
    public boolean seesSensitive(Viewer viewer, String sourceId, String owningDepartmentId, String personKey) {
        return of(viewer).seesSensitive(sourceId, owningDepartmentId, personKey);
    }

    /** Whether the address, 方書 and household of a 支援措置 person are shown to this viewer. */
    public boolean seesProtectedAddress(Viewer viewer, String personKey) {
        return of(viewer).seesProtectedAddress(personKey);
    }

    public Optional<BreakGlass> activeBreakGlass(Viewer viewer, String personKey) {
        return of(viewer).breakGlass(personKey);
    }

    /**
     * Opens 緊急閲覧 of one person for {@link #BREAK_GLASS_DURATION}, after a reason of at least
     * {@link #MIN_REASON_LENGTH} characters; recorded and flagged to auditors before it takes effect.
     */
    @Transactional
    public BreakGlass openBreakGlass(Viewer viewer, String personKey, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.codePointCount(0, why.length()) < MIN_REASON_LENGTH) {
            throw new IllegalArgumentException("緊急閲覧の理由を " + MIN_REASON_LENGTH + " 文字以上で書いてください");
        }
        OffsetDateTime opened = now();
        OffsetDateTime expires = opened.plus(BREAK_GLASS_DURATION);
        audit.record(new AuditEvent(viewer.username(), AuditAction.BREAK_GLASS, personKey,
                Map.of("reason", why, "until", expires.toString()), true));
        long id = jdbc.sql("""
                INSERT INTO break_glass (username, person_key, reason, opened_at, expires_at)
                VALUES (:u, :p, :r, :o, :e) RETURNING id""")
                .param("u", viewer.username()).param("p", personKey).param("r", why).param("o", opened)
                .param("e", expires).query(Long.class).single();
        return new BreakGlass(id, viewer.username(), personKey, why, opened.toInstant(), expires.toInstant());
    }

    /** Sets a department's grant for a source (administrators); recorded in the audit trail. */
    @Transactional
    public void grant(String administrator, String departmentId, String sourceId, GrantLevel level,
            boolean sensitive) {
        audit.record(AuditEvent.of(administrator, AuditAction.GRANT, Map.of("department", departmentId,
                "source", sourceId, "level", level.name(), "sensitive", Boolean.toString(sensitive))));
        jdbc.sql("""
                INSERT INTO source_grant (department_id, source_id, level, sensitive, granted_by)
                VALUES (:d, :s, :l, :x, :by)
                ON CONFLICT (department_id, source_id) DO UPDATE SET level = EXCLUDED.level,
                    sensitive = EXCLUDED.sensitive, granted_by = EXCLUDED.granted_by, granted_at = now()""")
                .param("d", departmentId).param("s", sourceId).param("l", level.name()).param("x", sensitive)
                .param("by", administrator).update();
    }

    /** Lets a department see 支援措置 persons' addresses (e.g. 市民課's 支援措置 desk); audited. */
    @Transactional
    public void allowProtectedAddresses(String administrator, String departmentId, boolean allowed) {
        audit.record(AuditEvent.of(administrator, AuditAction.GRANT, Map.of("department", departmentId,
                "protectedAddress", Boolean.toString(allowed))));
        jdbc.sql("UPDATE department SET sees_protected_address = :a WHERE department_id = :d")
                .param("a", allowed).param("d", departmentId).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
    }
}
