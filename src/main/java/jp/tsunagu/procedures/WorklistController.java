package jp.tsunagu.procedures;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.platform.TokyoTime;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * {@code /procedures}: the viewer's department's worklist of open procedure items (手続きの一覧), with
 * CSV and Excel exports of the same rows. Every list and export is written to the audit trail first.
 */
@Controller
@ConditionalOnWebApplication
class WorklistController {

    static final String[] COLUMNS = {"期限", "状況", "出来事", "出来事の日", "宛名番号", "氏名", "カナ氏名", "町丁目", "制度",
        "手続き", "期限切れ"};

    private final Worklist worklist;
    private final Procedures procedures;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final ProcedureRegistry registry;
    private final Departments departments;
    private final TokyoTime time;

    WorklistController(Worklist worklist, Procedures procedures, AccessPolicy access, AuditTrail audit, ProcedureRegistry registry,
            Departments departments, TokyoTime time) {
        this.worklist = worklist;
        this.procedures = procedures;
        this.access = access;
        this.audit = audit;
        this.registry = registry;
        this.departments = departments;
        this.time = time;
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/procedures")
    String page(@RequestParam(required = false) String when, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "1") int page, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        WorklistQuery query = new WorklistQuery(when, kind, town, sort, page);
        Procedures.WorklistPage result = procedures.worklist(viewer, query);
        record(viewer, AuditAction.SEARCH, query, result.rows().total().count());
        model.addAttribute("query", query);
        model.addAttribute("rows", result.rows());
        model.addAttribute("kinds", registry.kinds());
        model.addAttribute("today", result.day());
        model.addAttribute("department", viewer.departmentId() == null ? "(所属なし)"
                : Departments.of(departments.all(), viewer.departmentId()).name());
        model.addAttribute("counts", Map.of("today", result.today(), "overdue", result.overdue(), "week", result.week()));
        return "procedures/worklist";
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/procedures/export.csv")
    void csv(@RequestParam(required = false) String when, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            Authentication user, HttpServletResponse response) throws IOException {
        Viewer viewer = access.viewer(user.getName());
        ViewerAccess viewing = access.of(viewer);
        WorklistQuery query = new WorklistQuery(when, kind, town, sort, 1);
        Worklist.check(query);
        LocalDate today = time.today();
        record(viewer, AuditAction.EXPORT, query, worklist.count(viewer.departmentId(), query, today, viewing));
        response.setContentType("text/csv; charset=UTF-8");
        attachment(response, "手続きの一覧_" + today.toString().replace("-", "") + ".csv", "procedures-" + today + ".csv");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        out.write(String.join(",", COLUMNS) + "\r\n");
        worklist.forEach(viewer.departmentId(), query, today, viewing, row -> {
            try {
                String[] cells = cells(row);
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < cells.length; i++) {
                    line.append(i == 0 ? "" : ",").append(quote(cells[i]));
                }
                out.write(line.append("\r\n").toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.flush();
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/procedures/export.xlsx")
    void xlsx(@RequestParam(required = false) String when, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String town, @RequestParam(required = false) String sort,
            Authentication user, HttpServletResponse response) throws IOException {
        Viewer viewer = access.viewer(user.getName());
        ViewerAccess viewing = access.of(viewer);
        WorklistQuery query = new WorklistQuery(when, kind, town, sort, 1);
        Worklist.check(query);
        LocalDate today = time.today();
        record(viewer, AuditAction.EXPORT, query, worklist.count(viewer.departmentId(), query, today, viewing));
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        attachment(response, "手続きの一覧_" + today.toString().replace("-", "") + ".xlsx", "procedures-" + today + ".xlsx");
        try (SXSSFWorkbook book = new SXSSFWorkbook(200)) {
            Sheet sheet = book.createSheet("手続きの一覧");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.createDataFormat().getFormat("[$-411]ggge\"年\"m\"月\"d\"日\""));
            Row header = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.length; i++) {
                header.createCell(i).setCellValue(COLUMNS[i]);
                sheet.setColumnWidth(i, (i == 9 ? 36 : 16) * 256);
            }
            sheet.createFreezePane(0, 1);
            int[] n = {1};
            worklist.forEach(viewer.departmentId(), query, today, viewing, row -> {
                Row r = sheet.createRow(n[0]++);
                String[] cells = cells(row);
                for (int i = 0; i < cells.length; i++) {
                    LocalDate day = i == 0 ? row.item().dueOn() : i == 3 ? row.item().occurredOn() : null;
                    if (day != null) {
                        var cell = r.createCell(i);
                        cell.setCellValue(day);
                        cell.setCellStyle(date);
                    } else if (cells[i] != null) {
                        r.createCell(i).setCellValue(cells[i]);
                    }
                }
            });
            sheet.setAutoFilter(new org.apache.poi.ss.util.CellRangeAddress(0, Math.max(0, n[0] - 1), 0, COLUMNS.length - 1));
            OutputStream out = response.getOutputStream();
            book.write(out);
            out.flush();
        }
    }

    private static String[] cells(WorklistRow row) {
        ProcedureItem i = row.item();
        return new String[] {i.dueOn() == null ? "" : i.dueOn().toString(), i.status().label(), i.eventLabel(),
            i.occurredOn().toString(), i.personKey(), row.name(), row.kana(), row.town(), i.program(), i.name(),
            row.overdue() ? "期限切れ" : ""};
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static void attachment(HttpServletResponse response, String name, String ascii) {
        response.setHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private void record(Viewer viewer, AuditAction action, WorklistQuery q, long total) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("list", "手続きの一覧");
        detail.put("department", viewer.departmentId() == null ? "" : viewer.departmentId());
        detail.put("when", q.when());
        if (q.kind() != null) {
            detail.put("kind", q.kind());
        }
        if (q.town() != null) {
            detail.put("town", q.town());
        }
        detail.put("total", Long.toString(total));
        audit.record(new AuditEvent(viewer.username(), action, null, detail, false));
    }

    @ExceptionHandler(ItemChangeRefused.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String refused(ItemChangeRefused e, Model model) {
        model.addAttribute("message", e.getMessage());
        return "procedures/refused";
    }
}
