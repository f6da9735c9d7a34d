package jp.tsunagu.overview;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.programs.ProgramSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.JacksonJsonView;

/**
 * {@code /department}: one list of the department's persons over its programs, with CSV and Excel
 * export and a JSON endpoint. Lists and exports are recorded in the audit trail before anything is
 * returned.
 */
@Controller
@ConditionalOnWebApplication
@Tag(name = "課の一覧", description = "課が所管する制度に関わる人の一覧")
class DepartmentController {

    private final DepartmentList list;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final jp.tsunagu.access.AccessGrants grants;

    DepartmentController(DepartmentList list, AccessPolicy access, AuditTrail audit, jp.tsunagu.access.AccessGrants grants) {
        this.list = list;
        this.access = access;
        this.audit = audit;
        this.grants = grants;
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/department")
    String page(@RequestParam(required = false) List<String> source, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String field, @RequestParam(required = false) String code,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "1") int page, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = query(source, status, minAge, maxAge, town, sort, page, field, code, from, to);
        DepartmentList.Page result = list.list(viewer, query, DepartmentList.PAGE_SIZE);
        record(viewer, AuditAction.SEARCH, query, result);
        model.addAttribute("choosable", list.choosable(viewer));
        model.addAttribute("filterFields", list.filterFields(viewer, query));
        model.addAttribute("query", query);
        model.addAttribute("result", result);
        model.addAttribute("selected", result.sources().stream().map(ProgramSource::id).toList());
        return "overview/department";
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping(path = "/api/v1/department/persons", produces = "application/json")
    @ResponseBody
    @Operation(operationId = "departmentPersons", summary = "課の一覧を取得する", description = """
            画面の「課の一覧」と同じく、選んだ制度 (省略すると閲覧者の課が所管する制度) のいずれかに関わる人を、
            制度ごとの要約とともに 50 人ずつ返します。値はすべて `{"name", "label", "value", "display"}` の形で、
            `value` は型どおりの値 (日付は ISO 8601、数値は数値、コードは `{"code", "label"}`)、`display` は画面と同じ日本語の表示です。選べるのは閲覧者の所属が詳細を閲覧できる制度だけで、
            それ以外を指定しても結果に含めません。支援措置の対象者の住所は、許された所属でなければ非表示です。
            呼出しはアクセス記録に残ります。記録を書けないときは 503 を返し、データを返しません。""",
            parameters = {
                @Parameter(name = "source", in = ParameterIn.QUERY, description = "連携元 ID (複数指定可)。省略すると所管の制度",
                        array = @ArraySchema(schema = @Schema(type = "string", example = "jido-teate"))),
                @Parameter(name = "status", in = ParameterIn.QUERY, description = "状態で絞り込む: 住民、住登外、消除",
                        schema = @Schema(type = "string", allowableValues = {"住民", "住登外", "消除"})),
                @Parameter(name = "minAge", in = ParameterIn.QUERY, description = "年齢 (満年齢) の下限",
                        schema = @Schema(type = "integer", example = "65")),
                @Parameter(name = "maxAge", in = ParameterIn.QUERY, description = "年齢 (満年齢) の上限",
                        schema = @Schema(type = "integer", example = "74")),
                @Parameter(name = "town", in = ParameterIn.QUERY, description = "町丁目 (住所の一部)。異体字は同一視",
                        schema = @Schema(type = "string", example = "入間川")),
                @Parameter(name = "sort", in = ParameterIn.QUERY, description = "並び順: kana (カナ、既定)、birth (生年月日)、address (住所)",
                        schema = @Schema(type = "string", allowableValues = {"kana", "birth", "address"})),
                @Parameter(name = "page", in = ParameterIn.QUERY, description = "ページ番号 (1 から、1 ページ 50 人) で飛ぶ。最後のページを超えると最後のページ。"
                        + "cursor があるときは使わない",
                        schema = @Schema(type = "integer", defaultValue = "1")),
                @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "次・前のページ: 前の応答の next または previous をそのまま渡す"
                        + " (ほかの条件は同じまま)。取込の最中に前の人が加わっても、ページの中身はずれない。省略すると page のページ",
                        schema = @Schema(type = "string")),
                @Parameter(name = "field", in = ParameterIn.QUERY, description = "制度の項目で絞り込む: 連携元 ID:項目名 (コードか日付の項目)",
                        schema = @Schema(type = "string", example = "kaigo-nintei:care_level")),
                @Parameter(name = "code", in = ParameterIn.QUERY, description = "field がコードの項目のとき、そのコード",
                        schema = @Schema(type = "string", example = "25")),
                @Parameter(name = "from", in = ParameterIn.QUERY, description = "field が日付の項目のとき、この日から (ISO 8601)",
                        schema = @Schema(type = "string", format = "date")),
                @Parameter(name = "to", in = ParameterIn.QUERY, description = "field が日付の項目のとき、この日まで (ISO 8601)",
                        schema = @Schema(type = "string", format = "date"))},
            responses = {
                @ApiResponse(responseCode = "200", description = "課の一覧の 1 ページ",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = DepartmentList.DepartmentPersons.class))),
                @ApiResponse(responseCode = "400", description = "絞り込みの条件が範囲外 (年齢は 0〜150、町丁目は 50 文字まで、制度は 100 件まで)。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = PersonController.API_ERROR))),
                @ApiResponse(responseCode = "401", description = "API トークンがない、または無効・失効している。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = PersonController.API_ERROR))),
                @ApiResponse(responseCode = "403", description = "このトークンでは使えないパス。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = PersonController.API_ERROR))),
                @ApiResponse(responseCode = "503", description = "アクセス記録を書けないため、データを返さなかった。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = PersonController.API_ERROR)))})
    DepartmentList.DepartmentPersons api(@RequestParam(required = false) List<String> source,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer minAge,
            @RequestParam(required = false) Integer maxAge, @RequestParam(required = false) String town,
            @RequestParam(required = false) String sort, @RequestParam(defaultValue = "1") int page,
            @RequestParam(required = false) String field, @RequestParam(required = false) String code,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor, Authentication user) {
        if (cursor != null && cursor.length() > MAX_CURSOR) {
            throw new InvalidFilter(DepartmentCursor.UNREADABLE);
        }
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = query(source, status, minAge, maxAge, town, sort, page, field, code, from, to);
        DepartmentList.Page result = list.listFrom(viewer, query, DepartmentList.PAGE_SIZE, cursor);
        record(viewer, AuditAction.SEARCH, query, result);
        return DepartmentList.DepartmentPersons.of(result.sources().stream().map(ProgramSource::id).toList(),
                result.slice(result.rows().items().stream().map(DepartmentList.Person::of).toList()));
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/department/export.csv")
    void csv(@RequestParam(required = false) List<String> source, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String field, @RequestParam(required = false) String code,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String charset, Authentication user, HttpServletResponse response)
            throws IOException {
        boolean shiftJis = charset != null && !charset.isBlank() && !charset.strip().equalsIgnoreCase("UTF-8");
        if (shiftJis && !charset.strip().equalsIgnoreCase("Shift_JIS")) {
            throw new InvalidFilter("文字コード (charset) は UTF-8 か Shift_JIS です");
        }
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = query(source, status, minAge, maxAge, town, sort, 1, field, code, from, to);
        DepartmentExport.Csv[] csv = new DepartmentExport.Csv[1];
        List<DepartmentExport.Column>[] columns = new List[1];
        list.export(viewer, query, export -> {
            record(viewer, query, export);
            columns[0] = DepartmentExport.columns(export.sources());
            response.setContentType("text/csv; charset=" + (shiftJis ? "Shift_JIS" : "UTF-8"));
            response.setHeader("Content-Disposition", disposition(viewer, export, "csv"));
            try {
                csv[0] = new DepartmentExport.Csv(response.getOutputStream(), shiftJis);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            csv[0].header(columns[0]);
        }, row -> csv[0].add(DepartmentExport.values(columns[0], row)));
        csv[0].flush();
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/department/export.xlsx")
    void xlsx(@RequestParam(required = false) List<String> source, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String field, @RequestParam(required = false) String code,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            Authentication user, HttpServletResponse response) throws IOException {
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = query(source, status, minAge, maxAge, town, sort, 1, field, code, from, to);
        DepartmentExport.Xlsx[] xlsx = new DepartmentExport.Xlsx[1];
        List<DepartmentExport.Column>[] columns = new List[1];
        try {
            list.export(viewer, query, export -> {
                record(viewer, query, export);
                columns[0] = DepartmentExport.columns(export.sources());
                xlsx[0] = new DepartmentExport.Xlsx(columns[0]);
            }, row -> xlsx[0].add(DepartmentExport.values(columns[0], row)));
            response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            response.setHeader("Content-Disposition", disposition(viewer, null, "xlsx"));
            xlsx[0].write(response.getOutputStream());
        } finally {
            if (xlsx[0] != null) {
                xlsx[0].close();
            }
        }
    }

    /**
     * 「課の一覧_こども支援課_20261201.xlsx」: the department and the day, so that two exports do not
     * overwrite each other in a download folder; the plain ASCII name for clients without RFC 6266.
     */
    private String disposition(Viewer viewer, DepartmentList.Export export, String extension) {
        String day = java.time.LocalDate.now(TokyoTime.ZONE)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String department = grants.department(viewer.departmentId()).map(d -> d.department().name())
                .orElse(viewer.departmentId() == null ? "" : viewer.departmentId());
        String name = "課の一覧_" + department.replaceAll("[\\\\/:*?\"<>|\\s]", "") + "_" + day + "." + extension;
        return org.springframework.http.ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build()
                .toString() + "; filename=\"department-" + day + "." + extension + "\"";
    }

    private void record(Viewer viewer, DepartmentList.Query query, DepartmentList.Export export) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "department");
        detail.put("sources", String.join(",", export.sources().stream().map(ProgramSource::id).toList()));
        detail.put("total", Long.toString(export.rows()));
        detail.put("rows", Long.toString(export.rows()));
        putFilters(detail, query);
        audit.record(new AuditEvent(viewer.username(), AuditAction.EXPORT, null, detail, export.anyProtected()));
    }

    private void record(Viewer viewer, AuditAction action, DepartmentList.Query query, DepartmentList.Page result) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "department");
        detail.put("sources", String.join(",", result.sources().stream().map(ProgramSource::id).toList()));
        detail.put("total", Long.toString(result.total()));
        putFilters(detail, query);
        boolean flagged = result.rows().items().stream().anyMatch(DepartmentList.Row::addressProtected);
        audit.record(new AuditEvent(viewer.username(), action, null, detail, flagged));
    }

    private static void putFilters(Map<String, String> detail, DepartmentList.Query query) {
        if (query.status() != null) {
            detail.put("status", query.status());
        }
        if (query.town() != null) {
            detail.put("town", query.town());
        }
    }

    /** The oldest age a filter may name. */
    static final int MAX_AGE = 150;
    /** The longest 町丁目 a filter may name (characters). */
    static final int MAX_TOWN = 50;
    /** The most sources one list may name (a city has a few dozen), and the longest source ID. */
    static final int MAX_SOURCES = 100;
    static final int MAX_SOURCE_ID = 64;
    private static final java.util.Set<String> STATUSES = java.util.Set.of("住民", "住登外", "消除");
    private static final java.util.Set<String> SORTS = java.util.Set.of("kana", "birth", "address");

    /** A filter out of range: answered 400 with the message, before anything is read or recorded. */
    /** The longest cursor this list writes is far shorter: a longer text is no cursor of it. */
    static final int MAX_CURSOR = 2_000;

    static final class InvalidFilter extends RuntimeException {

        InvalidFilter(String message) {
            super(message);
        }
    }

    /**
     * The list's filters as asked, refused when out of range: an age beyond any date
     * ({@code minAge=2000000000} is not a year {@link java.time.LocalDate} can hold), an unknown status
     * or order, or text longer than any 町丁目 or source ID.
     */
    private static DepartmentList.Query query(List<String> source, String status, Integer minAge, Integer maxAge,
            String town, String sort, int page, String field, String code, String from, String to) {
        if (minAge != null && maxAge != null && minAge > maxAge) {
            throw new InvalidFilter("年齢の範囲が逆です (" + minAge + "歳〜" + maxAge + "歳)。下限は上限以下にしてください");
        }
        if (source != null && (source.size() > MAX_SOURCES
                || source.stream().anyMatch(id -> id != null && id.length() > MAX_SOURCE_ID))) {
            throw new InvalidFilter("制度 (source) は " + MAX_SOURCES + " 件まで、ID は " + MAX_SOURCE_ID + " 文字までです");
        }
        String s = status == null || status.isBlank() ? null : status.strip();
        if (s != null && !STATUSES.contains(s)) {
            throw new InvalidFilter("状態は 住民・住登外・消除 のいずれかを選んでください");
        }
        for (Integer age : new Integer[] {minAge, maxAge}) {
            if (age != null && (age < 0 || age > MAX_AGE)) {
                throw new InvalidFilter("年齢は 0 から " + MAX_AGE + " までの数で指定してください");
            }
        }
        String t = town == null || town.isBlank() ? null : town.strip();
        if (t != null && t.codePointCount(0, t.length()) > MAX_TOWN) {
            throw new InvalidFilter("町丁目は" + MAX_TOWN + "文字までです");
        }
        String order = sort == null || sort.isBlank() ? null : sort.strip();
        if (order != null && !SORTS.contains(order)) {
            throw new InvalidFilter("並び順は kana・birth・address のいずれかです");
        }
        return new DepartmentList.Query(source, s, minAge, maxAge, t, order, Math.max(1, page),
                program(field, code, from, to));
    }

    /** The filter by a program's value: a field named {@code source-id:field}, a code or a range of days. */
    private static DepartmentList.ProgramFilter program(String field, String code, String from, String to) {
        String f = blank(field);
        String c = blank(code);
        java.time.LocalDate start = day(from, "から");
        java.time.LocalDate end = day(to, "まで");
        if (f == null) {
            if (c != null || start != null || end != null) {
                throw new InvalidFilter("絞り込む制度の項目を選んでください");
            }
            return null;
        }
        if (f.length() > MAX_SOURCE_ID * 2 || f.indexOf(':') <= 0 || c != null && c.length() > MAX_SOURCE_ID) {
            throw new InvalidFilter("絞り込む項目を一覧から選んでください");
        }
        if (start != null && end != null && start.isAfter(end)) {
            throw new InvalidFilter("日付の範囲が逆です (" + start + " から " + end + " まで)");
        }
        return new DepartmentList.ProgramFilter(f, c, start, end);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A day as ISO 8601 (a date input sends it so) or in any notation the hub reads (令和8年4月12日, R8.4.12). */
    private static java.time.LocalDate day(String text, String which) {
        String t = blank(text);
        if (t == null) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidFilter("日付 (" + which + ") を読めません: " + (t.length() > 20 ? t.substring(0, 20) + "…" : t)
                    + "。2026-04-12 の形で指定してください");
        }
    }

    /**
     * A filter out of range, or a number that is not one ({@code minAge=abc}, {@code page=abc}): the API
     * answers {@code {"error": …}}, the screen and the exports a page with the message.
     */
    @ExceptionHandler({InvalidFilter.class, MethodArgumentTypeMismatchException.class})
    ModelAndView invalidFilter(RuntimeException e, HttpServletRequest request, HttpServletResponse response) {
        String message = e instanceof MethodArgumentTypeMismatchException m ? m.getName() + " を数として読めません"
                : e.getMessage();
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return new ModelAndView(new JacksonJsonView(), Map.of("error", message));
        }
        return new ModelAndView("overview/department-invalid", Map.of("message", message));
    }
}
