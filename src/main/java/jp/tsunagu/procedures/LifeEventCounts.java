package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * How many life events happened per month and kind (月ごとのライフイベント数), for the statistics' trends: counts
 * only, no person. Added for the insights module (issue 18).
 */
@Service
public class LifeEventCounts {

    /** One month's events of one kind, with the kind's Japanese name. */
    public record Month(LocalDate month, String kind, String label, long events) {
    }

    private final JdbcClient jdbc;
    private final ProcedureRegistry registry;

    LifeEventCounts(JdbcClient jdbc, ProcedureRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /**
     * Every month's events by kind (the month of the day each happened), oldest first: read from the counts the
     * recording keeps ({@code life_event_month}), current with every committed event, a few hundred rows.
     */
    public List<Month> byMonth() {
        return jdbc.sql("SELECT month, kind, events FROM life_event_month ORDER BY 1, 2")
                .query((rs, i) -> new Month(rs.getObject(1, LocalDate.class), rs.getString(2),
                        registry.kind(rs.getString(2)).map(EventKind::label).orElse(rs.getString(2)), rs.getLong(3)))
                .list();
    }
}
