package jp.tsunagu.audit;

import java.util.List;

/**
 * One entry of the trail as the auditor's screen shows it (画面の一行): the staff member by name and
 * ID, the time in Japan as 和暦, the action and each detail in plain Japanese.
 *
 * @param actorName the account's display name, {@code null} for a name that is no account (a failed login's ID)
 * @param lines the detail, one 「項目: 値」 line each
 */
public record AuditRow(long seq, String atText, String atIso, String actor, String actorName, String actorLink,
        String actionLabel, String personKey, String personLink, List<String> lines, boolean flagged) {

    /** 「介護 花子 (kaigo)」, or the ID alone when it is no account's. */
    public String actorText() {
        return actorName == null ? actor : actorName + " (" + actor + ")";
    }
}
