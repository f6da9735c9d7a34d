package jp.tsunagu.access;

import java.util.Map;
import java.util.Optional;

/**
 * What one viewer may see, read once for one request (閲覧権限の写し): the department's grants, whether
 * it may see 支援措置 addresses, and the viewer's open 緊急閲覧. A page that checks dozens of sources
 * and persons asks this object instead of the database each time; the rules are
 * {@link AccessPolicy}'s and live here only.
 */
public final class ViewerAccess {

    /** One explicit grant of the department for a source. */
    record Grant(GrantLevel level, boolean sensitive) {
    }

    private final Viewer viewer;
    private final Map<String, Grant> grants;
    private final boolean protectedAddresses;
    private final Map<String, BreakGlass> breakGlass;
    /** The sources an API token may receive; {@code null} for a staff member's own request. */
    private final java.util.Set<String> tokenSources;

    ViewerAccess(Viewer viewer, Map<String, Grant> grants, boolean protectedAddresses,
            Map<String, BreakGlass> breakGlass, java.util.Set<String> tokenSources) {
        this.viewer = viewer;
        this.grants = Map.copyOf(grants);
        this.protectedAddresses = protectedAddresses;
        this.breakGlass = Map.copyOf(breakGlass);
        this.tokenSources = tokenSources == null ? null : java.util.Set.copyOf(tokenSources);
    }

    public Viewer viewer() {
        return viewer;
    }

    /**
     * How much of a source the viewer may see of this person: a source the API token of the request
     * does not name is not seen at all; an open break-glass gives the detail; otherwise the
     * department's explicit grant decides; without one, the owning department sees the detail and
     * every other department the involvement only.
     */
    public GrantLevel level(String sourceId, String owningDepartmentId, String personKey) {
        if (tokenSources != null && !tokenSources.contains(sourceId)) {
            return GrantLevel.NONE;
        }
        if (personKey != null && breakGlass.containsKey(personKey)) {
            return GrantLevel.DETAIL;
        }
        Grant grant = grants.get(sourceId);
        if (grant != null) {
            return grant.level();
        }
        return owns(owningDepartmentId) ? GrantLevel.DETAIL : GrantLevel.SUMMARY;
    }

    /** Whether fields marked sensitive are shown (with a detail grant). */
    public boolean seesSensitive(String sourceId, String owningDepartmentId, String personKey) {
        if (tokenSources != null && !tokenSources.contains(sourceId)) {
            return false;
        }
        if (personKey != null && breakGlass.containsKey(personKey)) {
            return true;
        }
        Grant grant = grants.get(sourceId);
        return grant != null ? grant.sensitive() : owns(owningDepartmentId);
    }

    /** Whether the address, 方書 and household of a 支援措置 person are shown to this viewer. */
    public boolean seesProtectedAddress(String personKey) {
        return breakGlass.containsKey(personKey) || protectedAddresses;
    }

    /**
     * Whether this person's whereabouts (住所, 方書, 電話, 郵便番号, 世帯, 学校, 勤務先 — every field of a
     * protected kind, in every source, and the household) are withheld from this viewer: the person is
     * protected by a 支援措置 (their own or their household's) and the viewer neither belongs to a
     * department with the permission nor has an open 緊急閲覧 of them. The one rule every screen, API
     * and export asks.
     */
    public boolean withholdsWhereabouts(boolean addressProtected, String personKey) {
        return addressProtected && !seesProtectedAddress(personKey);
    }

    /**
     * Whether the viewer's department may see 支援措置 persons' whereabouts at all: a search by address
     * or town, and a department list filtered or sorted by address, leave protected persons out
     * otherwise (a 緊急閲覧 opens one person's record, not a search of where they live).
     */
    public boolean seesProtectedAddresses() {
        return protectedAddresses;
    }

    /**
     * The department's own grant for this ID, if it holds one, without the owner's default: a module whose
     * records have no owning source (相談記録 by category, {@code consultation-child-abuse}) decides its own
     * default and asks only whether a grant overrides it. Whether an API token narrows the request is
     * {@link #tokenExcludes}.
     */
    public Optional<GrantLevel> explicitGrant(String grantId) {
        return Optional.ofNullable(grants.get(grantId)).map(Grant::level);
    }

    /** Whether the request was made with an API token that does not name this source or grant ID. */
    public boolean tokenExcludes(String grantId) {
        return tokenSources != null && !tokenSources.contains(grantId);
    }

    /** The persons the viewer holds an open 緊急閲覧 of: a query that filters records by person includes them. */
    public java.util.Set<String> breakGlassPersons() {
        return breakGlass.keySet();
    }

    /** The viewer's open break-glass for this person, if any. */
    public Optional<BreakGlass> breakGlass(String personKey) {
        return Optional.ofNullable(breakGlass.get(personKey));
    }

    private boolean owns(String owningDepartmentId) {
        return viewer.departmentId() != null && viewer.departmentId().equals(owningDepartmentId);
    }
}
