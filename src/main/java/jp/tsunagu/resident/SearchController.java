package jp.tsunagu.resident;

import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

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

    /** The oldest age a filter may name. */
    static final int MAX_AGE = 150;
    /** The longest 町丁目 a filter may name (characters). */
    static final int MAX_TOWN = 50;
    private static final java.util.Set<String> STATUSES = java.util.Set.of("住民", "住登外", "消除");

    /**
     * The search page. A search over the budget, with a filter out of range or stopped by the
     * statement timeout shows its message on the page (400, 503) and no result; nothing is read.
     */
    @jp.tsunagu.platform.PersonalData
    @GetMapping("/search")
    String page(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) String minAge, @RequestParam(required = false) String maxAge,
            @RequestParam(required = false) String town, Authentication user, Model model,
            HttpServletResponse response) {
        model.addAttribute("q", q);
        model.addAttribute("status", status);
        model.addAttribute("minAge", minAge);
        model.addAttribute("maxAge", maxAge);
        model.addAttribute("town", town);
        if (!q.isBlank()) {
            try {
                model.addAttribute("results", find(q, filters(status, age(minAge), age(maxAge), town), user));
            } catch (SearchRefusedException e) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                model.addAttribute("problem", e.getMessage());
            } catch (SearchTimedOutException e) {
                response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
                model.addAttribute("problem", e.getMessage());
            }
        }
        return "resident/search";
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping(path = "/api/v1/persons", produces = "application/json")
    @ResponseBody
    Map<String, Object> api(@RequestParam String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, Authentication user) {
        List<Result> results = find(q, filters(status, minAge, maxAge, town), user);
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

    /** The filters beside the query, refused when out of range (a huge age is not a date). */
    private static PersonSearch.Filters filters(String status, Integer minAge, Integer maxAge, String town) {
        String s = status == null || status.isBlank() ? null : status.strip();
        if (s != null && !STATUSES.contains(s)) {
            throw new SearchRefusedException("状態は 住民・住登外・消除 のいずれかを選んでください");
        }
        for (Integer age : new Integer[] {minAge, maxAge}) {
            if (age != null && (age < 0 || age > MAX_AGE)) {
                throw new SearchRefusedException("年齢は 0 から " + MAX_AGE + " までの数で指定してください");
            }
        }
        String t = town == null || town.isBlank() ? null : town.strip();
        if (t != null && t.codePointCount(0, t.length()) > MAX_TOWN) {
            throw new SearchRefusedException("町丁目は" + MAX_TOWN + "文字までです");
        }
        return new PersonSearch.Filters(s, minAge, maxAge, t);
    }

    /** An age as the page's form sends it. */
    private static Integer age(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String digits = text.strip();
        if (!digits.matches("\\d{1,3}")) {
            throw new SearchRefusedException("年齢は 0 から " + MAX_AGE + " までの数で指定してください");
        }
        return Integer.valueOf(digits);
    }

    @ExceptionHandler(SearchRefusedException.class)
    ResponseEntity<Map<String, String>> refused(SearchRefusedException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(SearchTimedOutException.class)
    ResponseEntity<Map<String, String>> timedOut(SearchTimedOutException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
    }

    /** {@code minAge=abc} on the API: the parameter named, in Japanese, instead of Spring's generic error. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> unreadable(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getName() + " を数として読めません"));
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<Map<String, String>> auditDown(AuditUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "アクセス記録を書けないため、検索結果を表示できません。管理者に連絡してください。"));
    }
}
