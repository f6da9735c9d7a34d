package jp.tsunagu.hostile;

import static jp.tsunagu.hostile.HostileCity.BIDI;
import static jp.tsunagu.hostile.HostileCity.CLERK;
import static jp.tsunagu.hostile.HostileCity.CMD;
import static jp.tsunagu.hostile.HostileCity.FUKUSHI;
import static jp.tsunagu.hostile.HostileCity.HYPERLINK;
import static jp.tsunagu.hostile.HostileCity.IMG;
import static jp.tsunagu.hostile.HostileCity.ISOLATE;
import static jp.tsunagu.hostile.HostileCity.JS_LINK;
import static jp.tsunagu.hostile.HostileCity.MINUS;
import static jp.tsunagu.hostile.HostileCity.PROGRAM;
import static jp.tsunagu.hostile.HostileCity.RESIDENTS;
import static jp.tsunagu.hostile.HostileCity.SCRIPT;
import static jp.tsunagu.hostile.HostileCity.SHIMIN;
import static jp.tsunagu.hostile.HostileCity.SVG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.SpreadsheetCells;
import jp.tsunagu.platform.VisibleText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile values from departmental exports (issue 19, point 7) pass through import, screens, JSON, CSV, xlsx
 * and PDF harmlessly: every HTML page that shows them has them as text and no element, attribute or URL they
 * would make (parsed as a browser parses it), a bidi override is shown as {@code [U+202E]}; JSON carries them
 * exactly as imported; CSV and xlsx neutralise formulas (OWASP) while a typed number stays a number; PDF text
 * (PDFBox) has them as text with the override visible.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-hostile-values")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileValuesTests {

    static final String AUDITOR = "hostile-kansa";
    static final String SHOWN_BIDI = "狭山[U+202E]txt.exe";
    static final String SHOWN_ISOLATE = "入間[U+2067]川[U+2069][U+200B][U+200E][U+200F][U+061C]";
    static final String NUMBER = "-?\\d+(\\.\\d+)?";

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @TempDir
    static Path dir;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void city() throws Exception {
        HostileCity.build(catalog, imports, jdbc, accounts, dir);
        accounts.saveDepartment("somu", "総務課", "内線 1100");
        accounts.save(AUDITOR, "監査 試験", HostileCity.PASSWORD, Role.AUDITOR, "somu");
        for (HostileCity.Resident r : RESIDENTS) {
            mvc.perform(post("/evacuation/requests").param("personKey", r.key()).param("requestedOn", "2026-11-01")
                    .with(user(FUKUSHI)).with(csrf())).andExpect(status().is3xxRedirection());
            mvc.perform(post("/evacuation/persons/" + r.key() + "/consent").param("purpose", "MINSEI")
                    .param("answer", "AGREED").param("answeredOn", "2026-11-20").param("method", "POST")
                    .with(user(FUKUSHI)).with(csrf())).andExpect(status().is3xxRedirection());
        }
    }

    @Test
    void theImportKeptEveryValueAsTheDepartmentSentIt() {
        for (HostileCity.Resident r : RESIDENTS) {
            var stored = jdbc.sql("SELECT name, address FROM person WHERE person_key = :k").param("k", r.key())
                    .query().singleRow();
            assertThat(stored.get("name")).isEqualTo(r.name());
            assertThat(stored.get("address")).isEqualTo(r.address());
        }
    }

    @Test
    void searchResultsShowEveryHostileNameAndAddressAsTextAndTheJsonCarriesThemAsData() throws Exception {
        HtmlShape page = html(get("/search").param("q", "テキタイ"), CLERK);
        assertThat(page.text()).contains(SCRIPT, IMG, HYPERLINK, CMD + " " + SVG, SHOWN_BIDI);
        assertThat(page.text()).contains("埼玉県狭山市入間川一丁目1番1号" + IMG, "埼玉県狭山市入間川一丁目4番4号" + SHOWN_ISOLATE);

        Set<String> values = jsonStrings(get("/api/v1/persons").param("q", "テキタイ"), CLERK);
        for (HostileCity.Resident r : RESIDENTS) {
            assertThat(values).as("JSON carries the value as imported").contains(r.name());
            assertThat(String.join("\n", values)).contains(r.address(), r.katagaki());
        }
        assertThat(String.join("\n", values)).doesNotContain("[U+202E]");
    }

    @Test
    void eachPersonOverviewShowsTheHostileValuesAsTextAndItsJsonAsData() throws Exception {
        for (HostileCity.Resident r : RESIDENTS) {
            HtmlShape page = html(get("/persons/" + r.key()), CLERK);
            assertThat(page.text()).as(r.key()).contains(VisibleText.visible(r.name()), VisibleText.visible(r.address()),
                    VisibleText.visible(r.katagaki()), VisibleText.visible(r.memo().strip()), VisibleText.visible(r.link()));
            Set<String> values = jsonStrings(get("/api/v1/persons/" + r.key() + "/overview"), CLERK);
            assertThat(values).as(r.key()).contains(r.name(), r.link());
            assertThat(String.join("\n", values)).as(r.key()).contains(r.address(), r.katagaki())
                    .doesNotContain("[U+");
        }
    }

    @Test
    void theDepartmentListShowsTheHostileValuesAsTextAndItsJsonAsData() throws Exception {
        HtmlShape page = html(get("/department").param("source", PROGRAM), CLERK);
        assertThat(page.text()).contains(SCRIPT, IMG, HYPERLINK, SHOWN_BIDI, CMD + " " + SVG,
                "埼玉県狭山市入間川一丁目3番3号" + MINUS);
        Set<String> values = jsonStrings(get("/api/v1/department/persons").param("source", PROGRAM), CLERK);
        assertThat(values).contains(SCRIPT, IMG, HYPERLINK, BIDI, JS_LINK);
    }

    @Test
    void theDepartmentCsvQuotesEveryFormulaAndKeepsTheTypedNumberANumber() throws Exception {
        List<List<String>> rows = csv(get("/department/export.csv").param("source", PROGRAM), CLERK);
        List<String> header = rows.get(0);
        int name = header.indexOf("氏名");
        int memo = header.indexOf("敵対値制度: 備考");
        int amount = header.indexOf("敵対値制度: 月額");
        assertThat(List.of(name, memo, amount)).doesNotContain(-1);
        assertNeutral(rows);
        List<String> third = row(rows, "9300000003");
        assertThat(third.get(name)).isEqualTo("'" + HYPERLINK);
        assertThat(third.get(memo)).isEqualTo("'" + MINUS);
        assertThat(row(rows, "9300000001").get(memo)).isEqualTo("'" + HYPERLINK);
        assertThat(row(rows, "9300000002").get(memo)).isEqualTo("'" + CMD);
        assertThat(row(rows, "9300000005").get(name)).isEqualTo("'" + CMD + " " + SVG);
        for (HostileCity.Resident r : RESIDENTS) {
            assertThat(row(rows, r.key()).get(amount)).as("a typed number stays a number").isEqualTo("-1");
        }
        assertThat(row(rows, "9300000002").get(name)).as("markup is text, untouched").isEqualTo(IMG);
        assertThat(row(rows, "9300000004").get(name)).as("the stored value, not the screen's").isEqualTo(BIDI);
    }

    @Test
    void theDepartmentXlsxHasFormulasAsQuotePrefixedStringsAndTheNumberAsANumber() throws Exception {
        try (XSSFWorkbook book = xlsx(get("/department/export.xlsx").param("source", PROGRAM), CLERK)) {
            assertNeutral(book);
            Sheet sheet = book.getSheetAt(0);
            List<String> header = texts(sheet.getRow(0));
            int amount = header.indexOf("敵対値制度: 月額");
            int name = header.indexOf("氏名");
            Row third = xlsxRow(sheet, "9300000003");
            assertThat(third.getCell(name).getCellType()).isEqualTo(CellType.STRING);
            assertThat(third.getCell(name).getStringCellValue()).as("kept as imported").isEqualTo(HYPERLINK);
            assertThat(third.getCell(name).getCellStyle().getQuotePrefixed()).isTrue();
            for (HostileCity.Resident r : RESIDENTS) {
                Cell cell = xlsxRow(sheet, r.key()).getCell(amount);
                assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(cell.getNumericCellValue()).isEqualTo(-1);
            }
        }
    }

    @Test
    void theWorklistShowsTheMovedInHostileResidentsAsTextAndItsExportsNeutraliseFormulas() throws Exception {
        HtmlShape page = html(get("/procedures").param("when", "all"), SHIMIN);
        assertThat(page.text()).contains(SCRIPT, IMG, HYPERLINK, SHOWN_BIDI, CMD + " " + SVG);

        List<List<String>> rows = csv(get("/procedures/export.csv").param("when", "all"), SHIMIN);
        assertNeutral(rows);
        int name = rows.get(0).indexOf("氏名");
        assertThat(row(rows, "9300000003").get(name)).isEqualTo("'" + HYPERLINK);
        assertThat(row(rows, "9300000001").get(name)).isEqualTo(SCRIPT);
        try (XSSFWorkbook book = xlsx(get("/procedures/export.xlsx").param("when", "all"), SHIMIN)) {
            assertNeutral(book);
            assertThat(allStrings(book)).contains(HYPERLINK, CMD + " " + SVG, SCRIPT, BIDI);
        }
        String sheet = pdf(get("/procedures/persons/9300000004/sheet.pdf"), SHIMIN);
        assertThat(sheet).contains("[U+202E]txt.exe").doesNotContain("\u202E");
        assertThat(pdf(get("/procedures/persons/9300000001/sheet.pdf"), SHIMIN).replace("\n", "")).contains(SCRIPT);
    }

    @Test
    void theEvacuationListPagesMapExportsAndPdfsKeepTheHostileValuesHarmless() throws Exception {
        // the district's list pages (in kana order, the テキタイ residents side by side): read up to their page
        StringBuilder district = new StringBuilder();
        for (int page = 1; page <= 10 && !List.of(SCRIPT, IMG, HYPERLINK, SHOWN_BIDI).stream()
                .allMatch(district.toString()::contains); page++) {
            district.append(html(get("/evacuation/districts/irumagawa").param("page", Integer.toString(page)), FUKUSHI)
                    .text());
        }
        assertThat(district.toString()).contains(SCRIPT, IMG, HYPERLINK, SHOWN_BIDI);
        HtmlShape person = html(get("/evacuation/persons/9300000004"), FUKUSHI);
        assertThat(person.text()).contains(SHOWN_BIDI, SHOWN_ISOLATE);
        HtmlShape map = html(get("/evacuation/map").param("district", "irumagawa"), FUKUSHI);
        String data = map.attributes().stream().filter(a -> a.name().equals("data-map")).findFirst().orElseThrow().value();
        Set<String> mapValues = new TreeSet<>();
        strings(json.readTree(data), mapValues);
        assertThat(mapValues).as("the map's names are data for the script, shown visibly").contains(SCRIPT, SHOWN_BIDI);

        Set<String> api = jsonStrings(get("/api/v1/evacuation/persons").param("district", "irumagawa"), FUKUSHI);
        assertThat(api).contains(SCRIPT, BIDI);

        try (XSSFWorkbook mailing = xlsx(get("/evacuation/consent/mailing.xlsx"), FUKUSHI)) {
            assertNeutral(mailing);
        }
        MockHttpServletResponse handover = mvc.perform(post("/evacuation/handovers").param("district", "irumagawa")
                .param("purpose", "MINSEI").param("recipient", "民生委員 " + HYPERLINK).param("format", "xlsx")
                .with(user(FUKUSHI)).with(csrf())).andExpect(status().isOk()).andReturn().getResponse();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(handover.getContentAsByteArray()))) {
            assertNeutral(book);
            assertThat(allStrings(book)).contains(HYPERLINK, CMD + " " + SVG, SCRIPT, BIDI);
        }
        MockHttpServletResponse printed = mvc.perform(post("/evacuation/handovers").param("district", "irumagawa")
                .param("purpose", "MINSEI").param("recipient", "民生委員 印刷").param("format", "pdf")
                .with(user(FUKUSHI)).with(csrf())).andExpect(status().isOk()).andReturn().getResponse();
        String text = pdfText(printed.getContentAsByteArray());
        // a table cell wraps a long name beside its row's other cells: the parts, as text
        assertThat(text).contains("[U+202E]", "=HYPERLINK(", "<script>", "onerror=").doesNotContain("\u202E");
    }

    @Test
    void aConsultationAboutAHostileNamedPersonShowsTheNameAndTheTypedAccountAsText() throws Exception {
        String receivedAt = java.time.LocalDateTime.now(jp.tsunagu.platform.TokyoTime.ZONE).minusHours(1)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        MockHttpServletResponse made = mvc.perform(post("/consultations").with(user(CLERK)).with(csrf())
                .param("receivedAt", receivedAt).param("channel", "PHONE").param("caller", "NEIGHBOUR")
                .param("category", "care").param("urgency", "URGENT").param("persons", "9300000004")
                .param("account", "近所から " + SCRIPT + " " + IMG)).andReturn().getResponse();
        assertThat(made.getStatus()).isEqualTo(302);
        HtmlShape record = html(get(made.getRedirectedUrl()), CLERK);
        assertThat(record.text()).contains(SHOWN_BIDI, "近所から " + SCRIPT + " " + IMG);
        assertThat(html(get("/consultations"), CLERK).text()).contains(SHOWN_BIDI);
        assertThat(html(get("/consultations/board"), CLERK).text()).contains(SHOWN_BIDI);
        assertThat(pdf(get("/consultations/board.pdf"), CLERK)).contains("[U+202E]").doesNotContain("\u202E");
    }

    @Test
    void theAuditCsvQuotesAFormulaTypedAsAUserIdAtLogin() throws Exception {
        mvc.perform(post("/login").param("username", HYPERLINK).param("password", "wrong-password").with(csrf()));
        List<List<String>> rows = csvAs(get("/audit/events.csv"), user(AUDITOR).roles("AUDITOR"));
        assertNeutral(rows);
        assertThat(rows.stream().flatMap(List::stream)).contains("'" + HYPERLINK).doesNotContain(HYPERLINK);
    }

    /** Every route that answers CSV or xlsx is asked by a test of this class: a new export is checked here too. */
    @Test
    void everyCsvAndXlsxRouteOfTheApplicationIsAskedHere() {
        Set<String> asked = Set.of("/department/export.csv", "/department/export.xlsx", "/procedures/export.csv",
                "/procedures/export.xlsx", "/evacuation/consent/mailing.xlsx", "/evacuation/handovers",
                "/audit/events.csv");
        Set<String> exports = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                boolean file = path.endsWith(".csv") || path.endsWith(".xlsx");
                boolean produces = info.getProducesCondition().getProducibleMediaTypes().stream()
                        .anyMatch(m -> m.toString().contains("csv") || m.toString().contains("spreadsheetml"));
                if (file || produces) {
                    exports.add(path);
                }
            }
        }
        exports.add("/evacuation/handovers");
        assertThat(asked).as("CSV and xlsx routes this class does not ask (add them to a test here)")
                .containsAll(exports);
        assertThat(exports).as("routes asked here that the application no longer has").containsAll(asked);
    }

    @Test
    void pagesAnswerWithAStrictContentSecurityPolicy() throws Exception {
        for (String path : List.of("/persons/9300000001", "/search?q=テキタイ", "/department?source=" + PROGRAM)) {
            String policy = mvc.perform(get(path).with(user(CLERK))).andExpect(status().isOk()).andReturn().getResponse()
                    .getHeader("Content-Security-Policy");
            assertThat(policy).as(path).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                    "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
        }
    }

    // ---- reading the answers

    private HtmlShape html(MockHttpServletRequestBuilder request, String username) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(username))).andExpect(status().isOk())
                .andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("text/html");
        HtmlShape shape = HtmlShape.parse(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(shape.problems()).as("what the hostile values made of the page").isEmpty();
        assertThat(shape.text()).as("no invisible format character shown as is")
                .matches(t -> VisibleText.firstShown(t) < 0, "has no invisible format character");
        assertThat(shape.attributes().stream().filter(a -> !a.name().equals("value")))
                .allMatch(a -> VisibleText.firstShown(a.value()) < 0, "no invisible format character in an attribute");
        return shape;
    }

    private Set<String> jsonStrings(MockHttpServletRequestBuilder request, String username) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(username)).accept("application/json"))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("application/json");
        Set<String> values = new TreeSet<>();
        strings(json.readTree(response.getContentAsString(StandardCharsets.UTF_8)), values);
        return values;
    }

    private static void strings(JsonNode node, Set<String> into) {
        if (node.isString()) {
            into.add(node.asString());
        }
        node.forEach(child -> strings(child, into));
    }

    private List<List<String>> csv(MockHttpServletRequestBuilder request, String username) throws Exception {
        return csvAs(request, user(username));
    }

    private List<List<String>> csvAs(MockHttpServletRequestBuilder request, RequestPostProcessor who) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(who)).andExpect(status().isOk()).andReturn()
                .getResponse();
        assertThat(response.getContentType()).startsWith("text/csv");
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        body = body.startsWith("\uFEFF") ? body.substring(1) : body;
        List<List<String>> rows = new ArrayList<>();
        for (CsvRecord record : CsvReader.builder().ofCsvRecord(body)) {
            rows.add(record.getFields());
        }
        return rows;
    }

    private XSSFWorkbook xlsx(MockHttpServletRequestBuilder request, String username) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(username))).andExpect(status().isOk())
                .andReturn().getResponse();
        assertThat(response.getContentType()).contains("spreadsheetml");
        return new XSSFWorkbook(new ByteArrayInputStream(response.getContentAsByteArray()));
    }

    private String pdf(MockHttpServletRequestBuilder request, String username) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(username))).andExpect(status().isOk())
                .andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("application/pdf");
        return pdfText(response.getContentAsByteArray());
    }

    private static String pdfText(byte[] bytes) throws Exception {
        try (var document = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(document);
        }
    }

    /** Every CSV cell is a number or text that does not start like a formula. */
    private static void assertNeutral(List<List<String>> rows) {
        assertThat(rows.size()).as("a header and rows").isGreaterThan(1);
        for (List<String> row : rows) {
            for (String cell : row) {
                assertThat(!SpreadsheetCells.formulaLike(cell) || cell.matches(NUMBER)).as("CSV cell %s", cell).isTrue();
            }
        }
    }

    /** No cell of any sheet is a formula, and every string cell that reads like one carries the quote prefix. */
    private static void assertNeutral(XSSFWorkbook book) {
        int strings = 0;
        for (Sheet sheet : book) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertThat(cell.getCellType()).as("%s!%s", sheet.getSheetName(), cell.getAddress())
                            .isNotEqualTo(CellType.FORMULA);
                    if (cell.getCellType() == CellType.STRING) {
                        strings++;
                        if (SpreadsheetCells.formulaLike(cell.getStringCellValue())) {
                            assertThat(cell.getCellStyle().getQuotePrefixed()).as("%s!%s %s", sheet.getSheetName(),
                                    cell.getAddress(), cell.getStringCellValue()).isTrue();
                        }
                    }
                }
            }
        }
        assertThat(strings).isPositive();
    }

    private static List<String> row(List<List<String>> rows, String key) {
        return rows.stream().filter(r -> r.contains(key)).findFirst().orElseThrow(() -> new AssertionError("no row " + key));
    }

    private static Row xlsxRow(Sheet sheet, String key) {
        for (Row r : sheet) {
            if (texts(r).contains(key)) {
                return r;
            }
        }
        throw new AssertionError("no row " + key);
    }

    private static List<String> texts(Row row) {
        List<String> texts = new ArrayList<>();
        for (Cell c : row) {
            texts.add(c.getCellType() == CellType.STRING ? c.getStringCellValue() : "");
        }
        return texts;
    }

    private static List<String> allStrings(XSSFWorkbook book) {
        List<String> all = new ArrayList<>();
        for (Sheet sheet : book) {
            for (Row row : sheet) {
                all.addAll(texts(row));
            }
        }
        return all;
    }
}
