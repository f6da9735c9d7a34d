package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes a procedure item (手続きの更新): 要対応 → 案内済 → 完了, or 対象外 with a reason, and back to 要対応
 * with a reason. Only staff of the item's department change it; each change checks the state it starts
 * from and the version the clerk saw (a colleague's change in between is not overwritten), adds a row to
 * the item's history and is written to the audit trail — an item never vanishes.
 */
@Service
public class ItemChanges {

    static final int REASON_MAX = 200;

    private final JdbcClient jdbc;
    private final ItemStore store;
    private final AuditTrail audit;

    ItemChanges(JdbcClient jdbc, ItemStore store, AuditTrail audit) {
        this.jdbc = jdbc;
        this.store = store;
        this.audit = audit;
    }

    /** 案内済: the resident was told what to do. */
    @Transactional
    public ProcedureItem markGuided(long itemId, int version, Viewer viewer, String note) {
        return change(itemId, version, viewer, Set.of(ItemStatus.OPEN), ItemStatus.GUIDED, null, note);
    }

    /** 完了: the procedure is done. */
    @Transactional
    public ProcedureItem complete(long itemId, int version, Viewer viewer, String note) {
        return change(itemId, version, viewer, Set.of(ItemStatus.OPEN, ItemStatus.GUIDED), ItemStatus.DONE, null, note);
    }

    /** 対象外: the procedure does not apply after all, and why. */
    @Transactional
    public ProcedureItem notApplicable(long itemId, int version, Viewer viewer, String reason) {
        return change(itemId, version, viewer, Set.of(ItemStatus.OPEN, ItemStatus.GUIDED), ItemStatus.NOT_APPLICABLE,
                required(reason), null);
    }

    /** Back to 要対応 from 完了 or 対象外 (a mistake), and why. */
    @Transactional
    public ProcedureItem reopen(long itemId, int version, Viewer viewer, String reason) {
        return change(itemId, version, viewer, Set.of(ItemStatus.DONE, ItemStatus.NOT_APPLICABLE), ItemStatus.OPEN,
                required(reason), null);
    }

    private ProcedureItem change(long itemId, int version, Viewer viewer, Set<ItemStatus> from, ItemStatus to,
            String reason, String note) {
        ProcedureItem item = store.item(itemId).orElseThrow(() -> new ItemChangeRefused("手続き " + itemId + " はありません"));
        mayChange(item, viewer);
        if (!from.contains(item.status())) {
            throw new ItemChangeRefused("「" + item.status().label() + "」の手続きは「" + to.label() + "」にできません");
        }
        String cleanNote = optional(note);
        Integer updated = jdbc.sql("""
                UPDATE procedure_item SET status = :to, reason = :reason, version = version + 1, updated_at = now(),
                       updated_by = :who
                 WHERE item_id = :id AND version = :v RETURNING version""")
                .param("to", to.name()).param("reason", reason).param("who", viewer.username()).param("id", itemId)
                .param("v", version).query(Integer.class).optional().orElse(null);
        if (updated == null) {
            throw new ItemChangeRefused("この手続きは、表示のあとで他の職員が更新しました。画面を読み直してから操作してください");
        }
        jdbc.sql("""
                INSERT INTO procedure_item_history (item_id, version, status, reason, note, changed_by)
                VALUES (:id, :v, :s, :reason, :note, :who)""").param("id", itemId).param("v", updated)
                .param("s", to.name()).param("reason", reason).param("note", cleanNote).param("who", viewer.username())
                .update();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("item", Long.toString(itemId));
        detail.put("procedure", item.title());
        detail.put("from", item.status().label());
        detail.put("to", to.label());
        if (reason != null) {
            detail.put("reason", reason);
        }
        audit.record(new AuditEvent(viewer.username(), AuditAction.PROCEDURE_CHANGE, item.personKey(), detail, false));
        return store.item(itemId).orElseThrow();
    }

    /** Only staff of the item's department change it (others see it, as their grants allow). */
    static void mayChange(ProcedureItem item, Viewer viewer) {
        if (viewer.role() == Role.VIEWER || viewer.role() == Role.AUDITOR
                || !item.departmentId().equals(viewer.departmentId())) {
            throw new ItemChangeRefused("この手続きは担当課の担当者だけが更新できます");
        }
    }

    static String required(String reason) {
        String r = optional(reason);
        if (r == null) {
            throw new ItemChangeRefused("理由を入力してください");
        }
        return r;
    }

    static String optional(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() > REASON_MAX) {
            throw new ItemChangeRefused("理由・メモは" + REASON_MAX + "文字以内で入力してください (" + t.length() + "文字)");
        }
        return t;
    }

    /** Whether this day is a plausible day of a life event recorded by hand: not in the future, not before 1900. */
    static LocalDate eventDay(LocalDate day, LocalDate today) {
        if (day == null) {
            throw new ItemChangeRefused("出来事の日付を入力してください");
        }
        if (day.isAfter(today)) {
            throw new ItemChangeRefused("出来事の日付が未来です: " + day);
        }
        if (day.getYear() < 1900) {
            throw new ItemChangeRefused("出来事の日付が古すぎます: " + day);
        }
        return day;
    }
}
