package jp.tsunagu.administration;

import java.util.Map;
import java.util.TreeMap;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.importing.ImportRuns;
import jp.tsunagu.importing.RejectedValue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.server.ResponseStatusException;

/**
 * Shows an administrator the whole value an import rejected (却下された値の表示), one problem at a
 * time, after recording the look in the audit trail (who, which run, which line and column). The
 * import report shows the value masked; other staff never see it. It lives here rather than in the
 * importing module because it needs the audit trail, which itself depends on importing.
 */
@Controller
@ConditionalOnWebApplication
class RejectedValueController {

    private final ImportRuns runs;
    private final AuditTrail audit;

    RejectedValueController(ImportRuns runs, AuditTrail audit) {
        this.runs = runs;
        this.audit = audit;
    }

    /** htmx swaps the value into the report's cell; without JavaScript the value gets a page of its own. */
    @PostMapping("/admin/imports/runs/{runId}/problems/{seq}/value")
    String reveal(@PathVariable long runId, @PathVariable int seq, Authentication auth,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        RejectedValue value = runs.rejectedValue(runId, seq)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Map<String, String> detail = new TreeMap<>();
        detail.put("run", Long.toString(runId));
        detail.put("source", value.sourceId());
        detail.put("file", value.fileName());
        detail.put("problem", Integer.toString(seq));
        detail.put("line", Long.toString(value.line()));
        detail.put("column", Integer.toString(value.column()));
        if (value.columnName() != null) {
            detail.put("columnName", value.columnName());
        }
        audit.record(AuditEvent.of(auth.getName(), AuditAction.IMPORT_VALUE, detail));
        model.addAttribute("value", value);
        return htmx != null ? "administration/rejected-value :: value" : "administration/rejected-value";
    }
}
