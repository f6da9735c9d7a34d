package jp.tsunagu.evacuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.japanese.JapaneseDates;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Handing lists over (名簿情報の提供) on the sample city, through the screens: consent per purpose decides who is
 * on which list, a list carries the statutory items and nothing else (read back from the xlsx), the next list
 * to the same recipient says who was added, removed and changed, a 支援措置 person is never on one, and in
 * disaster mode a list is given without consent and recorded as such.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-evacuation-handover")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoverTests {

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
    ListRecompute recompute;
    @Autowired
    Disasters disasters;
    @TempDir
    static Path dir;

    @BeforeAll
    void city() {
        SampleCity.started(catalog, imports, jdbc, accounts, dir)
                .staff("h-clerk", "福祉 花子", Role.CASEWORKER, "fukushi", "福祉課", "内線 2100")
                .staff("h-admin", "危機 管理", Role.ADMIN, "kikikanri", "危機管理課", "内線 3100")
                .staff("h-other", "子供 課員", Role.CASEWORKER, "kodomo-x", "こども課", "内線 2400");
        recompute.recompute("試験");
    }

    @AfterEach
    void noDisasterLeftOpen() {
        disasters.current().ifPresent(d -> disasters.end("h-admin"));
    }

    @Test
    void consentForOnePurposeDecidesWhoIsOnThatPurposesListOnly() throws Exception {
        String district = busiestDistrict();
        List<Map<String, Object>> fresh = unaskedIn(district, 3);
        String a = key(fresh.get(0));
        String b = key(fresh.get(1));
        String c = key(fresh.get(2));
        consent(a, "MINSEI", "AGREED");
        consent(b, "MINSEI", "REFUSED");
        consent(b, "FIRE", "AGREED");

        List<String> minsei = names(give(district, "MINSEI", "民生委員 " + System.nanoTime()), 0);
        List<String> fire = names(give(district, "FIRE", "狭山消防署 " + System.nanoTime()), 0);

        assertThat(minsei).contains(name(a)).doesNotContain(name(b), name(c));
        assertThat(fire).contains(name(b)).doesNotContain(name(a), name(c));
        assertThat(jdbc.sql("SELECT count(*) FROM evac_handover WHERE district_id = :d AND NOT without_consent")
                .param("d", district).query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aListCarriesTheStatutoryItemsAndNothingElse() throws Exception {
        String district = busiestDistrict();
        List<Map<String, Object>> fresh = unaskedIn(district, 2);
        for (Map<String, Object> p : fresh) {
            consent(key(p), "SHAKYO", "AGREED");
        }

        XSSFWorkbook book = give(district, "SHAKYO", "社会福祉協議会 " + System.nanoTime());
        Sheet sheet = book.getSheetAt(0);
        List<String> header = cells(sheet.getRow(3));
        assertThat(header).containsExactly("番号", "氏名", "生年月日", "性別", "住所又は居所", "電話番号その他の連絡先",
                "避難支援等を必要とする事由");
        String all = String.join("\n", allCells(book));
        assertThat(all).contains("取扱注意");
        assertThat(sheet.getHeader().getCenter()).contains("取扱注意");
        assertThat(sheet.getFooter().getCenter()).isEqualTo("&P / &N");
        assertThat(sheet.getPrintSetup().getLandscape()).isTrue();
        for (Map<String, Object> p : fresh) {
            Map<String, Object> person = person(key(p));
            List<String> row = rowOf(sheet, (String) person.get("name"));
            assertThat(row).as("the row of %s", person.get("name")).hasSize(7);
            assertThat(row.get(2)).isEqualTo(JapaneseDates.warekiWithYear(((java.sql.Date) person.get("birth_date")).toLocalDate()));
            assertThat(row.get(3)).isEqualTo(person.get("sex"));
            assertThat(row.get(4)).startsWith((String) person.get("address"));
            assertThat(row.get(6)).isNotBlank();
            assertThat(all).as("what is not a statutory item").doesNotContain(key(p), (String) person.get("kana"));
        }
        assertThat(all).doesNotContain("care_level", "要介護度", "宛名番号", "カナ");
    }

    @Test
    void aPdfListIsA4LandscapeHandledWithCareAndCarriesTheStatutoryItemsOnly() throws Exception {
        String district = busiestDistrict();
        List<Map<String, Object>> fresh = unaskedIn(district, 2);
        for (Map<String, Object> p : fresh) {
            consent(key(p), "MINSEI", "AGREED");
        }
        String recipient = "民生委員 印刷 " + System.nanoTime();
        byte[] body = mvc.perform(post("/evacuation/handovers").param("district", district).param("purpose", "MINSEI")
                .param("recipient", recipient).param("format", "pdf").with(user("h-clerk")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();

        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(body)) {
            var box = pdf.getPage(0).getMediaBox();
            assertThat(box.getWidth()).as("landscape").isGreaterThan(box.getHeight());
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replace(" ", "").replace("\u3000", "");
            assertThat(text).contains("取扱注意", "避難行動要支援者名簿", recipient.replace(" ", ""), "1/" + pdf.getNumberOfPages(),
                    "氏名", "生年月日", "性別", "住所又は居所", "避難支援等を必要とする事由");
            String districtName = new EvacuationSetupHolder().name(district);
            assertThat(text).contains(districtName);
            for (Map<String, Object> p : fresh) {
                Map<String, Object> person = person(key(p));
                assertThat(text).contains(((String) person.get("name")).replace(" ", "").replace("\u3000", ""));
                assertThat(text).doesNotContain(key(p), ((String) person.get("kana")).replace(" ", ""));
            }
            assertThat(text).doesNotContain("宛名番号", "要介護度", "カナ");
        }
        assertThat(jdbc.sql("SELECT format FROM evac_handover WHERE recipient = :r").param("r", recipient)
                .query(String.class).single()).isEqualTo("pdf");
    }

    /** The district names as the shipped sample configuration has them. */
    static final class EvacuationSetupHolder {
        String name(String district) {
            return EvacuationSetup.load(Path.of("target/no-such-folder")).district(district).orElseThrow().name();
        }
    }

    @Test
    void theNextListToTheSameRecipientSaysWhoWasAddedRemovedAndChanged() throws Exception {
        String district = busiestDistrict();
        List<Map<String, Object>> fresh = unaskedIn(district, 3);
        String a = key(fresh.get(0));
        String b = key(fresh.get(1));
        String c = key(fresh.get(2));
        String recipient = "自治会長 " + System.nanoTime();
        consent(a, "JISHUBO", "AGREED");
        consent(b, "JISHUBO", "AGREED");
        XSSFWorkbook first = give(district, "JISHUBO", recipient);
        assertThat(allCells(first.getSheetAt(1))).contains("この提供先への初めての提供です (全員が追加)");

        consent(a, "JISHUBO", "REFUSED");
        consent(c, "JISHUBO", "AGREED");
        boolean alreadyRequested = reasons(b).contains("本人からの申出");
        if (!alreadyRequested) {
            mvc.perform(post("/evacuation/requests").param("personKey", b).param("requestedOn", "2026-11-01")
                    .with(user("h-clerk")).with(csrf())).andExpect(status().is3xxRedirection());
        }
        XSSFWorkbook second = give(district, "JISHUBO", recipient);

        Sheet diff = second.getSheetAt(1);
        assertThat(diff.getSheetName()).isEqualTo("前回からの変更");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 2; i <= diff.getLastRowNum(); i++) {
            rows.add(cells(diff.getRow(i)));
        }
        assertThat(rows).contains(List.of("追加", name(c)), List.of("削除", name(a)));
        assertThat(rows).contains(List.of("変更", name(b), "避難支援等を必要とする事由"));
        assertThat(rows).hasSize(3);
    }

    @Test
    void aSupportMeasurePersonIsNeverOnAListThatLeavesNorOnTheMailingList() throws Exception {
        Map<String, Object> victim = jdbc.sql("""
                SELECT p.person_key, p.name FROM person p
                 WHERE p.support_measure AND p.status = '住民' AND p.address LIKE '埼玉県狭山市%'
                 ORDER BY p.person_key LIMIT 1""").query().singleRow();
        String key = key(victim);
        mvc.perform(post("/evacuation/requests").param("personKey", key).param("requestedOn", "令和8年11月1日")
                .with(user("h-clerk")).with(csrf())).andExpect(status().is3xxRedirection());
        consent(key, "POLICE", "AGREED");
        String district = jdbc.sql("SELECT district_id FROM evac_person WHERE person_key = :k").param("k", key)
                .query(String.class).single();
        assertThat(district).as("the person is on the list, placed in a district").isNotNull();

        assertThat(names(give(district, "POLICE", "狭山警察署 " + System.nanoTime()), 0)).doesNotContain((String) victim.get("name"));
        assertThat(String.join("\n", allCells(new XSSFWorkbook(new ByteArrayInputStream(
                mvc.perform(get("/evacuation/consent/mailing.xlsx").with(user("h-clerk"))).andExpect(status().isOk())
                        .andReturn().getResponse().getContentAsByteArray()))))).doesNotContain((String) victim.get("name"));

        declare(district);
        assertThat(names(give(district, "POLICE", "狭山警察署 災害 " + System.nanoTime()), 0))
                .as("not in a disaster either").doesNotContain((String) victim.get("name"));

        String address = jdbc.sql("SELECT address FROM person WHERE person_key = :k").param("k", key)
                .query(String.class).single();
        String page = mvc.perform(get("/evacuation/districts/" + district).with(user("h-clerk")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).as("not placed in a district for a department without the permission")
                .doesNotContain((String) victim.get("name"), address);
        String own = mvc.perform(get("/evacuation/districts/protected").with(user("h-clerk")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(own).contains((String) victim.get("name"), "（支援措置のため非表示）").doesNotContain(address);
        String map = mvc.perform(get("/evacuation/map").param("district", district).with(user("h-clerk")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(map).doesNotContain((String) victim.get("name"));
    }

    @Test
    void inDisasterModeAListIsGivenWithoutConsentAndRecordedSo() throws Exception {
        String district = busiestDistrict();
        long listed = jdbc.sql("""
                SELECT count(*) FROM evac_person e JOIN person p ON p.person_key = e.person_key
                 WHERE e.district_id = :d AND NOT p.support_measure AND NOT p.address_protected""")
                .param("d", district).query(Long.class).single();
        String recipient = "民生委員 災害 " + System.nanoTime();
        List<String> before = names(give(district, "MINSEI", recipient), 0);
        assertThat((long) before.size()).as("in normal times only those who consented").isLessThan(listed);

        declare(district);
        String anyPage = mvc.perform(get("/evacuation").with(user("h-clerk"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(anyPage).contains("災害モード", "大雨 (試験)");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'DISASTER' AND detail::text LIKE '%宣言%'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);

        List<String> during = names(give(district, "MINSEI", recipient), 0);
        assertThat((long) during.size()).isEqualTo(listed);
        Map<String, Object> handover = jdbc.sql("""
                SELECT without_consent, disaster_id FROM evac_handover WHERE recipient = :r ORDER BY id DESC LIMIT 1""")
                .param("r", recipient).query().singleRow();
        assertThat(handover.get("without_consent")).isEqualTo(true);
        assertThat(handover.get("disaster_id")).isNotNull();
        String outstanding = mvc.perform(get("/evacuation/handovers").with(user("h-clerk"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(outstanding).contains(recipient, "災害時 (同意によらない提供)");

        mvc.perform(post("/evacuation/disaster/end").with(user("h-admin")).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(mvc.perform(get("/evacuation").with(user("h-clerk"))).andReturn().getResponse()
                .getContentAsString()).doesNotContain("大雨 (試験) (");
        assertThat(jdbc.sql("SELECT count(*) FROM evac_disaster WHERE kind = '大雨 (試験)' AND ended_at IS NOT NULL")
                .query(Long.class).single()).as("the record is kept").isGreaterThanOrEqualTo(1);
    }

    @Test
    void onlyTheDepartmentsThatHoldTheListSeeIt() throws Exception {
        String refused = mvc.perform(get("/evacuation/districts/" + busiestDistrict()).with(user("h-other")))
                .andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("名簿を扱う課の職員と管理者だけ");
        String name = name(key(unaskedIn(busiestDistrict(), 1).get(0)));
        assertThat(refused).doesNotContain(name);
        mvc.perform(post("/evacuation/disaster").param("kind", "地震").param("district", busiestDistrict())
                .with(user("h-clerk")).with(csrf())).andExpect(status().isForbidden());
        assertThat(disasters.current()).as("only an administrator declares").isEmpty();
    }

    private void declare(String district) throws Exception {
        mvc.perform(post("/evacuation/disaster").param("kind", "大雨 (試験)").param("district", district)
                .with(user("h-admin")).with(csrf())).andExpect(status().is3xxRedirection());
    }

    private XSSFWorkbook give(String district, String purpose, String recipient) throws Exception {
        byte[] body = mvc.perform(post("/evacuation/handovers").param("district", district).param("purpose", purpose)
                .param("recipient", recipient).param("format", "xlsx").with(user("h-clerk")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        return new XSSFWorkbook(new ByteArrayInputStream(body));
    }

    private void consent(String key, String purpose, String answer) throws Exception {
        mvc.perform(post("/evacuation/persons/" + key + "/consent").param("purpose", purpose).param("answer", answer)
                .param("answeredOn", "2026-11-20").param("method", "POST").with(user("h-clerk")).with(csrf()))
                .andExpect(status().is3xxRedirection());
    }

    private String busiestDistrict() {
        return jdbc.sql("SELECT district_id FROM evac_person WHERE district_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
                .query(String.class).single();
    }

    /** Listed, not protected persons of a district without any consent recorded yet. */
    private List<Map<String, Object>> unaskedIn(String district, int n) {
        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT e.person_key FROM evac_person e JOIN person p ON p.person_key = e.person_key
                 WHERE e.district_id = :d AND NOT p.support_measure AND NOT p.address_protected
                   AND NOT EXISTS (SELECT 1 FROM evac_consent c WHERE c.person_key = e.person_key)
                   AND (SELECT count(*) FROM person o WHERE o.name = p.name) = 1
                 ORDER BY e.person_key LIMIT :n""").param("d", district).param("n", n).query().listOfRows();
        assertThat(rows).hasSize(n);
        return rows;
    }

    private Map<String, Object> person(String key) {
        return jdbc.sql("SELECT name, kana, birth_date, sex, address FROM person WHERE person_key = :k").param("k", key)
                .query().singleRow();
    }

    private String name(String key) {
        return (String) person(key).get("name");
    }

    private List<String> reasons(String key) {
        return jdbc.sql("SELECT criterion_id FROM evac_listing WHERE person_key = :k AND until IS NULL")
                .param("k", key).query(String.class).list().stream()
                .map(id -> id.equals("request") ? "本人からの申出" : id).toList();
    }

    private static String key(Map<String, Object> row) {
        return (String) row.get("person_key");
    }

    private static List<String> names(XSSFWorkbook book, int sheet) {
        Sheet s = book.getSheetAt(sheet);
        List<String> names = new ArrayList<>();
        for (int i = 4; i <= s.getLastRowNum(); i++) {
            names.add(s.getRow(i).getCell(1).getStringCellValue());
        }
        return names;
    }

    private static List<String> rowOf(Sheet sheet, String name) {
        for (Row r : sheet) {
            if (r.getRowNum() > 3 && name.equals(r.getCell(1).getStringCellValue())) {
                return cells(r);
            }
        }
        throw new AssertionError(name + " is not in the list");
    }

    private static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>();
        for (Cell c : row) {
            cells.add(c.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                    ? Long.toString((long) c.getNumericCellValue()) : c.getStringCellValue());
        }
        return cells;
    }

    private static List<String> allCells(XSSFWorkbook book) {
        List<String> all = new ArrayList<>();
        book.forEach(s -> all.addAll(allCells(s)));
        return all;
    }

    private static List<String> allCells(Sheet sheet) {
        List<String> all = new ArrayList<>();
        for (Row r : sheet) {
            all.addAll(cells(r));
        }
        return all;
    }
}
