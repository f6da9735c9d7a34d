package jp.tsunagu.consultation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One person's records for the pages about that person (個人の相談記録): the person overview's panel and the
 * per-person 経過 (timeline). What the viewer may not see whole is only 「相談記録あり — 担当: 課 (内線)」, and a
 * hidden category (虐待, DV) without a grant is left out entirely. These methods write no audit row: the page
 * that shows them records its read once (the overview adds {@link Panel#auditDetail()} to its own row).
 */
@Service
public class PersonConsultations {

    /**
     * One record on the person's page.
     *
     * @param detail the viewer sees the record whole (and may open it); otherwise only whom to ask
     */
    public record PanelItem(long id, boolean detail, String receivedAt, String category, String urgency,
            String state, ClockState clock, String contact) {
    }

    public record Panel(List<PanelItem> items) {

        /** For the page's own audit row: the records shown whole, and those only named. */
        public String auditDetail() {
            return String.join(",", items.stream().map(i -> i.id() + (i.detail() ? "" : ":summary")).toList());
        }

        public boolean isEmpty() {
            return items.isEmpty();
        }
    }

    /**
     * One entry on a person's 経過, to be merged with life events, program changes and messages by the page
     * that shows the timeline.
     *
     * @param source {@code consultation}
     * @param title 「児童虐待 (電話) — 受付」
     */
    public record TimelineItem(Instant at, String source, long consultationId, long entryId, String title, String text,
            String department) {
    }

    private final JdbcClient jdbc;
    private final ConsultationStore store;
    private final ConsultationAccess access;
    private final Departments departments;
    private final TokyoTime time;

    PersonConsultations(JdbcClient jdbc, ConsultationStore store, ConsultationAccess access, Departments departments,
            TokyoTime time) {
        this.jdbc = jdbc;
        this.store = store;
        this.access = access;
        this.departments = departments;
        this.time = time;
    }

    /** The person's records as the viewer may know of them, newest first. */
    public Panel panel(String personKey, Viewer viewer) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        Instant now = time.now().toInstant();
        List<PanelItem> items = new ArrayList<>();
        for (ConsultationRecord r : records(personKey)) {
            GrantLevel level = scope.level(r);
            if (level == GrantLevel.NONE) {
                continue;
            }
            boolean detail = level == GrantLevel.DETAIL;
            items.add(new PanelItem(r.id(), detail, detail ? TokyoTime.minutes(r.receivedAt()) : null,
                    detail ? r.category().label() : null, detail ? r.urgency().label() : null,
                    detail ? (r.closed() ? "終結" : "対応中") : null, detail ? r.clock(now) : null,
                    departments.contact(r.departmentId())));
        }
        return new Panel(items);
    }

    /** The person's entries the viewer may see, oldest first, as timeline items. */
    public List<TimelineItem> timeline(String personKey, Viewer viewer) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        List<TimelineItem> items = new ArrayList<>();
        for (ConsultationRecord r : records(personKey)) {
            if (scope.level(r) != GrantLevel.DETAIL) {
                continue;
            }
            for (Entry e : r.entries()) {
                items.add(new TimelineItem(e.kind() == EntryKind.OPENED ? r.receivedAt() : e.at(), "consultation",
                        r.id(), e.id(), r.category().label() + " (" + r.channel().label() + ") — " + e.kind().label(),
                        e.body(), departments.contact(e.departmentId())));
            }
        }
        items.sort(java.util.Comparator.comparing(TimelineItem::at));
        return items;
    }

    private List<ConsultationRecord> records(String personKey) {
        List<Long> ids = jdbc.sql("SELECT consultation_id FROM consultation_person WHERE person_key = :k")
                .param("k", personKey).query(Long.class).list();
        return List.copyOf(store.load(ids).values());
    }
}
