package jp.tsunagu.procedures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.importing.SourceRole;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.platform.TokyoTime;
import java.time.LocalDate;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.stereotype.Service;

/**
 * The procedures module's API (ライフイベント・手続き): a person's life events and procedure items as one
 * viewer may see them, and a department's count of open items. An item's details follow the grants of
 * its program's source (its own department sees them); 支援措置 persons' 町丁目 is withheld like their
 * address. The caller audits the read it shows (the overview's own record covers its panel).
 */
@Service
public class Procedures {

    /**
     * A person's procedures for a screen.
     *
     * @param open the open items the viewer may know of (in detail or as 「手続きあり」)
     * @param closed the closed ones
     * @param events the life events, newest first
     * @param townWithheld the events' 町丁目 are withheld (支援措置)
     */
    public record PersonProcedures(String personKey, List<VisibleItem> open, List<VisibleItem> closed,
            List<LifeEvent> events, boolean townWithheld) {

        public boolean isEmpty() {
            return open.isEmpty() && closed.isEmpty() && events.isEmpty();
        }

        /** The 町丁目 of an event as this viewer may see it. */
        public String town(LifeEvent event) {
            return townWithheld ? Withheld.WHEREABOUTS : event.town();
        }
    }

    private final ItemStore store;
    private final AccessPolicy access;
    private final ResidentIndex residents;
    private final Departments departments;
    private final WorklistCounts counts;
    private final Worklist worklist;
    private final LifeEventFeed feed;
    private final SourceCatalog catalog;
    private final TokyoTime time;

    Procedures(ItemStore store, AccessPolicy access, ResidentIndex residents, Departments departments,
            WorklistCounts counts, Worklist worklist, LifeEventFeed feed, SourceCatalog catalog, TokyoTime time) {
        this.store = store;
        this.access = access;
        this.residents = residents;
        this.departments = departments;
        this.counts = counts;
        this.worklist = worklist;
        this.feed = feed;
        this.catalog = catalog;
        this.time = time;
    }

    /** The person's events and items as this viewer may see them. */
    public PersonProcedures of(String personKey, Viewer viewer) {
        ViewerAccess viewing = access.of(viewer);
        Map<String, Departments.Named> named = departments.all();
        List<VisibleItem> open = new ArrayList<>();
        List<VisibleItem> closed = new ArrayList<>();
        for (ProcedureItem item : store.itemsOf(personKey)) {
            GrantLevel level = level(viewing, item);
            if (level == GrantLevel.NONE) {
                continue;
            }
            VisibleItem visible = VisibleItem.of(item, level, Departments.of(named, item.departmentId()));
            (item.status().open() ? open : closed).add(visible);
        }
        boolean protectedPerson = residents.find(personKey).map(Person::addressProtected).orElse(false);
        // an event is known to those who may know of its source: an API token limited to other sources
        // does not learn of a birth or a death from here (staff see the registry's events, as they see its header)
        String registry = registryId();
        List<LifeEvent> events = store.eventsOf(personKey).stream()
                .filter(e -> level(viewing, e, registry) != GrantLevel.NONE).toList();
        return new PersonProcedures(personKey, open, closed, events,
                viewing.withholdsWhereabouts(protectedPerson, personKey));
    }

    /**
     * A page of the viewer's department's worklist with the tabs' counts (すべて・今日・期限切れ・今週), as the
     * screen shows it; the caller audits it.
     */
    public WorklistPage worklist(Viewer viewer, WorklistQuery query) {
        Worklist.check(query);
        ViewerAccess viewing = access.of(viewer);
        LocalDate today = time.today();
        WorklistCounts.Counts counts = this.counts.tabs(viewer.departmentId(), null, today);
        // a filter by kind is counted from the summary too; one by 町丁目 (a prefix) from its index
        WorklistCounts.Counts listed = query.town() != null ? null
                : query.kind() == null ? counts : this.counts.tabs(viewer.departmentId(), query.kind(), today);
        long known = listed == null ? -1 : switch (query.when()) {
            case "today" -> listed.today();
            case "overdue" -> listed.overdue();
            case "week" -> listed.week();
            default -> listed.all();
        };
        return new WorklistPage(worklist.page(viewer.departmentId(), query, today, viewing, known), counts.all(),
                counts.today(), counts.overdue(), counts.week(), today);
    }

    /** A worklist page and the counts of its tabs. */
    public record WorklistPage(PageSlice<WorklistRow> rows, long all, long today, long overdue, long week,
            LocalDate day) {
    }

    /**
     * The life events after the cursor, up to {@code limit} read (at most 1,000), those whose source (the
     * resident registry for events of the daily job and of staff) the viewer may see in detail; and the
     * cursor to continue from (the last number read).
     */
    public FeedPage feed(Viewer viewer, long since, int limit) {
        ViewerAccess viewing = access.of(viewer);
        List<LifeEvent> read = feed.after(since, limit);
        String registry = registryId();
        List<LifeEvent> shown = new ArrayList<>();
        for (LifeEvent e : read) {
            if (level(viewing, e, registry) == GrantLevel.DETAIL) {
                shown.add(e);
            }
        }
        long next = read.isEmpty() ? since : read.get(read.size() - 1).seq();
        return new FeedPage(shown, next, read.size() == Math.min(Math.max(limit, 1), LifeEventFeed.MAX_PAGE));
    }

    private String registryId() {
        return catalog.all().stream().filter(s -> s.role() == SourceRole.RESIDENT_REGISTRY)
                .map(SourceDefinition::id).findFirst().orElse(null);
    }

    /** How much the viewer may see of the source an event was detected in (the registry for the daily job's and staff's). */
    private GrantLevel level(ViewerAccess viewing, LifeEvent e, String registry) {
        String source = e.sourceId() != null ? e.sourceId() : registry;
        if (source == null) {
            return GrantLevel.NONE;
        }
        String owner = catalog.find(source).map(s -> s.department().id()).orElse(null);
        return viewing.level(source, owner, e.personKey());
    }

    /** A page of the feed: the events shown, the cursor to continue from, whether the page was full. */
    public record FeedPage(List<LifeEvent> events, long next, boolean more) {
    }

    /** The open items (要対応・案内済) of a department: the header's badge. */
    public long openCount(String departmentId) {
        return departmentId == null ? 0 : counts.open(departmentId);
    }

    /**
     * How much of an item a viewer sees: its program source's grant (the department that owns the item sees
     * the detail unless a grant says otherwise); an item of no source, its own department in detail and the
     * others only that there is one.
     */
    static GrantLevel level(ViewerAccess viewing, ProcedureItem item) {
        if (item.sourceId() != null) {
            return viewing.level(item.sourceId(), item.departmentId(), item.personKey());
        }
        return item.departmentId().equals(viewing.viewer().departmentId()) ? GrantLevel.DETAIL : GrantLevel.SUMMARY;
    }
}
