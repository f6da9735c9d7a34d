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
                   AND NOT (address_protected OR support_measure) ORDER BY person_key LIMIT 3""")
                .query(String.class).list();
        born = keys.stream().map(k -> jdbc.sql("SELECT birth_date FROM person WHERE person_key = :k").param("k", k)
                .query(LocalDate.class).single()).toList();
        imports.importFile(SOURCE, Files.writeString(dir.resolve("export.csv"), """
                宛名番号,番号,区分,終了日,金額
                %s,0000001,25,20260412,12345
                %s,0000002,21,20270131,
                %s,0000003,21,20260501,100
                %s,0000004,25,20280331,200
                """.formatted(keys.get(0), keys.get(1), keys.get(2), keys.get(2))), "test", "test");
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
