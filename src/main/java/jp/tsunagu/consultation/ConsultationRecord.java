package jp.tsunagu.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One consultation or report record (相談・通報の記録): its header and every entry appended to it, with what
 * follows from them — open or closed, the clock, the subjects as identified so far, the referrals and the
 * follow-ups — worked out from the entries, never stored apart from them.
 */
public record ConsultationRecord(long id, Instant receivedAt, Channel channel, Caller caller, Category category,
        Urgency urgency, String departmentId, String recordedBy, Instant recordedAt, Instant clockDue,
        List<Entry> entries, Set<String> departments) {

    /** A person the record is about: identified (宛名番号) or as described, with the link if one was made. */
    public record Subject(Entry entry, String personKey, Entry link) {

        public boolean identified() {
            return personKey != null;
        }
    }

    /** A referral with its answer, if any. */
    public record Referral(Entry sent, Entry answer) {

        public ReferralState state() {
            if (answer == null) {
                return ReferralState.PENDING;
            }
            return answer.kind() == EntryKind.ACCEPTED ? ReferralState.ACCEPTED : ReferralState.RETURNED;
        }

        public String toDepartment() {
            return sent.targetDepartment();
        }
    }

    /** A follow-up action with its completion, if any. */
    public record FollowUp(Entry planned, Entry done) {

        public boolean open() {
            return done == null;
        }

        public LocalDate dueOn() {
            return planned.dueOn();
        }
    }

    public ConsultationRecord {
        entries = List.copyOf(entries);
        departments = Set.copyOf(departments);
    }

    public Optional<Entry> entry(long entryId) {
        return entries.stream().filter(e -> e.id() == entryId).findFirst();
    }

    public boolean closed() {
        return entries.stream().anyMatch(e -> e.kind() == EntryKind.CLOSED);
    }

    /** The first confirmation (安全確認・事実確認), which stops the clock. */
    public Optional<Entry> confirmation() {
        return entries.stream().filter(e -> e.kind() == EntryKind.CONFIRMATION).findFirst();
    }

    /** The clock at {@code now}: running, overdue, or met (late) by the confirmation's time of seeing. */
    public ClockState clock(Instant now) {
        if (clockDue == null) {
            return ClockState.NONE;
        }
        Optional<Entry> confirmed = confirmation();
        if (confirmed.isPresent()) {
            return confirmedAt(confirmed.get()).isAfter(clockDue) ? ClockState.LATE : ClockState.MET;
        }
        return now.isBefore(clockDue) ? ClockState.RUNNING : ClockState.OVERDUE;
    }

    /** When the person was seen, as the confirmation says (or when it was written). */
    static Instant confirmedAt(Entry confirmation) {
        Instant seenAt = confirmation.seenAt();
        return seenAt == null ? confirmation.at() : seenAt;
    }

    /** The subjects in the order they were added, each with its link when an unidentified one was identified. */
    public List<Subject> subjects() {
        Map<Long, Entry> links = new LinkedHashMap<>();
        entries.stream().filter(e -> e.kind() == EntryKind.LINK).forEach(e -> links.putIfAbsent(e.refersTo(), e));
        List<Subject> subjects = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind() == EntryKind.SUBJECT) {
                Entry link = links.get(e.id());
                subjects.add(new Subject(e, e.personKey() != null ? e.personKey() : link == null ? null : link.personKey(),
                        link));
            }
        }
        return subjects;
    }

    /** The 宛名番号 the record is about so far. */
    public List<String> personKeys() {
        return subjects().stream().filter(Subject::identified).map(Subject::personKey).distinct().toList();
    }

    public List<Referral> referrals() {
        List<Referral> referrals = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind() == EntryKind.REFERRAL) {
                Entry answer = entries.stream().filter(a -> (a.kind() == EntryKind.ACCEPTED
                        || a.kind() == EntryKind.RETURNED) && Long.valueOf(e.id()).equals(a.refersTo()))
                        .findFirst().orElse(null);
                referrals.add(new Referral(e, answer));
            }
        }
        return referrals;
    }

    public List<FollowUp> followUps() {
        List<FollowUp> followUps = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind() == EntryKind.FOLLOW_UP) {
                Entry done = entries.stream().filter(d -> d.kind() == EntryKind.FOLLOW_UP_DONE
                        && Long.valueOf(e.id()).equals(d.refersTo())).findFirst().orElse(null);
                followUps.add(new FollowUp(e, done));
            }
        }
        return followUps;
    }

    /** The corrections of an entry, oldest first: the last one is the text that stands. */
    public List<Entry> correctionsOf(long entryId) {
        return entries.stream().filter(e -> e.kind() == EntryKind.CORRECTION
                && Long.valueOf(entryId).equals(e.refersTo())).toList();
    }

    /** The account as it stands: the opening text, or the last correction of it. */
    public String account() {
        Entry opened = entries.stream().filter(e -> e.kind() == EntryKind.OPENED).findFirst().orElseThrow();
        List<Entry> corrections = correctionsOf(opened.id());
        return corrections.isEmpty() ? opened.body() : corrections.get(corrections.size() - 1).body();
    }
}
