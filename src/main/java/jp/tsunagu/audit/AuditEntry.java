package jp.tsunagu.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One stored row of the audit trail as auditors read it (記録の一行).
 *
 * @param action the stored action's name; kept as text so that a row written by another version still shows
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String personKey, Map<String, String> detail,
        boolean flagged) {

    private static final Pattern PATH_SAFE = Pattern.compile("[\\p{L}\\p{N}_@-][\\p{L}\\p{N}._@-]*");

    /** 令和6年4月1日 (2024) 09:05:03, in the city's time. */
    public String atText() {
        return TokyoTime.seconds(at);
    }

    /** 検索, 個人の閲覧, …; the stored name if this version does not know the action. */
    public String actionLabel() {
        try {
            return AuditAction.valueOf(action).label();
        } catch (IllegalArgumentException e) {
            return action;
        }
    }

    /**
     * Where the user's entries are listed: {@code /audit/users/{name}}, or for a name no path can
     * carry (one typed at a failed login may hold {@code /}, {@code ;} or {@code %}, which the firewall
     * rejects in a path) the same list by query parameter.
     */
    public String actorLink() {
        return link("users", "actor", actor);
    }

    /** Where this person's entries are listed. */
    public String personLink() {
        return personKey == null ? null : link("persons", "person", personKey);
    }


    private static String link(String section, String parameter, String value) {
        if (PATH_SAFE.matcher(value).matches()) {
            return UriComponentsBuilder.newInstance().pathSegment("audit", section, value).build().encode()
                    .toUriString();
        }
        return UriComponentsBuilder.newInstance().pathSegment("audit", "events").queryParam(parameter, value).build()
                .encode().toUriString();
    }
}
