package jp.tsunagu.overview;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.audit.AuditUnavailableException;
import jp.tsunagu.importing.SourceDefinition;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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
 * {@code /department}: one list of the department's persons over its programs, with CSV and Excel
 * export and a JSON endpoint. Lists and exports are recorded in the audit trail before anything is
 * returned.
 */
@Controller
@ConditionalOnWebApplication
class DepartmentController {

    private final DepartmentList list;
    private final AccessPolicy access;
    private final AuditTrail audit;

    DepartmentController(DepartmentList list, AccessPolicy access, AuditTrail audit) {
        this.list = list;
        this.access = access;
        this.audit = audit;
    }

    @GetMapping("/department")
    String page(@RequestParam(required = false) List<String> source, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "1") int page, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = new DepartmentList.Query(source, status, minAge, maxAge, town, sort, Math.max(1, page));
        DepartmentList.Page result = list.list(viewer, query, DepartmentList.PAGE_SIZE);
        record(viewer, AuditAction.SEARCH, query, result);
        model.addAttribute("choosable", list.choosable(viewer));
        model.addAttribute("query", query);
        model.addAttribute("result", result);
        model.addAttribute("selected", result.sources().stream().map(SourceDefinition::id).toList());
        return "overview/department";
    }

    @GetMapping(path = "/api/v1/department/persons", produces = "application/json")
    @ResponseBody
    Map<String, Object> api(@RequestParam(required = false) List<String> source,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer minAge,
            @RequestParam(required = false) Integer maxAge, @RequestParam(required = false) String town,
            @RequestParam(required = false) String sort, @RequestParam(defaultValue = "1") int page,
            Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = new DepartmentList.Query(source, status, minAge, maxAge, town, sort, Math.max(1, page));
        DepartmentList.Page result = list.list(viewer, query, DepartmentList.PAGE_SIZE);
        record(viewer, AuditAction.SEARCH, query, result);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sources", result.sources().stream().map(SourceDefinition::id).toList());
        body.put("total", result.total());
        body.put("page", result.page());
        body.put("persons", result.rows());
        return body;
    }

    @GetMapping("/department/export.csv")
    void csv(@RequestParam(required = false) List<String> source, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            Authentication user, HttpServletResponse response) throws IOException {
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = new DepartmentList.Query(source, status, minAge, maxAge, town, sort, 1);
        DepartmentList.Page result = list.list(viewer, query, 0);
        record(viewer, AuditAction.EXPORT, query, result);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"department.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        writeCsvLine(out, header(result));
        for (DepartmentList.Row row : result.rows()) {
            writeCsvLine(out, cells(result, row));
        }
        out.flush();
    }

    @GetMapping("/department/export.xlsx")
    void xlsx(@RequestParam(required = false) List<String> source, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer minAge, @RequestParam(required = false) Integer maxAge,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            Authentication user, HttpServletResponse response) throws IOException {
        Viewer viewer = access.viewer(user.getName());
        DepartmentList.Query query = new DepartmentList.Query(source, status, minAge, maxAge, town, sort, 1);
        DepartmentList.Page result = list.list(viewer, query, 0);
        record(viewer, AuditAction.EXPORT, query, result);
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"department.xlsx\"");
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            Sheet sheet = workbook.createSheet("一覧");
            int r = 0;
            for (List<String> line : rowsWithHeader(result)) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < line.size(); c++) {
                    row.createCell(c).setCellValue(line.get(c) == null ? "" : line.get(c));
                }
            }
            OutputStream out = response.getOutputStream();
            workbook.write(out);
            out.flush();
        }
    }

    private List<List<String>> rowsWithHeader(DepartmentList.Page result) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header(result));
        result.rows().forEach(row -> lines.add(cells(result, row)));
        return lines;
    }

    private static List<String> header(DepartmentList.Page result) {
        List<String> header = new ArrayList<>(List.of("宛名番号", "氏名", "カナ氏名", "生年月日", "年齢", "住所", "状態"));
        result.sources().forEach(s -> header.add(s.name()));
        return header;
    }

    private static List<String> cells(DepartmentList.Page result, DepartmentList.Row row) {
        List<String> cells = new ArrayList<>(List.of(row.personKey(), nz(row.name()), nz(row.kana()), nz(row.birthDate()),
                row.age() == null ? "" : row.age().toString(), nz(row.address()), nz(row.status())));
        result.sources().forEach(s -> cells.add(nz(row.programs().get(s.id()))));
        return cells;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void writeCsvLine(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String cell = cells.get(i);
            if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0) {
                cell = "'" + cell; // a cell starting like a formula is not run by Excel
            }
            out.write('"');
            out.write(cell.replace("\"", "\"\""));
            out.write('"');
        }
        out.write("\r\n");
    }

    private void record(Viewer viewer, AuditAction action, DepartmentList.Query query, DepartmentList.Page result) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "department");
        detail.put("sources", String.join(",", result.sources().stream().map(SourceDefinition::id).toList()));
        detail.put("total", Long.toString(result.total()));
        if (action == AuditAction.EXPORT) {
            detail.put("rows", Integer.toString(result.rows().size()));
        }
        if (query.status() != null) {
            detail.put("status", query.status());
        }
        if (query.town() != null) {
            detail.put("town", query.town());
        }
        boolean flagged = result.rows().stream().anyMatch(DepartmentList.Row::supportMeasure);
        audit.record(new AuditEvent(viewer.username(), action, null, detail, flagged));
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<Map<String, String>> auditDown() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "アクセス記録を書けないため、表示・出力できません。管理者に連絡してください。"));
    }
}
