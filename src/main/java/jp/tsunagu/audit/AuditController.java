package jp.tsunagu.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The auditor's screens (監査画面): the chain check, the latest flagged entries, who viewed a person,
 * what a user did, entries by day and action, and the CSV export. Only auditors reach them (security
 * rule on {@code /audit/**}). Every page that shows entries is itself recorded as a search before it is
 * returned, and the export before its first row: auditors are audited too.
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class AuditController {

    static final int FLAGGED_ON_START = 20;

    /**
     * The outcome of a chain check as the screen shows it.
     *
     * @param brokenRow the first broken row's number, {@code null} when intact
     * @param brokenEntry that row as stored, {@code null} when it is missing or the chain is intact
     */
    record Check(boolean intact, long checked, Long brokenRow, String reason, AuditEntry brokenEntry) {

        /** The broken row as a list, for the entries table. */
        public List<AuditEntry> brokenEntries() {
            return brokenEntry == null ? List.of() : List.of(brokenEntry);
        }
    }

    private final AuditQueries queries;
    private final AuditVerification verification;
    private final AuditExport export;
    private final AuditTrail trail;
    private final AuditWording wording;

    AuditController(AuditQueries queries, AuditVerification verification, AuditExport export, AuditTrail trail,
            AuditWording wording) {
        this.wording = wording;
        this.queries = queries;
        this.verification = verification;
        this.export = export;
        this.trail = trail;
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/audit")
    String start(Principal auditor, Model model) {
        List<AuditEntry> flagged = queries.latestFlagged(FLAGGED_ON_START);
        recordSearch(auditor, "start", AuditQuery.ALL.withFlaggedOnly(), flagged.size());
        model.addAttribute("flagged", flagged);
        model.addAttribute("flaggedLimit", FLAGGED_ON_START);
        model.addAttribute("flaggedLink", AuditQuery.ALL.withFlaggedOnly().link(true, true, "audit", "events"));
        return "audit/index";
    }

    /**
     * Checks the whole chain now. With htmx only the result is sent back; without JavaScript the
     * browser is redirected to the start page, which shows it.
     */
    @PostMapping("/audit/verify")
    String verify(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        AuditVerification.Result result = verification.verify();
        Check check = new Check(result.intact(), result.checked(), result.firstBroken().orElse(null), result.reason(),
                result.firstBroken().flatMap(queries::entry).orElse(null));
        if (htmx != null) {
            model.addAttribute("check", check);
            return "audit/fragments :: verification";
        }
        redirect.addFlashAttribute("check", check);
        return "redirect:/audit";
    }

    /** Who viewed this person (この人の記録を見た職員). */
    @jp.tsunagu.platform.PersonalData
    @GetMapping("/audit/persons/{personKey}")
    String person(@PathVariable String personKey, @RequestParam(required = false) String action,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before, @RequestParam(required = false) Long after,
            Principal auditor, Model model) {
        model.addAttribute("heading", "person");
        model.addAttribute("subject", personKey);
        return results(auditor, "person", model, before, after, "persons", personKey,
                () -> AuditQuery.of(personKey, null, action, from, to, false));
    }

    /** What this user did (この職員の操作). */
    @jp.tsunagu.platform.PersonalData
    @GetMapping("/audit/users/{username}")
    String user(@PathVariable String username, @RequestParam(required = false) String action,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before, @RequestParam(required = false) Long after,
            Principal auditor, Model model) {
        model.addAttribute("heading", "user");
        model.addAttribute("subject", wording.staffText(username));
        return results(auditor, "user", model, before, after, "users", username,
                () -> AuditQuery.of(null, username, action, from, to, false));
    }

    /** Entries by day, action, user, person and flag (期間・操作で検索). */
    @jp.tsunagu.platform.PersonalData
    @GetMapping("/audit/events")
    String events(@RequestParam(required = false) String person, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "false") boolean flagged,
            @RequestParam(required = false) Long before, @RequestParam(required = false) Long after,
            Principal auditor, Model model) {
        model.addAttribute("heading", "events");
        return results(auditor, "events", model, before, after, "events", null,
                () -> AuditQuery.of(person, actor, action, from, to, flagged));
    }

    /**
     * The CSV export of the same filters. Recorded before the first row is written; if the record
     * cannot be written the auditor gets 503 and no data.
     */
    @jp.tsunagu.platform.PersonalData
    @GetMapping("/audit/events.csv")
    void csv(@RequestParam(required = false) String person, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "false") boolean flagged,
            Principal auditor, HttpServletResponse response) throws IOException {
        AuditQuery query;
        try {
            query = AuditQuery.of(person, actor, action, from, to, flagged);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        AuditExport.Recorded recorded = export.record(query, auditor.getName());
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(fileName(), StandardCharsets.UTF_8).build().toString());
        export.write(recorded, response.getOutputStream());
    }

    /** {@code before=abc}, {@code flagged=abc}: the filters' page with the parameter named, nothing read. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String unreadable(MethodArgumentTypeMismatchException e, Model model) {
        model.addAttribute("heading", "events");
        model.addAttribute("problem", e.getName() + " を読めません。");
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("base", AuditQuery.ALL.link(false, false, "audit", "events"));
        return "audit/events";
    }

    /**
     * A page of results: the filters are read, the page is fetched, the auditor's search recorded, and
     * only then is the page rendered.
     */
    private String results(Principal auditor, String screen, Model model, Long before, Long after, String section,
            String subject, Supplier<AuditQuery> read) {
        AuditQuery query;
        try {
            query = read.get();
        } catch (IllegalArgumentException e) {
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("actions", AuditAction.values());
            model.addAttribute("base", AuditQuery.ALL.link(false, false, path(section, subject)));
            return "audit/events";
        }
        AuditQueries.Page page = queries.page(query, before, after);
        Map<String, String> paging = new LinkedHashMap<>();
        if (before != null) {
            paging.put("before", before.toString());
        }
        if (after != null) {
            paging.put("after", after.toString());
        }
        recordSearch(auditor, screen, query, page.matched(), paging);

        String[] path = path(section, subject);
        boolean personInQuery = !"persons".equals(section);
        boolean actorInQuery = !"users".equals(section);
        String here = query.link(personInQuery, actorInQuery, path);
        model.addAttribute("query", query);
        model.addAttribute("page", page);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("here", here);
        model.addAttribute("base", AuditQuery.ALL.link(false, false, path));
        model.addAttribute("csvLink", query.link(true, true, "audit", "events.csv"));
        if (!page.isEmpty()) {
            model.addAttribute("newerLink", page.hasNewer() ? with(here, "after", page.newestSeq()) : null);
            model.addAttribute("olderLink", page.hasOlder() ? with(here, "before", page.oldestSeq()) : null);
        }
        return "audit/events";
    }

    private void recordSearch(Principal auditor, String screen, AuditQuery query, long results) {
        recordSearch(auditor, screen, query, results, Map.of());
    }

    private void recordSearch(Principal auditor, String screen, AuditQuery query, long results,
            Map<String, String> paging) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", screen);
        detail.putAll(query.detail());
        detail.putAll(paging);
        detail.put("results", Long.toString(results));
        trail.record(new AuditEvent(auditor.getName(), AuditAction.SEARCH, query.personKey(), detail, false));
    }

    private static String[] path(String section, String subject) {
        return subject == null ? new String[] {"audit", section} : new String[] {"audit", section, subject};
    }

    private static String with(String link, String name, long value) {
        return link + (link.contains("?") ? "&" : "?") + name + "=" + value;
    }

    private static String fileName() {
        return "audit-" + DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(TokyoTime.ZONE)) + ".csv";
    }
}
