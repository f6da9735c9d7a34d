package jp.tsunagu.consultation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.stereotype.Service;

/**
 * Reading one record (相談記録の閲覧): only a viewer who may see it whole gets it, after the read is written to
 * the audit trail (which record, whose, on which screen); anyone else gets {@link ConsultationNotFound}, the
 * same answer as for a number that does not exist.
 */
@Service
public class ConsultationReader {

    /**
     * A record as one viewer sees it.
     *
     * @param names the names of its identified persons
     * @param withholdsPlaces a person of it is protected by a 支援措置 and the viewer may not see where they are:
     *     every place in it (an unidentified person's place, a confirmation's place) is withheld
     */
    public record Shown(ConsultationRecord record, Map<String, String> names, boolean withholdsPlaces,
            Map<String, String> departmentNames) {
    }

    private final ConsultationStore store;
    private final ConsultationAccess access;
    private final ResidentIndex residents;
    private final AuditTrail audit;
    private final Departments departments;

    ConsultationReader(ConsultationStore store, ConsultationAccess access, ResidentIndex residents, AuditTrail audit,
            Departments departments) {
        this.store = store;
        this.access = access;
        this.residents = residents;
        this.audit = audit;
        this.departments = departments;
    }

    /** The record, read and audited; {@code screen} says where it was shown (html, api, print). */
    public Shown read(Viewer viewer, long id, String screen) {
        ConsultationAccess.Scope scope = access.scope(viewer);
        ConsultationRecord r = store.load(id).filter(x -> scope.level(x) == GrantLevel.DETAIL)
                .orElseThrow(() -> new ConsultationNotFound(id));
        List<String> keys = r.personKeys();
        boolean anyProtected = false;
        boolean withhold = false;
        for (String key : keys) {
            Person p = residents.find(key).orElse(null);
            if (p != null && p.addressProtected()) {
                anyProtected = true;
                withhold |= scope.may().withholdsWhereabouts(true, key);
            }
        }
        boolean breakGlass = keys.stream().anyMatch(k -> scope.may().breakGlass(k).isPresent())
                && !r.departments().contains(viewer.departmentId());
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "consultation." + screen);
        detail.put("consultation", Long.toString(id));
        detail.put("category", r.category().code());
        detail.put("persons", String.join(",", keys));
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, keys.isEmpty() ? null : keys.get(0),
                detail, anyProtected || breakGlass));
        return new Shown(r, residents.names(keys), withhold, departments.names());
    }
}
