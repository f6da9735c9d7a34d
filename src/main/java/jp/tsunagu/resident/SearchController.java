package jp.tsunagu.resident;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
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
    /**
     * The search box's examples: each finds somebody in the demo city (SearchPagingTests checks them on
     * the sample city), and together they show a reading with a birth year, a name with a town, a 町丁目
     * and a 和暦 birth year.
     */
    public static final String PLACEHOLDER = "例: さとう S45 / 佐藤 入間川 / 入間川1丁目 / 昭和45年";

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
            @RequestParam(required = false) String town, @RequestParam(required = false) String cursor,
            Authentication user, Model model, HttpServletResponse response) {
        model.addAttribute("q", q);
        model.addAttribute("placeholder", PLACEHOLDER);
        model.addAttribute("status", status);
        model.addAttribute("minAge", minAge);
        model.addAttribute("maxAge", maxAge);
        model.addAttribute("town", town);
        if (!q.isBlank()) {
            try {
                Found found = find(q, filters(status, age(minAge), age(maxAge), town), cursor, user);
                model.addAttribute("results", found.results());
                model.addAttribute("found", found.page());
                model.addAttribute("total", found.page().total().display("人"));
                model.addAttribute("narrow", found.page().total().count() > LIMIT ? NARROW : null);
            } catch (SearchRefusedException e) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                model.addAttribute("problem", e.getMessage());
            } catch (SearchTimedOutException | IndexBuildingException e) {
                response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
                model.addAttribute("problem", e.getMessage());
            }
        }
        return "resident/search";
    }

    /**
     * {@code GET /api/v1/persons?q=…}: one page of persons, the total (exact, or 1,000 and more), and the
     * cursors of the next and previous pages. Values are typed ({@link jp.tsunagu.platform.TypedValue}).
     */
    @jp.tsunagu.platform.PersonalData
    @GetMapping(path = "/api/v1/persons", produces = "application/json")
    @ResponseBody
    Map<String, Object> api(@RequestParam String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, @RequestParam(required = false) String cursor,
            Authentication user) {
        Found found = find(q, filters(status, minAge, maxAge, town), cursor, user);
        jp.tsunagu.platform.PageSlice<PersonSearch.Hit> page = found.page();
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("count", page.total().count());
        total.put("exact", page.total().exact());
        total.put("display", page.total().display("人"));
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("number", page.number());
        paging.put("size", page.size());
        paging.put("next", page.next());
        paging.put("previous", page.previous());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", q);
        body.put("count", found.results().size());
        body.put("total", total);
        body.put("page", paging);
        if (page.total().count() > LIMIT) {
            body.put("hint", NARROW);
        }
        body.put("persons", found.results().stream().map(this::json).toList());
        return body;
    }

    /** What a clerk reads when more persons match than a page shows. */
    static final String NARROW = LIMIT + "人を超えています。生年月日や町名で絞り込んでください";

    /** One page of the search as found and as shown. */
    private record Found(jp.tsunagu.platform.PageSlice<PersonSearch.Hit> page, List<Result> results) {
    }

    /** One person of the API: typed values beside their display (birth date, age, sex and status). */
    record PersonJson(String personKey, String name, String kana, jp.tsunagu.platform.TypedValue birthDate,
            jp.tsunagu.platform.TypedValue age, jp.tsunagu.platform.TypedValue sex, String address,
            String householdKey, String relation, jp.tsunagu.platform.TypedValue status, boolean supportMeasure,
            boolean addressProtected, boolean addressWithheld, List<String> programs) {
    }

    /** The hub's own codes of a person's state in the index. */
    private static final Map<String, String> STATUS_CODES = Map.of("住民", "resident", "住登外", "non-resident",
            "消除", "removed");

    private PersonJson json(Result r) {
        return new PersonJson(r.personKey(), r.name(), r.kana(),
                new jp.tsunagu.platform.TypedValue("birthDate", "生年月日", r.birthDateIso(), r.birthDate()),
                new jp.tsunagu.platform.TypedValue("age", "年齢", r.age(), r.age() == null ? null : r.age() + "歳"),
                jp.tsunagu.platform.TypedValue.code("sex", "性別", r.sex() == null ? null : sexCode(r.sex()), r.sex()),
                r.address(), r.householdKey(), r.relation(),
                jp.tsunagu.platform.TypedValue.code("status", "状態", STATUS_CODES.get(r.status()), r.status()),
                r.supportMeasure(), r.addressProtected(), r.addressWithheld(), r.programs());
    }

    /**
     * The code of a sex label as the master sources define it (the index keeps the label): the code
     * whose label it is in a master source's code list, else the label itself.
     */
    private String sexCode(String label) {
        for (SourceDefinition source : catalog.all()) {
            String field = source.role().isMaster() && source.master() != null ? source.master().get("sex") : null;
            jp.tsunagu.importing.FieldDefinition definition = field == null ? null : source.field(field);
            if (definition != null && definition.codes() != null) {
                for (Map.Entry<String, String> code : definition.codes().entrySet()) {
                    if (label.equals(code.getValue())) {
                        return code.getKey();
                    }
                }
            }
        }
        return label;
    }

    private Found find(String q, PersonSearch.Filters filters, String cursor, Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        jp.tsunagu.access.ViewerAccess may = access.of(viewer);
        filters = new PersonSearch.Filters(filters.status(), filters.minAge(), filters.maxAge(), filters.town(),
                may.seesProtectedAddresses());
        jp.tsunagu.platform.PageSlice<PersonSearch.Hit> page = search.page(q, filters, LIMIT, cursor);
        List<PersonSearch.Hit> hits = page.items();
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
        if (page.number() > 1) {
            detail.put("page", Integer.toString(page.number()));
        }
        boolean protectedPerson = hits.stream().anyMatch(PersonSearch.Hit::addressProtected);
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, detail, protectedPerson));
        LocalDate today = LocalDate.now(TokyoTime.ZONE);
        return new Found(page, hits.stream().map(h -> {
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
                    h.sex(), Withheld.whereabouts(hide, join(h.address(), h.addressDetail())), hide ? null : h.householdKey(),
                    hide ? null : h.relation(), h.status(), h.supportMeasure(), h.addressProtected(), hide, programs);
        }).toList());
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

    /** While the first index is built: no persons, the share done beside the message. */
    @ExceptionHandler(IndexBuildingException.class)
    ResponseEntity<Map<String, Object>> building(IndexBuildingException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "60")
                .body(Map.of("error", e.getMessage(), "indexBuilding", Map.of("percent", e.percent())));
    }

    /** {@code minAge=abc} on the API: the parameter named, in Japanese, instead of Spring's generic error. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> unreadable(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getName() + " を数として読めません"));
    }
}
