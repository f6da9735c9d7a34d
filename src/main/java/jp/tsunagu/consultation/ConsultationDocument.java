package jp.tsunagu.consultation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;

/**
 * A record as the JSON API gives it (相談記録の JSON): every value typed beside its Japanese display — times ISO
 * 8601 with the Tokyo offset, days ISO dates, codes {@code {code, label}}.
 */
@Schema(name = "Consultation", description = "相談・通報の記録。値は TypedValue (value は型どおり、display は画面の表示)")
record ConsultationDocument(
        @Schema(example = "1024") long id,
        TypedValue receivedAt, TypedValue channel, TypedValue caller, TypedValue category, TypedValue urgency,
        @Schema(description = "記録した課") Party department,
        @Schema(description = "法定の期限 (児童虐待の48時間ルールなど)。期限のない分類では null", nullable = true) Clock clock,
        @Schema(description = "終結しているか") boolean closed,
        List<SubjectDocument> subjects, List<EntryDocument> entries, List<ReferralDocument> referrals,
        List<FollowUpDocument> followUps) {

    @Schema(name = "ConsultationParty", description = "課 (ID と名前)")
    record Party(@Schema(example = "kodomo") String id, @Schema(example = "こども支援課") String name) {
    }

    @Schema(name = "ConsultationClock", description = "期限: due は期限の日時、state は {code: RUNNING|OVERDUE|MET|LATE, label}")
    record Clock(TypedValue due, TypedValue state, @Schema(example = "安全確認 (48時間ルール)") String what) {
    }

    @Schema(name = "ConsultationSubject", description = "対象者。未特定の人は personKey が null で、described に分かっていること。"
            + "後から特定されると linkedAt と personKey が入り、described はそのまま残る")
    record SubjectDocument(long entryId, @Schema(nullable = true, example = "0000100002") String personKey,
            @Schema(nullable = true, example = "入間 陽向") String name, Map<String, String> described,
            @Schema(nullable = true) TypedValue linkedAt) {
    }

    @Schema(name = "ConsultationEntry", description = "記録の一行 (追記のみ)。訂正は refersTo に訂正した記録の番号")
    record EntryDocument(long id, TypedValue kind, TypedValue at, String author, Party department,
            @Schema(nullable = true) String text, @Schema(nullable = true) Long refersTo,
            @Schema(nullable = true) List<Long> correctedBy, @Schema(nullable = true) String personKey,
            @Schema(nullable = true) Party targetDepartment, @Schema(nullable = true) String assignee,
            @Schema(nullable = true) TypedValue dueOn, Map<String, String> detail) {
    }

    @Schema(name = "ConsultationReferral", description = "つなぎ: state は {code: PENDING|ACCEPTED|RETURNED, label}")
    record ReferralDocument(long entryId, Party from, Party to, TypedValue sentAt, TypedValue state,
            @Schema(nullable = true) String answer) {
    }

    @Schema(name = "ConsultationFollowUp", description = "対応予定")
    record FollowUpDocument(long entryId, String what, String assignee, TypedValue dueOn, boolean done) {
    }

    static ConsultationDocument of(ConsultationReader.Shown shown, Instant now) {
        ConsultationRecord r = shown.record();
        Map<String, String> names = shown.departmentNames();
        ClockState state = r.clock(now);
        return new ConsultationDocument(r.id(), time("receivedAt", "受付日時", r.receivedAt()),
                TypedValue.code("channel", "受付方法", r.channel().name(), r.channel().label()),
                TypedValue.code("caller", "相談者・通報者", r.caller().name(), r.caller().label()),
                TypedValue.code("category", "分類", r.category().code(), r.category().label()),
                TypedValue.code("urgency", "緊急度", r.urgency().name(), r.urgency().label()),
                party(r.departmentId(), names),
                r.clockDue() == null ? null : new Clock(time("due", "期限", r.clockDue()),
                        TypedValue.code("state", "期限の状況", state.name(), state.label()), r.category().clockLabel()),
                r.closed(),
                r.subjects().stream().map(s -> new SubjectDocument(s.entry().id(), s.personKey(),
                        s.personKey() == null ? null : shown.names().get(s.personKey()), places(s.entry().detail(), shown),
                        s.link() == null ? null : time("linkedAt", "特定日時", s.link().at()))).toList(),
                r.entries().stream().map(e -> entry(e, r, shown, names)).toList(),
                r.referrals().stream().map(x -> new ReferralDocument(x.sent().id(), party(x.sent().departmentId(), names),
                        party(x.toDepartment(), names), time("sentAt", "つないだ日時", x.sent().at()),
                        TypedValue.code("state", "状況", x.state().name(), x.state().label()),
                        x.answer() == null ? null : x.answer().body())).toList(),
                r.followUps().stream().map(f -> new FollowUpDocument(f.planned().id(), f.planned().body(),
                        f.planned().assignee(), day("dueOn", "期日", f.dueOn()), !f.open())).toList());
    }

    private static EntryDocument entry(Entry e, ConsultationRecord r, ConsultationReader.Shown shown,
            Map<String, String> names) {
        List<Long> corrected = r.correctionsOf(e.id()).stream().map(Entry::id).toList();
        return new EntryDocument(e.id(), TypedValue.code("kind", "種類", e.kind().name(), e.kind().label()),
                time("at", "記録日時", e.at()), e.author(), party(e.departmentId(), names), e.body(), e.refersTo(),
                corrected.isEmpty() ? null : corrected, e.personKey(),
                e.targetDepartment() == null ? null : party(e.targetDepartment(), names), e.assignee(),
                e.dueOn() == null ? null : day("dueOn", "期日", e.dueOn()), places(e.detail(), shown));
    }

    /** 支援措置: a place in a record of a protected person is withheld from a viewer who may not see it. */
    private static Map<String, String> places(Map<String, String> detail, ConsultationReader.Shown shown) {
        if (!shown.withholdsPlaces() || !detail.containsKey("place")) {
            return detail;
        }
        Map<String, String> copy = new java.util.LinkedHashMap<>(detail);
        copy.put("place", Withheld.WHEREABOUTS);
        return copy;
    }

    static Party party(String id, Map<String, String> names) {
        return new Party(id, names.getOrDefault(id, id));
    }

    static TypedValue time(String name, String label, Instant at) {
        return at == null ? TypedValue.empty(name, label) : new TypedValue(name, label, TokyoTime.iso(at), TokyoTime.minutes(at));
    }

    static TypedValue day(String name, String label, LocalDate day) {
        return day == null ? TypedValue.empty(name, label) : TypedValue.date(name, label, day, JapaneseDates.warekiWithYear(day));
    }
}
