package jp.tsunagu.procedures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.platform.TokyoTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the worklist's faster reads (V7_1_0) must not change: the summary of open items counts exactly what
 * the items hold, in the same transaction, through additions and every change of status; and each page of
 * each sort order and filter, read from its own index, holds the rows the plain query (joined to the
 * events, counted and sorted in full) gives, in the same order, none skipped and none repeated.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-procedures-checklist-f${tsunagu.test.fork:1}")
class WorklistAtScaleTests {

    static final Viewer KODOMO = new Viewer("c-kodomo-scale", Role.CASEWORKER, "kodomo");

    @Autowired
    LifeEventRecorder recorder;
    @Autowired
    WorklistCounts counts;
    @Autowired
    Worklist worklist;
    @Autowired
    Procedures procedures;
    @Autowired
    ItemChanges changes;
    @Autowired
    ItemStore store;
    @Autowired
    AccessPolicy access;
    @Autowired
    TokyoTime time;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void theSummaryOfOpenItemsCountsWhatTheItemsHoldThroughAdditionsAndChanges() {
        String tag = "sum" + System.nanoTime();
        LocalDate today = time.today();
        assertSummaryMatchesItems(today);
        long before = counts.open("kodomo");

        LifeEventRecorder.Added added = recorder.record(births(tag, 12, LocalDate.of(2024, 5, 1), "試験町" + tag));
        long mine = ownOpenItems(tag);
        assertThat(mine).as("births give こども支援課 items").isGreaterThanOrEqualTo(12);
        assertThat(added.items()).isGreaterThanOrEqualTo((int) mine);
        assertSummaryMatchesItems(today);

        ProcedureItem item = store.itemsOf(tag + "-0").stream().filter(i -> i.departmentId().equals("kodomo"))
                .findFirst().orElseThrow();
        long group = summaryOf("kodomo", item.eventKind(), item.dueOn());
        ProcedureItem guided = changes.markGuided(item.itemId(), item.version(), KODOMO, null);
        assertThat(summaryOf("kodomo", item.eventKind(), item.dueOn())).as("案内済 is still open").isEqualTo(group);
        ProcedureItem done = changes.complete(item.itemId(), guided.version(), KODOMO, null);
        assertThat(summaryOf("kodomo", item.eventKind(), item.dueOn())).as("完了 is closed").isEqualTo(group - 1);
        assertSummaryMatchesItems(today);
        ProcedureItem reopened = changes.reopen(item.itemId(), done.version(), KODOMO, "取り違え");
        assertThat(summaryOf("kodomo", item.eventKind(), item.dueOn())).as("要対応 again").isEqualTo(group);
        changes.notApplicable(item.itemId(), reopened.version(), KODOMO, "転出した");
        assertThat(summaryOf("kodomo", item.eventKind(), item.dueOn())).as("対象外 is closed").isEqualTo(group - 1);
        assertSummaryMatchesItems(today);
        assertThat(ownOpenItems(tag)).isEqualTo(mine - 1);
        assertThat(procedures.openCount("kodomo")).as("the badge").isEqualTo(counts.open("kodomo"))
                .isGreaterThanOrEqualTo(before + mine - 1);
    }

    @Test
    void everyPageOfEverySortAndFilterHoldsThePlainQuerysRowsInItsOrder() {
        String tag = "page" + System.nanoTime();
        String town = "試験町" + tag;
        recorder.record(births(tag, 70, LocalDate.of(2024, 8, 1), town));
        LocalDate today = time.today();
        ViewerAccess viewing = access.of(KODOMO);
        assertThat(ownOpenItems(tag)).as("more than two pages of one town").isGreaterThan(2L * Worklist.PAGE);
        for (String sort : List.of("due", "event", "kind")) {
            for (WorklistQuery q : List.of(new WorklistQuery("all", null, null, sort, 1),
                    new WorklistQuery("overdue", "birth", null, sort, 1), new WorklistQuery("all", null, town, sort, 1))) {
                List<Long> expected = plain(q, today);
                List<Long> paged = new ArrayList<>();
                int pages = (int) Math.min(3, (expected.size() + Worklist.PAGE - 1) / Worklist.PAGE);
                long total = -1;
                for (int n = 1; n <= pages; n++) {
                    PageSlice<WorklistRow> page = worklist.page("kodomo", new WorklistQuery(q.when(), q.kind(), q.town(),
                            sort, n), today, viewing, -1);
                    total = page.total().count();
                    page.items().forEach(r -> paged.add(r.item().itemId()));
                }
                assertThat(total).as("the count of " + q).isEqualTo(expected.size());
                assertThat(paged).as("pages 1 to " + pages + " of " + q)
                        .isEqualTo(expected.subList(0, Math.min(expected.size(), pages * Worklist.PAGE)));
            }
        }
        Procedures.WorklistPage byKind = procedures.worklist(KODOMO, new WorklistQuery("overdue", "birth", null, "due", 1));
        assertThat(byKind.rows().total().count()).as("a kind's count from the summary")
                .isEqualTo(plain(new WorklistQuery("overdue", "birth", null, "due", 1), today).size());
        assertThat(byKind.rows().items()).allMatch(r -> r.item().eventKind().equals("birth") && r.overdue());
        assertThat(byKind.rows().items()).extracting(r -> r.item().occurredOn())
                .as("the event's day on each item is its event's").allMatch(d -> d.isBefore(today));
        List<Long> mismatched = jdbc.sql("""
                SELECT i.item_id FROM procedure_item i JOIN life_event e ON e.seq = i.event_seq
                 WHERE i.occurred_on <> e.occurred_on""").query(Long.class).list();
        assertThat(mismatched).as("items whose event day differs from their event's").isEmpty();
    }

    /** The worklist's query as it was before V7_1_0: joined to the events, sorted in full, every row. */
    private List<Long> plain(WorklistQuery q, LocalDate today) {
        String where = "i.department_id = 'kodomo' AND i.status IN ('OPEN', 'GUIDED')"
                + (q.when().equals("overdue") ? " AND i.due_on < :today" : "")
                + (q.kind() != null ? " AND i.event_kind = :kind" : "")
                + (q.town() != null ? " AND i.town LIKE :town" : "");
        String order = switch (q.sort()) {
            case "event" -> "e.occurred_on DESC, i.item_id";
            case "kind" -> "i.event_kind, i.due_on NULLS LAST, i.item_id";
            default -> "i.due_on NULLS LAST, i.item_id";
        };
        var spec = jdbc.sql("SELECT i.item_id FROM procedure_item i JOIN life_event e ON e.seq = i.event_seq WHERE "
                + where + " ORDER BY " + order);
        if (q.when().equals("overdue")) {
            spec = spec.param("today", today);
        }
        if (q.kind() != null) {
            spec = spec.param("kind", q.kind());
        }
        if (q.town() != null) {
            spec = spec.param("town", q.town() + "%");
        }
        return spec.query(Long.class).list();
    }

    /** In one snapshot: every department's tabs and every kind's count from the summary equal the items'. */
    private void assertSummaryMatchesItems(LocalDate today) {
        TransactionTemplate snapshot = new TransactionTemplate(transactions.getTransactionManager());
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.executeWithoutResult(s -> {
            List<String[]> groups = jdbc.sql("""
                    SELECT DISTINCT department_id, event_kind FROM procedure_item WHERE status IN ('OPEN', 'GUIDED')""")
                    .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list();
            assertThat(groups).as("open items to count").isNotEmpty();
            for (String[] g : groups) {
                for (String kind : new String[] {null, g[1]}) {
                    WorklistCounts.Counts summary = counts.tabs(g[0], kind, today);
                    WorklistCounts.Counts items = jdbc.sql("""
                            SELECT count(*), count(*) FILTER (WHERE due_on = :today), count(*) FILTER (WHERE due_on < :today),
                                   count(*) FILTER (WHERE due_on BETWEEN :today AND :weekEnd)
                              FROM procedure_item WHERE department_id = :d AND status IN ('OPEN', 'GUIDED')
                               AND (CAST(:kind AS text) IS NULL OR event_kind = :kind)""")
                            .param("d", g[0]).param("kind", kind).param("today", today)
                            .param("weekEnd", today.plusDays(6))
                            .query((rs, i) -> new WorklistCounts.Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                                    rs.getLong(4))).single();
                    assertThat(summary).as(g[0] + " " + kind).isEqualTo(items);
                }
                assertThat(counts.open(g[0])).isEqualTo(counts.tabs(g[0], null, today).all());
            }
        });
    }

    private long summaryOf(String department, String kind, LocalDate due) {
        return jdbc.sql("""
                SELECT COALESCE(sum(open_items), 0) FROM procedure_open_count
                 WHERE department_id = :d AND event_kind = :k AND due_on IS NOT DISTINCT FROM :due""")
                .param("d", department).param("k", kind).param("due", due).query(Long.class).single();
    }

    private long ownOpenItems(String tag) {
        return jdbc.sql("""
                SELECT count(*) FROM procedure_item WHERE person_key LIKE :tag AND department_id = 'kodomo'
                   AND status IN ('OPEN', 'GUIDED')""").param("tag", tag + "-%").query(Long.class).single();
    }

    /** Births of persons no registry knows, on days one after another from {@code first}, in one town. */
    private static List<LifeEvents.NewEvent> births(String tag, int n, LocalDate first, String town) {
        return IntStream.range(0, n).mapToObj(i -> new LifeEvents.NewEvent(tag + "-" + i, "birth", first.plusDays(i % 9),
                "MANUAL", null, null, null, town + (i % 3) + "丁目", null, "scale-test", first.plusDays(i % 9))).toList();
    }
}
