package jp.tsunagu.procedures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.access.Withheld;
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

    Procedures(ItemStore store, AccessPolicy access, ResidentIndex residents, Departments departments,
            WorklistCounts counts) {
        this.store = store;
        this.access = access;
        this.residents = residents;
        this.departments = departments;
        this.counts = counts;
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
        return new PersonProcedures(personKey, open, closed, store.eventsOf(personKey),
                viewing.withholdsWhereabouts(protectedPerson, personKey));
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
