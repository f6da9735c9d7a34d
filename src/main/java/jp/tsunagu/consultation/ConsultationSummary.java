package jp.tsunagu.consultation;

import java.time.Instant;
import java.util.List;

/**
 * A record's heading (記録の見出し): what a list, a search hit or the hand-over board shows of a record — its
 * header, whether it is closed, when its clock was met, whom it is about — read in the same statement that
 * finds it, without its entries. The page of the record itself reads the whole {@link ConsultationRecord}.
 *
 * @param confirmedAt when the first confirmation (安全確認・事実確認) says the person was seen, {@code null} before
 * @param personKeys the identified persons (宛名番号) in the order they were added
 */
public record ConsultationSummary(long id, Instant receivedAt, Channel channel, Caller caller, Category category,
        Urgency urgency, String departmentId, Instant clockDue, boolean closed, Instant confirmedAt,
        List<String> personKeys) {

    public ConsultationSummary {
        personKeys = List.copyOf(personKeys);
    }

    /** The clock at {@code now}, as {@link ConsultationRecord#clock} works it out from the entries. */
    public ClockState clock(Instant now) {
        return ClockState.at(clockDue, confirmedAt, now);
    }
}
