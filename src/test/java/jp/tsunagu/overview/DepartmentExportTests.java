package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.PageNumbers;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
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

/**
 * The department list's Excel file works as Excel and its CSV has a column per field (issue 13): read back
 * with Apache POI, a date is a date cell in 和暦 display, a number a number, the header is frozen and
 * filtered, the columns have widths, and the file is named after the department and the day.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-department-export")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DepartmentExportTests {

    static final String SOURCE = "export-test";
    static final String HEADER = "出力試験";

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
    @TempDir
    static Path dir;

    /** Three residents: one record each for the first two, two records for the third. */
    List<String> keys;
    List<LocalDate> born;

    @BeforeAll
    void city() throws Exception {
        SampleCity.importSmall(catalog, imports, jdbc, dir);
        catalog.register(SOURCE, """
                name: 出力試験
                program: 出力試験
                department: {id: x-export, name: 出力課, contact: 内線 0303}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号, 番号]
                holdShare: 1.0
                fields:
                  - {name: number, column: 番号, label: 被保険者番号}
                  - {name: level, column: 区分, label: 要介護度, type: code, codes: {"25": 要介護5, "21": 要介護1}}
                  - {name: valid_until, column: 終了日, label: 有効期間終了日, type: date, formats: [yyyyMMdd]}
                  - {name: amount, column: 金額, label: 月額, type: integer}
                """);
        accounts.saveDepartment("x-export", "出力課", "内線 0303");
        accounts.save("x-clerk", "出力 太郎", "pw-123456789", Role.CASEWORKER, "x-export");
        keys = jdbc.sql("""
                SELECT person_key FROM person WHERE status = '住民' AND birth_date IS NOT NULL
                   AND NOT (address_protected OR support_measure)
                 ORDER BY address ~ '[0-9一二三四五六七八九]丁目' DESC, person_key LIMIT 3""")
                .query(String.class).list();
        born = keys.stream().map(k -> jdbc.sql("SELECT birth_date FROM person WHERE person_key = :k").param("k", k)
                .query(LocalDate.class).single()).toList();
        imports.importFile(SOURCE, Files.writeString(dir.resolve("export.csv"), """
                宛名番号,番号,区分,終了日,金額
                %s,0000001,25,20260412,12345
                %s,0000002,21,%s,
                %s,0000003,21,20260501,100
                %s,0000004,25,20280331,200
                """.formatted(keys.get(0), keys.get(1), soon().format(DateTimeFormatter.BASIC_ISO_DATE), keys.get(2), keys.get(2))), "test", "test");
        SampleCity.awaitListeners(jdbc);
    }

    @Test
    void theExcelFileHasTypedCellsAFrozenFilteredHeaderWidthsAndADatedName() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/department/export.xlsx").with(user("x-clerk")))
                .andExpect(status().isOk()).andReturn().getResponse();
        String day = LocalDate.now(ZoneId.of("Asia/Tokyo")).format(DateTimeFormatter.BASIC_ISO_DATE);
        String disposition = java.net.URLDecoder.decode(response.getHeader("Content-Disposition"), StandardCharsets.UTF_8);
        assertThat(disposition).contains("課の一覧_出力課_" + day + ".xlsx").doesNotContain("department.xlsx");

        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(response.getContentAsByteArray()))) {
            XSSFSheet sheet = book.getSheetAt(0);
            List<String> header = texts(sheet.getRow(0));
            assertThat(header).containsExactly("宛名番号", "氏名", "カナ氏名", "生年月日", "年齢", "住所", "状態",
                    HEADER + ": 被保険者番号", HEADER + ": 要介護度", HEADER + ": 有効期間終了日", HEADER + ": 月額");
            assertThat(sheet.getLastRowNum()).as("a row per person, not per record").isEqualTo(3);

            Row first = row(sheet, keys.get(0));
            Cell birth = first.getCell(3);
            assertThat(birth.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(birth.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(born.get(0));
            assertThat(birth.getCellStyle().getDataFormatString()).isEqualTo(DepartmentExport.WAREKI_FORMAT)
                    .contains("ggge");
            Cell age = first.getCell(4);
            assertThat(age.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(age.getNumericCellValue())
                    .isEqualTo(JapaneseDates.age(born.get(0), LocalDate.now(ZoneId.of("Asia/Tokyo"))));
            assertThat(first.getCell(7).getStringCellValue()).as("an identifier stays text").isEqualTo("0000001");
            assertThat(first.getCell(8).getStringCellValue()).isEqualTo("要介護5");
            Cell until = first.getCell(9);
            assertThat(until.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(until.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2026, 4, 12));
            assertThat(until.getCellStyle().getDataFormatString()).isEqualTo(DepartmentExport.WAREKI_FORMAT);
            Cell amount = first.getCell(10);
            assertThat(amount.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(amount.getNumericCellValue()).isEqualTo(12345);
            assertThat(row(sheet, keys.get(1)).getCell(10)).as("no value, no cell content")
                    .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c.getCellType()).isEqualTo(CellType.BLANK));
            Cell two = row(sheet, keys.get(2)).getCell(8);
            assertThat(two.getStringCellValue()).as("two records of one person: a line each").isEqualTo("要介護1\n要介護5");
            for (Row r : sheet) {
                assertThat(texts(r)).as("no program joined in one cell").noneMatch(t -> t.contains(" / "));
            }

            assertThat(sheet.getPaneInformation()).isNotNull();
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).as("the header row frozen").isEqualTo((short) 1);
            assertThat(sheet.getPaneInformation().getVerticalSplitPosition()).isZero();
            assertThat(sheet.getCTWorksheet().getAutoFilter()).isNotNull();
            assertThat(sheet.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:K4");
            assertThat(sheet.getColumnWidth(5)).as("住所 wider than a number").isGreaterThan(sheet.getColumnWidth(4) * 3);
            assertThat(sheet.getColumnWidth(3)).as("生年月日 fits 和暦").isGreaterThanOrEqualTo(18 * 256);
        }
    }

    @Test
    void theCsvHasAColumnPerFieldInUtf8WithABomOrInShiftJis() throws Exception {
        MockHttpServletResponse utf8 = mvc.perform(get("/department/export.csv").with(user("x-clerk")))
                .andExpect(status().isOk()).andReturn().getResponse();
        byte[] bytes = utf8.getContentAsByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(utf8.getContentType()).startsWith("text/csv").endsWith("charset=UTF-8");
        String day = LocalDate.now(ZoneId.of("Asia/Tokyo")).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(java.net.URLDecoder.decode(utf8.getHeader("Content-Disposition"), StandardCharsets.UTF_8))
                .contains("課の一覧_出力課_" + day + ".csv");
        checkCsv(new String(bytes, StandardCharsets.UTF_8).substring(1));

        MockHttpServletResponse sjis = mvc.perform(get("/department/export.csv").param("charset", "Shift_JIS")
                .with(user("x-clerk"))).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(sjis.getContentType()).startsWith("text/csv").endsWith("charset=Shift_JIS");
        byte[] sjisBytes = sjis.getContentAsByteArray();
        assertThat(sjisBytes[0]).as("no BOM in Shift_JIS").isNotEqualTo((byte) 0xEF);
        checkCsv(new String(sjisBytes, Charset.forName("windows-31j")));

        String refused = mvc.perform(get("/department/export.csv").param("charset", "EBCDIC").with(user("x-clerk")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("文字コード (charset) は UTF-8 か Shift_JIS です").doesNotContain(keys.get(0));
    }

    /** Ten days from today: 期限間近. */
    static LocalDate soon() {
        return LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(10);
    }

    final tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();

    private tools.jackson.databind.JsonNode api(String query) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/department/persons?source=" + SOURCE + query).with(user("x-clerk")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static List<String> keysOf(tools.jackson.databind.JsonNode body) {
        List<String> found = new ArrayList<>();
        body.path("persons").forEach(p -> found.add(p.path("personKey").asString()));
        return found;
    }

    @Test
    void theListFiltersByAProgramsCodeAndDateFields() throws Exception {
        tools.jackson.databind.JsonNode care5 = api("&field=" + SOURCE + ":level&code=25");
        assertThat(care5.path("total").asLong()).isEqualTo(2);
        assertThat(keysOf(care5)).containsExactlyInAnyOrder(keys.get(0), keys.get(2)).doesNotContain(keys.get(1));
        tools.jackson.databind.JsonNode ending = api("&field=" + SOURCE + ":valid_until&from=2026-04-01&to=2026-04-30");
        assertThat(keysOf(ending)).containsExactly(keys.get(0));
        String html = page("/department?source=" + SOURCE + "&field=" + SOURCE + ":level&code=21", 200);
        assertThat(html).contains(keys.get(1)).contains(keys.get(2)).doesNotContain(keys.get(0));
        String export = mvc.perform(get("/department/export.csv?source=" + SOURCE + "&field=" + SOURCE + ":level&code=21")
                .with(user("x-clerk"))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(export).contains(keys.get(1)).doesNotContain(keys.get(0));
    }

    @Test
    void badProgramFiltersAndAReversedAgeRangeAreRefusedWithAMessage() throws Exception {
        for (var bad : java.util.Map.of(
                "&minAge=70&maxAge=65", "年齢の範囲が逆です (70歳〜65歳)。下限は上限以下にしてください",
                "&field=" + SOURCE + ":level&code=99", "要介護度 にコード 99 はありません",
                "&field=" + SOURCE + ":nothing&code=1", "絞り込む項目がありません: " + SOURCE + ":nothing",
                "&field=" + SOURCE + ":valid_until&from=2027-01-01&to=2026-01-01", "日付の範囲が逆です (2027-01-01 から 2026-01-01 まで)",
                "&field=" + SOURCE + ":valid_until&to=令和八年", "日付 (まで) を読めません: 令和八年。2026-04-12 の形で指定してください",
                "&code=25", "絞り込む制度の項目を選んでください").entrySet()) {
            String body = mvc.perform(get("/api/v1/department/persons?source=" + SOURCE + bad.getKey()).with(user("x-clerk")))
                    .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(json.readTree(body).path("error").asString()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(body).doesNotContain(keys.get(0));
            assertThat(page("/department?source=" + SOURCE + bad.getKey(), 400)).contains(bad.getValue())
                    .doesNotContain(keys.get(0));
        }
    }

    @Test
    void expiredAndSoonExpiringCertificationsAreFlagged() throws Exception {
        String html = page("/department?source=" + SOURCE, 200);
        assertThat(html).contains("期限切れ (有効期間終了日 令和8年4月12日)")
                .contains("期限間近 (有効期間終了日 " + JapaneseDates.wareki(soon()) + ")")
                .doesNotContain("令和10年3月31日)");
        tools.jackson.databind.JsonNode body = api("");
        for (tools.jackson.databind.JsonNode p : body.path("persons")) {
            String flags = p.path("expiries").path(SOURCE).toString();
            if (p.path("personKey").asString().equals(keys.get(1))) {
                assertThat(flags).contains("期限間近").doesNotContain("期限切れ");
            } else if (p.path("personKey").asString().equals(keys.get(0))) {
                assertThat(flags).contains("期限切れ").doesNotContain("期限間近");
            }
        }
    }

    @Test
    void aPageBeyondTheLastShowsTheLastWithANoteAndTheApiSaysWhereTheNextPageIs() throws Exception {
        String html = page("/department?source=" + SOURCE + "&page=99999", 200);
        assertThat(html).contains("99,999 ページはありません (全1ページ)。最後のページを表示しています。")
                .contains(keys.get(0)).contains("3人 (1 / 1 ページ)");
        tools.jackson.databind.JsonNode body = api("&page=99999");
        assertThat(body.path("page").asInt()).isEqualTo(1);
        assertThat(body.path("total").asLong()).isEqualTo(3);
        assertThat(body.path("pages").asInt()).isEqualTo(1);
        assertThat(body.path("next").isNull()).isTrue();
        assertThat(body.path("previous").isNull()).isTrue();
        assertThat(keysOf(body)).hasSize(3);
    }

    @Test
    void totalsAndPageNumbersHaveThousandsSeparators() {
        DepartmentList.Page page = new DepartmentList.Page(List.of(), PageNumbers.of(814, 50, 40_651).slice(List.of()), 814);
        assertThat(page.totalDisplay()).isEqualTo("40,651人");
        assertThat(DepartmentList.Page.grouped(page.rows().pages())).isEqualTo("814");
        assertThat(DepartmentList.Page.grouped(99_999)).isEqualTo("99,999");
        assertThat(page.slice(List.of()).next()).isNull();
        assertThat(new DepartmentList.Page(List.of(), PageNumbers.of(2, 50, 40_650).slice(List.of()), 2).slice(List.of()))
                .satisfies(s -> {
                    assertThat(s.next()).isEqualTo("3");
                    assertThat(s.previous()).isEqualTo("1");
                });
    }

    @Test
    void theTownFilterReadsKanjiNumeralsAsTheBlockNumber() throws Exception {
        String address = jdbc.sql("SELECT address FROM person WHERE person_key = :k").param("k", keys.get(0))
                .query(String.class).single();
        // the city writes 丁目 in kanji (入間川一丁目); the clerk types 入間川1丁目, and the other way round
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("狭山市([^\\d一二三四五六七八九]{1,6}?)([1-9一二三四五六七八九])丁目")
                .matcher(address);
        assertThat(m.find()).as("a resident with a 丁目 address: " + address).isTrue();
        String numerals = "〇一二三四五六七八九";
        int block = Character.isDigit(m.group(2).charAt(0)) ? Integer.parseInt(m.group(2)) : numerals.indexOf(m.group(2));
        String otherNotation = m.group(1) + (Character.isDigit(m.group(2).charAt(0)) ? numerals.charAt(block) : (char) ('0' + block)) + "丁目";
        assertThat(keysOf(api("&town=" + otherNotation)))
                .as(otherNotation + " finds " + address).contains(keys.get(0));
        String otherBlock = m.group(1) + (block % 9 + 1) + "丁目";
        assertThat(keysOf(api("&town=" + otherBlock)))
                .as(otherBlock + " is another block").doesNotContain(keys.get(0));
    }

    private String page(String url, int expected) throws Exception {
        return mvc.perform(get(url).with(user("x-clerk"))).andExpect(status().is(expected)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private void checkCsv(String text) {
        List<List<String>> lines = new ArrayList<>();
        de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(text).forEach(r -> lines.add(r.getFields()));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).containsExactly("宛名番号", "氏名", "カナ氏名", "生年月日", "年齢", "住所", "状態",
                HEADER + ": 被保険者番号", HEADER + ": 要介護度", HEADER + ": 有効期間終了日", HEADER + ": 月額");
        List<String> first = lines.stream().filter(l -> l.get(0).equals(keys.get(0))).findFirst().orElseThrow();
        assertThat(first).hasSize(11);
        assertThat(first.get(3)).isEqualTo(born.get(0).toString());
        assertThat(first.get(4)).matches("\\d+");
        assertThat(first.subList(7, 11)).containsExactly("0000001", "要介護5", "2026-04-12", "12345");
        assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(11).noneMatch(c -> c.contains(" / ")));
    }

    private static Row row(XSSFSheet sheet, String key) {
        for (Row r : sheet) {
            if (r.getCell(0) != null && key.equals(r.getCell(0).getStringCellValue())) {
                return r;
            }
        }
        throw new AssertionError("no row of " + key);
    }

    private static List<String> texts(Row row) {
        List<String> texts = new ArrayList<>();
        for (Cell c : row) {
            texts.add(c.getCellType() == CellType.STRING ? c.getStringCellValue() : "");
        }
        return texts;
    }
}
