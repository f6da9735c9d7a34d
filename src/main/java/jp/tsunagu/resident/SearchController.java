package jp.tsunagu.resident;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.audit.AuditUnavailableException;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.japanese.JapaneseDates;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The search page and {@code GET /api/v1/persons?q=…}. A search is a read of personal data: it is
 * recorded in the audit trail (terms and result count) before any result is returned, and a
 * 支援措置 person's address and household are hidden from viewers who may not see them.
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SearchController {

    static final int LIMIT = 50;
    static final String HIDDEN = "（支援措置のため非表示）";

    /** One result as shown: access rules applied. */
    record Result(String personKey, String name, String kana, String birthDate, LocalDate birthDateIso, Integer age,
            String sex, String address, String householdKey, String relation, String status, boolean supportMeasure,
            boolean addressProtected, boolean addressWithheld, List<String> programs) {
    }

    private final PersonSearch search;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final SourceCatalog catalog;

    SearchController(PersonSearch search, AccessPolicy access, AuditTrail audit, SourceCatalog catalog) {
        this.search = search;
        this.access = access;
        this.audit = audit;
        this.catalog = catalog;
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/search")
    String page(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, Authentication user, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("status", status);
        model.addAttribute("minAge", minAge);
        model.addAttribute("maxAge", maxAge);
        model.addAttribute("town", town);
        if (!q.isBlank()) {
            model.addAttribute("results", find(q, new PersonSearch.Filters(status, minAge, maxAge, town), user));
        }
        return "resident/search";
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping(path = "/api/v1/persons", produces = "application/json")
    @ResponseBody
    Map<String, Object> api(@RequestParam String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, Authentication user) {
        List<Result> results = find(q, new PersonSearch.Filters(status, minAge, maxAge, town), user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", q);
        body.put("count", results.size());
        body.put("persons", results);
        return body;
    }

    private List<Result> find(String q, PersonSearch.Filters filters, Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        jp.tsunagu.access.ViewerAccess may = access.of(viewer);
        filters = new PersonSearch.Filters(filters.status(), filters.minAge(), filters.maxAge(), filters.town(),
                may.seesProtectedAddresses());
        List<PersonSearch.Hit> hits = search.search(q, filters, LIMIT);
        Map<String, List<String>> sources = search.sourcesOf(hits.stream().map(PersonSearch.Hit::personKey).toList());
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("q", q);
        detail.put("results", Integer.toString(hits.size()));
        jp.tsunagu.access.ApiTokens.tokenName(user).ifPresent(name -> detail.put("token", name));
        if (filters.status() != null) {
            detail.put("status", filters.status());
        }
        if (filters.town() != null) {
            detail.put("town", filters.town());
        }
        boolean protectedPerson = hits.stream().anyMatch(PersonSearch.Hit::addressProtected);
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, detail, protectedPerson));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        return hits.stream().map(h -> {
            // address, 方書, household and relation: no hint of where, or with whom, a protected person lives
            boolean hide = may.withholdsWhereabouts(h.addressProtected(), h.personKey());
            List<String> programs = sources.getOrDefault(h.personKey(), List.of()).stream()
                    .map(catalog::find).flatMap(java.util.Optional::stream)
                    .filter(s -> !s.role().isMaster())
                    // also leaves out the sources an API token of the request does not name
                    .filter(s -> may.level(s.id(), s.department().id(), h.personKey()) != GrantLevel.NONE)
                    .map(SourceDefinition::program).distinct().toList();
            return new Result(h.personKey(), h.name(), h.kana(),
                    h.birthDate() == null ? null : JapaneseDates.warekiWithYear(h.birthDate()), h.birthDate(),
                    h.birthDate() == null || h.birthDate().isAfter(today) ? null : JapaneseDates.age(h.birthDate(), today),
                    h.sex(), hide ? HIDDEN : join(h.address(), h.addressDetail()), hide ? null : h.householdKey(),
                    hide ? null : h.relation(), h.status(), h.supportMeasure(), h.addressProtected(), hide, programs);
        }).toList();
    }

    private static String join(String address, String detail) {
        if (address == null) {
            return detail;
        }
        return detail == null || detail.isBlank() ? address : address + " " + detail;
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<Map<String, String>> auditDown(AuditUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "アクセス記録を書けないため、検索結果を表示できません。管理者に連絡してください。"));
    }
}
