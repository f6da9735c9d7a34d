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

    ViewerAccess(Viewer viewer, Map<String, Grant> grants, boolean protectedAddresses,
            Map<String, BreakGlass> breakGlass) {
        this.viewer = viewer;
        this.grants = Map.copyOf(grants);
        this.protectedAddresses = protectedAddresses;
        this.breakGlass = Map.copyOf(breakGlass);
    }

    public Viewer viewer() {
        return viewer;
    }

    /**
     * How much of a source the viewer may see of this person: an open break-glass gives the detail;
     * otherwise the department's explicit grant decides; without one, the owning department sees the
     * detail and every other department the involvement only.
     */
    public GrantLevel level(String sourceId, String owningDepartmentId, String personKey) {
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

    /** The viewer's open break-glass for this person, if any. */
    public Optional<BreakGlass> breakGlass(String personKey) {
        return Optional.ofNullable(breakGlass.get(personKey));
    }

    private boolean owns(String owningDepartmentId) {
        return viewer.departmentId() != null && viewer.departmentId().equals(owningDepartmentId);
    }
}
