package jp.tsunagu.insights;

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
import jp.tsunagu.printing.PdfAnswer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The statistics screen (統計, {@code /insights}): the dashboard with its charts and map, the tables as CSV and
 * xlsx, the A4 report for the 福祉部長's meeting, and the record of a saved chart. Every file is suppressed
 * and audited before it is answered; the charts are always drawn from suppressed figures, so that a saved
 * picture never carries a small cell.
 */
@Controller
@ConditionalOnWebApplication
class InsightsController {

    static final String FOOTNOTE = "「%d未満」は%d人未満の秘匿値です。合計から逆算できないよう、ほかの値も秘匿しています (二次秘匿)。";

    private final Dashboard dashboard;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final InsightsReport report;
    private final TokyoTime time;
    private final JsonMapper json = JsonMapper.builder().build();

    InsightsController(Dashboard dashboard, AccessPolicy access, AuditTrail audit, InsightsReport report,
            TokyoTime time) {
        this.dashboard = dashboard;
        this.access = access;
        this.audit = audit;
        this.report = report;
        this.time = time;
    }

    @GetMapping("/insights")
    String page(@RequestParam(required = false) String month, @RequestParam(required = false) Integer age,
            @RequestParam(required = false) String sex, @RequestParam(required = false) String town,
            @RequestParam(required = false) String household, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        Filter filter = InsightsRequest.filter(month, age, sex, town, household);
        if (filter.month() == null && dashboard.empty()) {
            return "insights/empty";
        }
        boolean exact = dashboard.exact(access.of(viewer));
        Dashboard.View view = dashboard.view(filter, !exact);
        Dashboard.View charts = exact ? dashboard.view(filter, true) : view;
        model.addAttribute("view", view);
        // inside a <script> element: no value (a town name is imported text) may close it
        model.addAttribute("chartData", json.writeValueAsString(ChartData.of(charts)).replace("<", "\\u003c"));
        model.addAttribute("filterText", InsightsRequest.describe(view.filter()));
        model.addAttribute("params", view.filter().params());
        model.addAttribute("towns", view.coverage().get(Dimension.TOWN).rows());
        model.addAttribute("byAge", view.coverage().get(Dimension.AGE_BAND));
        model.addAttribute("byHousehold", view.coverage().get(Dimension.HOUSEHOLD));
        model.addAttribute("bySex", view.coverage().get(Dimension.SEX));
        model.addAttribute("byTown", view.coverage().get(Dimension.TOWN));
        model.addAttribute("sexes", view.coverage().get(Dimension.SEX).rows());
        model.addAttribute("householdTypes", Dimension.HOUSEHOLD_TYPES);
        model.addAttribute("footnote", FOOTNOTE.formatted(view.threshold(), view.threshold()));
        model.addAttribute("asOf", TokyoTime.minutes(view.period().asOf().toInstant()));
        return "insights/dashboard";
    }

    /** One table as CSV or xlsx, always suppressed, recorded in the audit trail before it is answered. */
    @GetMapping("/insights/export")
    ResponseEntity<byte[]> export(@RequestParam String table, @RequestParam(required = false) String by,
            @RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) String month,
            @RequestParam(required = false) Integer age, @RequestParam(required = false) String sex,
            @RequestParam(required = false) String town, @RequestParam(required = false) String household,
            Authentication user) {
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw new InsightsInputException("形式 (format) は csv か xlsx です: " + format);
        }
        Filter asked = InsightsRequest.filter(month, age, sex, town, household);
        Dashboard.View view = dashboard.view(asked, true);
        String described = InsightsRequest.describe(view.filter());
        ExportTable export = switch (table) {
            case "coverage" -> ExportTable.coverage(view.coverage().get(Dimension.of(by)), described);
            case "pairs" -> ExportTable.pairs(view.overlaps(), described);
            case "combinations" -> ExportTable.combinations(view.overlaps(), described);
            case "trends" -> ExportTable.trends(view.trends(), described);
            default -> throw new InsightsInputException(
                    "表 (table) は coverage, pairs, combinations, trends のどれかです: " + table);
        };
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "insights.export");
        detail.put("table", table);
        detail.put("format", format);
        if (table.equals("coverage")) {
            detail.put("by", Dimension.of(by).param());
        }
        detail.putAll(view.filter().params());
        audit.record(AuditEvent.of(user.getName(), AuditAction.EXPORT, detail));
        String name = "統計_" + table + "_" + view.filter().month().toString().substring(0, 7) + "." + format;
        byte[] body = format.equals("csv") ? ExportFiles.csv(export, footnote())
                : ExportFiles.xlsx(export, footnote());
        MediaType type = format.equals("csv") ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                : MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    /** The A4 report for the 福祉部長's meeting (福祉部長会議資料), suppressed, audited. */
    @GetMapping("/insights/report.pdf")
    ResponseEntity<byte[]> pdf(@RequestParam(required = false) String month, @RequestParam(required = false) Integer age,
            @RequestParam(required = false) String sex, @RequestParam(required = false) String town,
            @RequestParam(required = false) String household, Authentication user) {
        Dashboard.View view = dashboard.view(InsightsRequest.filter(month, age, sex, town, household), true);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "insights.report");
        detail.putAll(view.filter().params());
        audit.record(AuditEvent.of(user.getName(), AuditAction.EXPORT, detail));
        return PdfAnswer.inline(report.print(view), "統計_" + view.filter().month().toString().substring(0, 7) + ".pdf");
    }

    /**
     * A chart is being saved as a picture (PNG or SVG, drawn in the browser from the suppressed figures):
     * recorded first; the page saves the picture only after this answers.
     */
    @PostMapping("/insights/charts/saved")
    @ResponseBody
    ResponseEntity<Void> chartSaved(@RequestParam String chart, @RequestParam(defaultValue = "png") String format,
            @RequestParam(required = false) String month, @RequestParam(required = false) Integer age,
            @RequestParam(required = false) String sex, @RequestParam(required = false) String town,
            @RequestParam(required = false) String household, Authentication user) {
        if (!List.of("coverage", "towns", "pairs", "combinations", "trends", "map", "freshness").contains(chart)) {
            throw new InsightsInputException("グラフ (chart) が正しくありません: " + chart);
        }
        if (!format.equals("png") && !format.equals("svg")) {
            throw new InsightsInputException("形式 (format) は png か svg です: " + format);
        }
        Filter filter = InsightsRequest.filter(month, age, sex, town, household);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "insights.chart");
        detail.put("chart", chart);
        detail.put("format", format);
        detail.putAll(filter.params());
        audit.record(AuditEvent.of(user.getName(), AuditAction.EXPORT, detail));
        return ResponseEntity.noContent().build();
    }

    private String footnote() {
        return FOOTNOTE.formatted(dashboard.threshold(), dashboard.threshold()) + " 出力: " + time.nowText();
    }
}
