package jp.tsunagu.audit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.tsunagu.japanese.InvalidValueException;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What an auditor asks of the audit trail (検索条件): whose data, which user, which action, which days,
 * only flagged entries. A {@code null} filter matches everything. {@code from} and {@code to} are days
 * in the city's time zone, both included.
 */
record AuditQuery(String personKey, String actor, AuditAction action, LocalDate from, LocalDate to,
        boolean flaggedOnly) {

    static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, false);

    AuditQuery {
        personKey = blankToNull(personKey);
        actor = blankToNull(actor);
    }

    /**
     * Reads the filters as a form or a link sends them.
     *
     * @throws IllegalArgumentException with a message for the auditor when a date or the action cannot be read
     */
    static AuditQuery of(String personKey, String actor, String action, String from, String to, boolean flaggedOnly) {
        List<String> problems = new ArrayList<>();
        // no key, ID, action or date is longer than these: a longer text is refused before it is read,
        // quoted in a message or sent to the database
        tooLong("宛名番号", personKey, MAX_PERSON_KEY, problems);
        tooLong("職員ID", actor, MAX_ACTOR, problems);
        tooLong("操作", action, MAX_WORD, problems);
        tooLong("開始日", from, MAX_WORD, problems);
        tooLong("終了日", to, MAX_WORD, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("。", problems) + "。");
        }
        AuditAction parsedAction = null;
        if (blankToNull(action) != null) {
            try {
                parsedAction = AuditAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("操作「" + action + "」はありません");
            }
        }
        LocalDate fromDay = day("開始日", from, problems);
        LocalDate toDay = day("終了日", to, problems);
        if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
            problems.add("開始日が終了日より後です");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("。", problems) + "。");
        }
        return new AuditQuery(personKey, actor, parsedAction, fromDay, toDay, flaggedOnly);
    }

    AuditQuery withFlaggedOnly() {
        return new AuditQuery(personKey, actor, action, from, to, true);
    }

    /** The first instant that matches, or {@code null}. */
    OffsetDateTime fromInstant() {
        return from == null ? null : from.atStartOfDay(TokyoTime.ZONE).toOffsetDateTime();
    }

    /** The first instant after the last day that matches, or {@code null}. */
    OffsetDateTime toInstantExclusive() {
        return to == null ? null : to.plusDays(1).atStartOfDay(TokyoTime.ZONE).toOffsetDateTime();
    }

    /** The filters as they go into the auditor's own audit entry: only those that were set, dates ISO-8601. */
    Map<String, String> detail() {
        Map<String, String> detail = new LinkedHashMap<>();
        put(detail, "person", personKey);
        put(detail, "actor", actor);
        put(detail, "action", action == null ? null : action.name());
        put(detail, "from", from == null ? null : from.toString());
        put(detail, "to", to == null ? null : to.toString());
        if (flaggedOnly) {
            detail.put("flagged", "true");
        }
        return detail;
    }

    /**
     * A link carrying these filters, except a person or user that the path itself names.
     *
     * @param segments the path's segments, unencoded: a user name with a slash stays one segment
     */
    String link(boolean withPerson, boolean withActor, String... segments) {
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance().pathSegment(segments);
        if (withPerson && personKey != null) {
            uri.queryParam("person", personKey);
        }
        if (withActor && actor != null) {
            uri.queryParam("actor", actor);
        }
        if (action != null) {
            uri.queryParam("action", action.name());
        }
        if (from != null) {
            uri.queryParam("from", from.toString());
        }
        if (to != null) {
            uri.queryParam("to", to.toString());
        }
        if (flaggedOnly) {
            uri.queryParam("flagged", "true");
        }
        return uri.build().encode().toUriString();
    }

    private static LocalDate day(String name, String text, List<String> problems) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            // the form sends yyyy-MM-dd; a date typed as 和暦 (令和6年4月1日, R6.4.1) is read as well
            return JapaneseDates.parseAny(text);
        } catch (InvalidValueException e) {
            problems.add(name + "を日付として読めません (" + text.strip() + ")");
            return null;
        }
    }

    /** The longest person key, staff ID (職員ID: 64 characters, with room for the API tokens' accounts), action or date a filter may be. */
    static final int MAX_PERSON_KEY = 64;
    static final int MAX_ACTOR = 128;
    static final int MAX_WORD = 32;

    private static void tooLong(String name, String text, int max, List<String> problems) {
        if (text != null && text.strip().codePointCount(0, text.strip().length()) > max) {
            problems.add(name + "は" + max + "文字までです");
        }
    }

    private static void put(Map<String, String> detail, String key, String value) {
        if (value != null) {
            detail.put(key, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
