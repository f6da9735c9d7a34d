package jp.tsunagu.administration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.importing.RunChanges;
import jp.tsunagu.platform.PersonalData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Shows an administrator who an applied import added, changed and ended (取込の変更一覧), by 宛名番号, after
 * recording the look in the audit trail. The import report every staff member sees gives the counts only.
 */
@Controller
@ConditionalOnWebApplication
class ImportChangesController {

    private final RunChanges changes;
    private final AuditTrail audit;
    private final jp.tsunagu.resident.ResidentIndex residents;

    ImportChangesController(RunChanges changes, AuditTrail audit, jp.tsunagu.resident.ResidentIndex residents) {
        this.changes = changes;
        this.audit = audit;
        this.residents = residents;
    }

    @PersonalData
    @GetMapping("/admin/imports/runs/{runId}/changes")
    String changes(@PathVariable long runId, Authentication auth, Model model) {
        RunChanges.ChangeList list = changes.of(runId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "imports.changes");
        detail.put("run", Long.toString(runId));
        detail.put("source", list.sourceId());
        detail.put("shown", Integer.toString(list.added().size() + list.changed().size() + list.ended().size()));
        audit.record(AuditEvent.of(auth.getName(), AuditAction.SEARCH, detail));
        model.addAttribute("changes", list);
        // who each key is, so that an administrator need not look every key up (names from the person index)
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (List<RunChanges.ChangeLine> part : List.of(list.added(), list.changed(), list.ended())) {
            part.forEach(line -> keys.add(line.personKey()));
        }
        model.addAttribute("names", residents.names(keys));
        return "administration/import-changes";
    }
}
