package jp.tsunagu.security;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import jp.tsunagu.japanese.JapaneseDates;

/** Checks shared by the personal-data routes' probes. */
final class Expectations {

    /** Detail entries that list IDs: compared as sets, whatever their order. */
    private static final List<String> LISTS = List.of("detail", "summary", "sources");

    private Expectations() {
    }

    /**
     * The request wrote exactly one audit row, with this actor, action and person, these detail entries and,
     * when given, this flag.
     */
    static void oneAuditRow(Findings f, Answer a, Staff staff, String action, String personKey,
            Map<String, String> detail, Boolean flagged) {
        f.that(a.audit().size() == 1, "exactly one audit row written, found " + a.audit());
        if (a.audit().isEmpty()) {
            return;
        }
        Answer.AuditRow row = a.audit().get(0);
        f.that(staff.username.equals(row.actor()), "audit actor " + staff.username + ", found " + row.actor());
        f.that(action.equals(row.action()), "audit action " + action + ", found " + row.action());
        f.that(Objects.equals(personKey, row.personKey()), "audit person " + personKey + ", found " + row.personKey());
        detail.forEach((key, value) -> f.that(LISTS.contains(key)
                ? ids(value).equals(ids(row.detail().get(key))) : value.equals(row.detail().get(key)),
                "audit detail " + key + "=" + value + ", found " + row.detail()));
        if (flagged != null) {
            f.that(flagged == row.flagged(), "audit flagged " + flagged + ", found " + row.flagged());
        }
    }

    /** A refused request: 403 (or the login page), none of the data, nothing recorded as read. */
    static void refused(Findings f, Answer a, Collection<String> personal) {
        f.that(a.failure() == null, "no exception: " + a.failure());
        f.that(a.status() == 403, "refused with 403, got " + a.status());
        if (a.body() != null) {
            for (String value : personal) {
                f.that(!a.body().has(value), "a refusal shows nothing of " + value);
            }
        }
        f.that(a.audit().stream().noneMatch(r -> r.action().matches("SEARCH|VIEW_PERSON|EXPORT")),
                "a refusal records no read: " + a.audit());
    }

    /** A 200 with a body, or the finding why not. */
    static boolean answered(Findings f, Answer a) {
        f.that(a.failure() == null, "no exception: " + a.failure());
        f.that(a.status() == 200, "status 200, got " + a.status());
        return a.failure() == null && a.status() == 200 && a.body() != null;
    }

    /**
     * Whether a value may be looked for in a text: long enough to mean something (not a one-character code,
     * not a short number that any date or count contains) and not part of what the text may rightly show.
     */
    static boolean distinctive(String value, Collection<String> legitimate) {
        String n = Decoded.norm(value);
        if (n.length() < 2 || n.matches("\\d{1,4}")) {
            return false;
        }
        return legitimate.stream().noneMatch(l -> Decoded.norm(l).contains(n));
    }

    /** Today in 和暦 as the screens write it: an import time or a print time may show it. */
    static List<String> today() {
        LocalDate today = LocalDate.now(MatrixCity.TOKYO);
        return List.of(JapaneseDates.warekiWithYear(today), JapaneseDates.wareki(today), today.toString());
    }

    private static TreeSet<String> ids(String list) {
        return list == null ? new TreeSet<>() : new TreeSet<>(Arrays.stream(list.split(","))
                .filter(s -> !s.isBlank()).toList());
    }

    static List<String> concat(Collection<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
