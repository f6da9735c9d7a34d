package jp.tsunagu.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing consultation records (相談記録の記入): opening a record and appending to it. Every method appends
 * entries and never changes one; a correction, a link of an unidentified person, an answer to a referral and a
 * closing are entries that point at what they concern. Only a 担当者 (caseworker) of a department that sees the
 * record whole may append; a referral is answered only by the department it was sent to; a record with a
 * statutory clock is closed only after the confirmation (who saw the person, when, where) is recorded.
 * Each change is published as {@link ConsultationChanged} for the hand-over boards.
 */
@Service
public class ConsultationLog {

    static final int MAX_TEXT = 10_000;
    static final int MAX_SHORT = 200;

    private final ConsultationStore store;
    private final ConsultationAccess access;
    private final ConsultationProperties properties;
    private final ResidentIndex residents;
    private final StaffAccounts staff;
    private final TokyoTime time;
    private final ApplicationEventPublisher events;

    ConsultationLog(ConsultationStore store, ConsultationAccess access, ConsultationProperties properties,
            ResidentIndex residents, StaffAccounts staff, TokyoTime time, ApplicationEventPublisher events) {
        this.store = store;
        this.access = access;
        this.properties = properties;
        this.residents = residents;
        this.staff = staff;
        this.time = time;
        this.events = events;
    }

    /** Opens a record for the viewer's department; returns its number. */
    @Transactional
    public long open(Viewer viewer, NewConsultation c) {
        mayWrite(viewer);
        Category category = properties.category(c.category() == null ? "" : c.category())
                .orElseThrow(() -> new ConsultationRefused("分類を選んでください"));
        required(c.channel(), "受付方法");
        required(c.caller(), "相談者・通報者");
        required(c.urgency(), "緊急度");
        String account = text(c.account(), "相談・通報の内容", MAX_TEXT, true);
        Instant now = time.now().toInstant();
        Instant received = c.receivedAt() == null ? now : c.receivedAt();
        if (received.isAfter(now.plusSeconds(60))) {
            throw new ConsultationRefused("受付日時が未来になっています");
        }
        List<String> keys = c.personKeys().stream().map(String::strip).filter(k -> !k.isEmpty()).distinct().toList();
        keys.forEach(this::known);
        Unidentified unknown = c.unidentified() == null || c.unidentified().isEmpty() ? null : c.unidentified();
        if (keys.isEmpty() && unknown == null) {
            throw new ConsultationRefused("対象者 (宛名番号、または未特定の人の分かっていること) を入れてください");
        }
        Instant due = category.hasClock() ? received.plus(category.clock()) : null;
        long id = store.insertHeader(received, c.channel(), c.caller(), category, c.urgency(), viewer.departmentId(),
                viewer.username(), now, due);
        long opened = store.insertEntry(id, EntryKind.OPENED, now, viewer.username(), viewer.departmentId(), account,
                null, null, null, null, null, null);
        store.addDepartment(id, viewer.departmentId(), opened);
        for (String key : keys) {
            long e = store.insertEntry(id, EntryKind.SUBJECT, now, viewer.username(), viewer.departmentId(), null, null,
                    key, null, null, null, null);
            store.addPerson(id, key, e);
        }
        if (unknown != null) {
            store.insertEntry(id, EntryKind.SUBJECT, now, viewer.username(), viewer.departmentId(), null, null, null,
                    null, null, null, describe(unknown));
        }
        events.publishEvent(new ConsultationChanged(id, EntryKind.OPENED));
        return id;
    }

    /** A note of what happened since (経過). */
    @Transactional
    public long note(Viewer viewer, long id, String text) {
        ConsultationRecord r = writable(viewer, id);
        return append(viewer, r, EntryKind.NOTE, text(text, "経過", MAX_TEXT, true), null, null, null, null, null, null);
    }

    /** A new text for an earlier entry (the account, a note, a correction); the earlier one stays as it was. */
    @Transactional
    public long correct(Viewer viewer, long id, long entryId, String text) {
        ConsultationRecord r = writable(viewer, id);
        Entry corrected = r.entry(entryId).orElseThrow(() -> new ConsultationRefused("訂正する記録 " + entryId
                + " はこの相談記録にありません"));
        if (corrected.kind() != EntryKind.OPENED && corrected.kind() != EntryKind.NOTE
                && corrected.kind() != EntryKind.CORRECTION) {
            throw new ConsultationRefused("訂正できるのは受付内容と経過の記録です (" + corrected.kind().label() + "は訂正できません)");
        }
        return append(viewer, r, EntryKind.CORRECTION, text(text, "訂正後の内容", MAX_TEXT, true), entryId, null, null,
                null, null, null);
    }

    /** Another person the record is about: a resident by 宛名番号, or one not yet identified. */
    @Transactional
    public long addSubject(Viewer viewer, long id, String personKey, Unidentified unknown) {
        ConsultationRecord r = writable(viewer, id);
        if (personKey != null && !personKey.isBlank()) {
            String key = personKey.strip();
            known(key);
            if (r.personKeys().contains(key)) {
                throw new ConsultationRefused("宛名番号 " + key + " の人はすでに対象者です");
            }
            long e = append(viewer, r, EntryKind.SUBJECT, null, null, key, null, null, null, null);
            store.addPerson(id, key, e);
            return e;
        }
        if (unknown == null || unknown.isEmpty()) {
            throw new ConsultationRefused("対象者の宛名番号か、分かっていること (氏名・年齢・場所) を入れてください");
        }
        return append(viewer, r, EntryKind.SUBJECT, null, null, null, null, null, null, describe(unknown));
    }

    /**
     * An unidentified subject is found to be this resident (本人特定): a link entry pointing at the subject, which
     * keeps what was known before.
     */
    @Transactional
    public long link(Viewer viewer, long id, long subjectEntryId, String personKey) {
        ConsultationRecord r = writable(viewer, id);
        ConsultationRecord.Subject subject = r.subjects().stream().filter(s -> s.entry().id() == subjectEntryId)
                .findFirst().orElseThrow(() -> new ConsultationRefused("対象者の記録 " + subjectEntryId
                        + " はこの相談記録にありません"));
        if (subject.identified()) {
            throw new ConsultationRefused("この対象者はすでに宛名番号 " + subject.personKey() + " と特定されています");
        }
        String key = personKey == null ? "" : personKey.strip();
        known(key);
        long e = append(viewer, r, EntryKind.LINK, null, subjectEntryId, key, null, null, null, null);
        store.addPerson(id, key, e);
        return e;
    }

    /** A follow-up action with who does it and by when (対応予定). */
    @Transactional
    public long followUp(Viewer viewer, long id, String what, String assignee, LocalDate dueOn) {
        ConsultationRecord r = writable(viewer, id);
        String action = text(what, "対応の内容", MAX_SHORT * 5, true);
        String who = text(assignee, "担当者", MAX_SHORT, true);
        required(dueOn, "期日");
        long e = append(viewer, r, EntryKind.FOLLOW_UP, action, null, null, null, who, dueOn, null);
        store.followUpOpen(e, id, dueOn);
        return e;
    }

    /** A follow-up is done (対応済み). */
    @Transactional
    public long followUpDone(Viewer viewer, long id, long followUpEntryId, String note) {
        ConsultationRecord r = writable(viewer, id);
        ConsultationRecord.FollowUp f = r.followUps().stream().filter(x -> x.planned().id() == followUpEntryId)
                .findFirst().orElseThrow(() -> new ConsultationRefused("対応予定 " + followUpEntryId + " はこの相談記録にありません"));
        if (!f.open()) {
            throw new ConsultationRefused("この対応予定はすでに対応済みです");
        }
        long e = append(viewer, r, EntryKind.FOLLOW_UP_DONE, text(note, "結果", MAX_TEXT, false), followUpEntryId, null,
                null, null, null, null);
        store.followUpDone(followUpEntryId);
        return e;
    }

    /** Shares the record with another department (共有): it sees the record whole from now on. */
    @Transactional
    public long share(Viewer viewer, long id, String departmentId, String note) {
        ConsultationRecord r = writable(viewer, id);
        String to = otherDepartment(viewer, r, departmentId);
        long e = append(viewer, r, EntryKind.SHARE, text(note, "共有の理由", MAX_TEXT, false), null, null, to, null, null,
                null);
        store.addDepartment(id, to, e);
        return e;
    }

    /**
     * Passes the record to another department (つなぎ) with a note: it sees the record whole and must accept it
     * (受理) or return it with a reason (返戻); until then the referral is on the boards, flagged after
     * {@code referral-flag-after}.
     */
    @Transactional
    public long refer(Viewer viewer, long id, String departmentId, String note) {
        ConsultationRecord r = writable(viewer, id);
        String to = otherDepartment(viewer, r, departmentId);
        if (r.referrals().stream().anyMatch(x -> x.state() == ReferralState.PENDING && x.toDepartment().equals(to))) {
            throw new ConsultationRefused("この課へのつなぎは受理待ちです");
        }
        Instant now = time.now().toInstant();
        long e = append(viewer, r, EntryKind.REFERRAL, text(note, "つなぐ理由", MAX_TEXT, true), null, null, to, null,
                null, null);
        store.addDepartment(id, to, e);
        store.referralPending(e, id, viewer.departmentId(), to, now);
        return e;
    }

    /** The receiving department accepts a referral (受理). */
    @Transactional
    public long accept(Viewer viewer, long id, long referralEntryId, String note) {
        return answer(viewer, id, referralEntryId, EntryKind.ACCEPTED, text(note, "受理のメモ", MAX_TEXT, false));
    }

    /** The receiving department returns a referral with the reason (返戻). */
    @Transactional
    public long returnReferral(Viewer viewer, long id, long referralEntryId, String reason) {
        return answer(viewer, id, referralEntryId, EntryKind.RETURNED, text(reason, "返戻の理由", MAX_TEXT, true));
    }

    private long answer(Viewer viewer, long id, long referralEntryId, EntryKind kind, String body) {
        ConsultationRecord r = writable(viewer, id);
        ConsultationRecord.Referral referral = r.referrals().stream().filter(x -> x.sent().id() == referralEntryId)
                .findFirst().orElseThrow(() -> new ConsultationRefused("つなぎ " + referralEntryId + " はこの相談記録にありません"));
        if (!referral.toDepartment().equals(viewer.departmentId())) {
            throw new ConsultationRefused("つなぎを受理・返戻できるのは、つながれた課 (" + departmentName(referral.toDepartment())
                    + ") の職員です");
        }
        if (referral.state() != ReferralState.PENDING) {
            throw new ConsultationRefused("このつなぎはすでに" + referral.state().label() + "です");
        }
        long e = append(viewer, r, kind, body, referralEntryId, null, null, null, null, null);
        store.referralAnswered(referralEntryId);
        return e;
    }

    /**
     * The confirmation the clock asks for (安全確認・事実確認): who saw the person, when and where. It stops the
     * clock at the time of seeing.
     */
    @Transactional
    public long confirm(Viewer viewer, long id, String seenBy, Instant seenAt, String place, String note) {
        ConsultationRecord r = writable(viewer, id);
        String who = text(seenBy, "確認した人", MAX_SHORT, true);
        required(seenAt, "確認した日時");
        String where = text(place, "確認した場所", MAX_SHORT, true);
        if (seenAt.isAfter(time.now().toInstant().plusSeconds(60))) {
            throw new ConsultationRefused("確認した日時が未来になっています");
        }
        if (seenAt.isBefore(r.receivedAt())) {
            throw new ConsultationRefused("確認した日時が受付より前です");
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("seenBy", who);
        detail.put("seenAt", seenAt.toString());
        detail.put("place", where);
        return append(viewer, r, EntryKind.CONFIRMATION, text(note, "確認の内容", MAX_TEXT, false), null, null, null, null,
                null, detail);
    }

    /** Closes the record (終結). A record with a clock needs its confirmation first. */
    @Transactional
    public long close(Viewer viewer, long id, String note) {
        ConsultationRecord r = writable(viewer, id);
        if (r.category().hasClock() && r.confirmation().isEmpty()) {
            throw new ConsultationRefused(r.category().label() + "の記録は、" + r.category().clockLabel()
                    + "の記録 (確認した人・日時・場所) がないと終結できません");
        }
        long e = append(viewer, r, EntryKind.CLOSED, text(note, "終結の理由", MAX_TEXT, true), null, null, null, null,
                null, null);
        store.closed(id);
        return e;
    }

    private long append(Viewer viewer, ConsultationRecord r, EntryKind kind, String body, Long refersTo,
            String personKey, String target, String assignee, LocalDate dueOn, Map<String, String> detail) {
        long e = store.insertEntry(r.id(), kind, time.now().toInstant(), viewer.username(), viewer.departmentId(), body,
                refersTo, personKey, target, assignee, dueOn, detail);
        events.publishEvent(new ConsultationChanged(r.id(), kind));
        return e;
    }

    /** The record, locked, when the viewer may append to it: a caseworker who sees it whole, and it is open. */
    private ConsultationRecord writable(Viewer viewer, long id) {
        mayWrite(viewer);
        if (!store.lock(id)) {
            throw new ConsultationNotFound(id);
        }
        ConsultationRecord r = store.load(id).orElseThrow(() -> new ConsultationNotFound(id));
        if (access.scope(viewer).level(r) != GrantLevel.DETAIL) {
            throw new ConsultationNotFound(id);
        }
        if (r.closed()) {
            throw new ConsultationRefused("相談記録 " + id + " は終結しています");
        }
        return r;
    }

    private static void mayWrite(Viewer viewer) {
        if (viewer.role() != Role.CASEWORKER || viewer.departmentId() == null) {
            throw new ConsultationRefused("相談記録を書けるのは課に属する担当者です");
        }
    }

    private String otherDepartment(Viewer viewer, ConsultationRecord r, String departmentId) {
        String to = departmentId == null ? "" : departmentId.strip();
        if (staff.department(to).isEmpty()) {
            throw new ConsultationRefused("課「" + to + "」はありません");
        }
        if (to.equals(viewer.departmentId())) {
            throw new ConsultationRefused("自分の課にはつなげません");
        }
        return to;
    }

    private String departmentName(String id) {
        return staff.department(id).map(d -> d.name()).orElse(id);
    }

    private void known(String key) {
        if (key.isEmpty() || residents.find(key).isEmpty()) {
            throw new ConsultationRefused("宛名番号 " + key + " の人は見つかりません");
        }
    }

    private static Map<String, String> describe(Unidentified u) {
        Map<String, String> d = new LinkedHashMap<>();
        put(d, "name", text(u.name(), "聞き取った氏名", MAX_SHORT, false));
        put(d, "age", text(u.age(), "年齢 (おおよそ)", MAX_SHORT, false));
        put(d, "place", text(u.place(), "場所", MAX_SHORT, false));
        return d;
    }

    private static void put(Map<String, String> d, String key, String value) {
        if (value != null && !value.isEmpty()) {
            d.put(key, value);
        }
    }

    static String text(String value, String field, int max, boolean required) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            if (required) {
                throw new ConsultationRefused("「" + field + "」を入れてください");
            }
            return null;
        }
        if (v.codePointCount(0, v.length()) > max) {
            throw new ConsultationRefused("「" + field + "」は " + max + " 文字までです");
        }
        if (v.indexOf('\uFFFD') >= 0) {
            throw new ConsultationRefused("「" + field + "」に読めない文字 (U+FFFD) があります");
        }
        return v;
    }

    private static void required(Object value, String field) {
        if (value == null) {
            throw new ConsultationRefused("「" + field + "」を選んでください");
        }
    }

    Optional<ConsultationRecord> load(long id) {
        return store.load(id);
    }
}
