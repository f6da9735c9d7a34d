package jp.tsunagu.procedures;

import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A department's open items counted (要対応・案内済の件数): the header's badge on every page, the worklist's
 * tabs and the count of a list filtered by kind, read from {@code procedure_open_count} — a few rows per
 * department, event kind and due date, kept by triggers in the transaction that adds or changes items
 * (V7_1_0) — instead of counting 100,000 open items on every page view. Always as fresh as the items.
 */
@Component
class WorklistCounts {

    /** The tabs' counts: every open item, due today, overdue, due this week. */
    record Counts(long all, long today, long overdue, long week) {
    }

    private final JdbcClient jdbc;

    WorklistCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long open(String departmentId) {
        return jdbc.sql("SELECT COALESCE(sum(open_items), 0) FROM procedure_open_count WHERE department_id = :d")
                .param("d", departmentId).query(Long.class).single();
    }

    /** The tabs' counts of the department's open items, of one event kind if {@code kind} is not null. */
    Counts tabs(String departmentId, String kind, LocalDate today) {
        return jdbc.sql("""
                SELECT COALESCE(sum(open_items), 0),
                       COALESCE(sum(open_items) FILTER (WHERE due_on = :today), 0),
                       COALESCE(sum(open_items) FILTER (WHERE due_on < :today), 0),
                       COALESCE(sum(open_items) FILTER (WHERE due_on BETWEEN :today AND :weekEnd), 0)
                  FROM procedure_open_count
                 WHERE department_id = :d AND (CAST(:kind AS text) IS NULL OR event_kind = :kind)""")
                .param("d", departmentId == null ? "" : departmentId).param("kind", kind).param("today", today)
                .param("weekEnd", today.plusDays(6))
                .query((rs, i) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }
}
