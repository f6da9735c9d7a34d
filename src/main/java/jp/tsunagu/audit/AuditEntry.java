package jp.tsunagu.audit;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.tsunagu.japanese.JapaneseDates;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One stored row of the audit trail as auditors read it (記録の一行).
 *
 * @param action the stored action's name; kept as text so that a row written by another version still shows
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String personKey, Map<String, String> detail,
        boolean flagged) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern PATH_SAFE = Pattern.compile("[\\p{L}\\p{N}_@-][\\p{L}\\p{N}._@-]*");
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** 令和6年4月1日 (2024) 09:05:03, in the city's time. */
    public String atText() {
        ZonedDateTime local = at.atZone(AuditQuery.ZONE);
        return JapaneseDates.warekiWithYear(local.toLocalDate()) + " " + TIME.format(local);
    }

    /** 2024-04-01 09:05:03 in the city's time: ISO-8601 order, which Excel reads as a date and time. */
    String atCsv() {
        return CSV_TIME.format(at.atZone(AuditQuery.ZONE));
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

    /** The detail as {@code key: value} lines, keys in order. */
    public List<String> detailLines() {
        return detail.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    private static String link(String section, String parameter, String value) {
        if (PATH_SAFE.matcher(value).matches()) {
            return UriComponentsBuilder.newInstance().pathSegment("audit", section, value).build().encode()
                    .toUriString();
        }
        return UriComponentsBuilder.newInstance().pathSegment("audit", "events").queryParam(parameter, value).build()
                .encode().toUriString();
    }

    /** The detail on one line, for the export. */
    String detailText() {
        return detail.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }
}
