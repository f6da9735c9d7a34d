package jp.tsunagu.programs;

import java.time.OffsetDateTime;

/**
 * A person's involvement in one program source (制度との関わり): active while the person has at least one
 * current record there.
 *
 * @param sourceId the source
 * @param records the person's current records in it (0 once ended)
 * @param since when the involvement began: the snapshot that brought the person's oldest current record
 *     (or, for an ended one, the last time it began)
 * @param until when the last record ended; {@code null} while active
 */
public record Involvement(String sourceId, int records, OffsetDateTime since, OffsetDateTime until) {

    public boolean active() {
        return records > 0;
    }
}
