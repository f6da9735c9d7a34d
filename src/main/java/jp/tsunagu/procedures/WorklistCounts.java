package jp.tsunagu.procedures;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A department's open item count for the header's badge, on every page: counted from the open items'
 * partial index and kept for a few seconds, so that a page view costs no count of a large worklist.
 * The worklist itself always counts afresh.
 */
@Component
class WorklistCounts {

    static final Duration KEPT = Duration.ofSeconds(20);

    private record Counted(long count, long at) {
    }

    private final JdbcClient jdbc;
    private final Map<String, Counted> counted = new ConcurrentHashMap<>();

    WorklistCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long open(String departmentId) {
        long now = System.nanoTime();
        Counted c = counted.get(departmentId);
        if (c == null || now - c.at() > KEPT.toNanos()) {
            c = new Counted(jdbc.sql("""
                    SELECT count(*) FROM procedure_item WHERE department_id = :d AND status IN ('OPEN', 'GUIDED')""")
                    .param("d", departmentId).query(Long.class).single(), now);
            counted.put(departmentId, c);
        }
        return c.count();
    }

    /** After a change of the department's items, the next page counts again. */
    void forget(String departmentId) {
        counted.remove(departmentId);
    }

    /** After new checklists, every department counts again. */
    void forgetAll() {
        counted.clear();
    }
}
