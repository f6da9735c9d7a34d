package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A department's worklist (課の手続き一覧): its open items (要対応・案内済) — all, due today, overdue or due
 * this week — filtered by event kind and 町丁目, sorted by due date, event day or kind, 50 a page, each
 * sort order read from a partial index of the open items that fits it (V7_1_0). A filter by 町丁目 never finds a 支援措置 person for a viewer who may
 * not see their address, and their 町丁目 is withheld on every row.
 */
@Component
class Worklist {

    static final int PAGE = 50;

    private final JdbcClient jdbc;
    private final ItemStore store;
    private final ResidentIndex residents;

    Worklist(JdbcClient jdbc, ItemStore store, ResidentIndex residents) {
        this.jdbc = jdbc;
        this.store = store;
        this.residents = residents;
    }

    /** The refusal of a query that cannot be answered, in Japanese. */
    static void check(WorklistQuery q) {
        if (!Set.of("all", "today", "overdue", "week").contains(q.when())) {
            throw new ItemChangeRefused("期限の絞り込みは すべて・今日・期限切れ・今週 のいずれかです");
        }
        if (!Set.of("due", "event", "kind").contains(q.sort())) {
            throw new ItemChangeRefused("並び順は 期限・出来事の日・出来事の種類 のいずれかです");
        }
        if (q.town() != null && q.town().length() > 40) {
            throw new ItemChangeRefused("町丁目は40文字以内で入力してください");
        }
    }

    /**
     * A page of the query; {@code known} is the query's count when already known from the summary of open
     * items ({@link WorklistCounts}), else {@code -1} (a filter by 町丁目: counted from its index alone).
     * The page's item ids are found first from the index of its sort order alone (the rows skipped to
     * reach page 20 are index entries, not table rows), then only its 50 rows are read.
     */
    PageSlice<WorklistRow> page(String departmentId, WorklistQuery q, LocalDate today, ViewerAccess viewing, long known) {
        check(q);
        Sql sql = where(departmentId, q, today, viewing);
        long total = known >= 0 ? known : sql.apply(jdbc.sql("SELECT count(*) FROM procedure_item i WHERE " + sql.where))
                .query(Long.class).single();
        PageNumbers numbers = PageNumbers.of(q.page(), PAGE, total);
        String order = order(q.sort());
        List<ProcedureItem> items = sql.apply(jdbc.sql("WITH page AS MATERIALIZED (SELECT i.item_id FROM procedure_item i"
                + " WHERE " + sql.where + " ORDER BY " + order + " LIMIT :limit OFFSET :offset)"
                + " SELECT " + ItemStore.ITEM_COLUMNS + " FROM procedure_item i"
                + " WHERE i.item_id IN (SELECT item_id FROM page) ORDER BY " + order))
                .param("limit", numbers.size()).param("offset", numbers.offset()).query(store::mapItem).list();
        return numbers.slice(rows(items, today, viewing));
    }

    /** Every row of the query, in batches (the exports), in the list's order. */
    void forEach(String departmentId, WorklistQuery q, LocalDate today, ViewerAccess viewing, Consumer<WorklistRow> consumer) {
        check(q);
        Sql sql = where(departmentId, q, today, viewing);
        List<ProcedureItem> batch = new ArrayList<>();
        sql.apply(jdbc.sql("SELECT " + ItemStore.ITEM_COLUMNS
                + " FROM procedure_item i WHERE " + sql.where
                + " ORDER BY " + order(q.sort()))).withFetchSize(500).query(rs -> {
                    batch.add(store.mapItem(rs, 0));
                    if (batch.size() == 500) {
                        rows(batch, today, viewing).forEach(consumer);
                        batch.clear();
                    }
                });
        rows(batch, today, viewing).forEach(consumer);
    }

    long count(String departmentId, WorklistQuery q, LocalDate today, ViewerAccess viewing) {
        Sql sql = where(departmentId, q, today, viewing);
        return sql.apply(jdbc.sql("SELECT count(*) FROM procedure_item i WHERE " + sql.where)).query(Long.class).single();
    }

    private List<WorklistRow> rows(List<ProcedureItem> items, LocalDate today, ViewerAccess viewing) {
        Set<String> keys = new HashSet<>();
        items.forEach(i -> keys.add(i.personKey()));
        Map<String, Person> persons = residents.findAll(keys);
        List<WorklistRow> rows = new ArrayList<>();
        for (ProcedureItem item : items) {
            Person p = persons.get(item.personKey());
            boolean withheld = viewing.withholdsWhereabouts(p != null && p.addressProtected(), item.personKey());
            rows.add(new WorklistRow(item, p == null ? null : p.name(), p == null ? null : p.kana(),
                    withheld ? Withheld.WHEREABOUTS : item.town(), item.overdue(today)));
        }
        return rows;
    }

    private record Sql(String where, Map<String, Object> params) {

        org.springframework.jdbc.core.simple.JdbcClient.StatementSpec apply(
                org.springframework.jdbc.core.simple.JdbcClient.StatementSpec spec) {
            params.forEach(spec::param);
            return spec;
        }
    }

    private Sql where(String departmentId, WorklistQuery q, LocalDate today, ViewerAccess viewing) {
        StringBuilder where = new StringBuilder("i.department_id = :dept AND i.status IN ('OPEN', 'GUIDED')");
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("dept", departmentId == null ? "" : departmentId);
        switch (q.when()) {
            case "today" -> where.append(" AND i.due_on = :today");
            case "overdue" -> where.append(" AND i.due_on < :today");
            case "week" -> where.append(" AND i.due_on BETWEEN :today AND :weekEnd");
            default -> {
            }
        }
        if (!q.when().equals("all")) {
            params.put("today", today);
        }
        if (q.when().equals("week")) {
            params.put("weekEnd", today.plusDays(6));
        }
        if (q.kind() != null) {
            where.append(" AND i.event_kind = :kind");
            params.put("kind", q.kind());
        }
        if (q.town() != null) {
            where.append(" AND i.town LIKE :town ESCAPE '\\'");
            params.put("town", q.town().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            if (!viewing.seesProtectedAddresses()) {
                // a town never finds a person whose whereabouts are withheld
                where.append(" AND NOT (i.person_key = ANY(:protected))");
                params.put("protected", residents.addressProtectedKeys().toArray(String[]::new));
            }
        }
        return new Sql(where.toString(), params);
    }

    private static String order(String sort) {
        return switch (sort) {
            case "event" -> "i.occurred_on DESC, i.item_id";
            case "kind" -> "i.event_kind, i.due_on NULLS LAST, i.item_id";
            default -> "i.due_on NULLS LAST, i.item_id";
        };
    }
}
