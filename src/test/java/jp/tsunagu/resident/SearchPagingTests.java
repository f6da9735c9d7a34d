package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The search tells its total (「1,000人以上」 beyond the bound) and pages through every match once, on
 * the demo city ({@link DemoCity}: 150,000 residents and its 住登外, as {@code --demo} makes it); 丁目・番・号 in any notation find the same address; a date that
 * never was is reported in Japanese; the JSON gives typed values.
 */
@DemoCity.OnTheDemoCity
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPagingTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VIEWER = "p-kaigo";

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

    /**
     * The demo city (the size and seed {@code --demo} uses): its two master sources, 住民記録 and 住登外,
     * make the person index the search reads; the registry is imported here unless
     * {@link SearchPlanTests} already did in this JVM (the same context and database).
     */
    @BeforeAll
    void city() {
        DemoCity.imported(catalog, imports, jdbc, dir, DemoCity.REGISTRY, DemoCity.NON_RESIDENTS);
        accounts.saveDepartment("p-kaigo", "介護保険課", "内線 2345");
        accounts.save(VIEWER, "介護 花子", "pw-123456789", Role.CASEWORKER, "p-kaigo");
    }

    @Test
    void aCommonSurnamePagesThroughAllItsMatchesWithNoPersonTwiceAndNoneMissing() throws Exception {
        // what "佐藤" finds, computed from the person table: in the name, a previous name, or an address
        // the viewer may search by
        Set<String> expected = new HashSet<>(jdbc.sql("""
                SELECT person_key FROM person p
                 WHERE p.name_key LIKE '%佐藤%'
                    OR (p.address_search LIKE '%佐藤%' AND NOT (p.address_protected OR p.support_measure))
                    OR p.person_key IN (SELECT h.person_key FROM person_history h WHERE h.name_key LIKE '佐藤%')""")
                .query(String.class).list());
        assertThat(expected).as("several pages of 佐藤 in the city").hasSizeGreaterThan(2 * SearchController.LIMIT);

        int bound = PersonSearch.COUNT_BOUND;
        List<String> seen = new ArrayList<>();
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        int number = 0;
        do {
            JsonNode body = api("佐藤", cursor);
            number++;
            assertThat(body.path("page").path("number").asInt()).isEqualTo(number);
            assertThat(body.path("total").path("count").isNumber()).isTrue();
            assertThat(body.path("total").path("count").asLong()).isEqualTo(Math.min(expected.size(), bound));
            assertThat(body.path("total").path("exact").asBoolean()).isEqualTo(expected.size() <= bound);
            assertThat(body.path("total").path("display").asString()).isEqualTo(expected.size() <= bound
                    ? String.format("%,d人", expected.size()) : String.format("%,d人以上", bound));
            assertThat(body.path("hint").asString()).isEqualTo("50人を超えています。生年月日や町名で絞り込んでください");
            List<String> keys = keys(body);
            assertThat(keys).hasSizeLessThanOrEqualTo(SearchController.LIMIT).isNotEmpty();
            pages.add(keys);
            seen.addAll(keys);
            cursor = body.path("page").path("next").isNull() ? null : body.path("page").path("next").asString();
        } while (cursor != null && number < 1_000);

        assertThat(seen).as("no person twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).as("none missing, none extra").isEqualTo(expected);
        assertThat(pages).hasSize((expected.size() + SearchController.LIMIT - 1) / SearchController.LIMIT);

        // the previous page of page 2 is page 1
        JsonNode second = api("佐藤", api("佐藤", null).path("page").path("next").asString());
        assertThat(second.path("page").path("previous").isNull()).isFalse();
        JsonNode back = api("佐藤", second.path("page").path("previous").asString());
        assertThat(new HashSet<>(keys(back))).isEqualTo(new HashSet<>(pages.get(0)));
        assertThat(back.path("page").path("number").asInt()).isEqualTo(1);
        assertThat(back.path("page").path("previous").isNull()).isTrue();
    }

    @Test
    void aPageStaysTheSameWhenAPersonIsAddedBeforeIt() throws Exception {
        JsonNode first = api("佐藤", null);
        String next = first.path("page").path("next").asString();
        List<String> before = keys(api("佐藤", next));
        // a new 佐藤 whose name sorts first (一, U+4E00, is the first kanji; the prefix tier is in code point
        // order): with an offset, every later page would shift by one
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, name_key, kana_key,
                                    kana_loose, grams, updated_run)
                VALUES ('9999999991', 'test', true, '住民', '佐藤 一', 'サトウ ハジメ', '佐藤一', 'サトウハジメ',
                        'サトウハジメ', :g, 0)""").param("g", GramCode.of(SearchGrams.of("佐藤 一", "サトウ ハジメ", null, null)))
                .update();
        try {
            assertThat(keys(api("佐藤", null))).contains("9999999991");
            assertThat(keys(api("佐藤", next))).isEqualTo(before);
        } finally {
            jdbc.sql("DELETE FROM person WHERE person_key = '9999999991'").update();
        }
    }

    @Test
    void aSearchOverTheBoundSaysMoreThanAThousandAndHowToNarrow() throws Exception {
        // every address of the city has 狭山 in it
        JsonNode body = api("狭山", null);
        assertThat(body.path("total").path("count").asLong()).isEqualTo(1_000);
        assertThat(body.path("total").path("exact").asBoolean()).isFalse();
        assertThat(body.path("total").path("display").asString()).isEqualTo("1,000人以上");
        assertThat(keys(body)).hasSize(SearchController.LIMIT);
        String html = html("/search", "狭山", 200);
        assertThat(html).contains("1,000人以上が見つかりました。", "50人を超えています。生年月日や町名で絞り込んでください",
                "次へ", "1ページ目").doesNotContain("前へ");
        assertThat(html).containsPattern("<details open");

        JsonNode few = api(keys(body).get(0), null);
        assertThat(few.path("total").path("display").asString()).isEqualTo("1人");
        assertThat(few.has("hint")).isFalse();
        assertThat(few.path("page").path("next").isNull()).isTrue();
        assertThat(html("/search", keys(body).get(0), 200)).contains("1人が見つかりました。")
                .doesNotContain("50人を超えています", "次へ");
    }

    @Test
    void aFirstPageThatHoldsEveryMatchGivesTheCountOfTheCountingStatement() throws Exception {
        // surnames of a few persons each: a first page with room to spare, whose count is not read again
        List<String> surnames = jdbc.sql("""
                SELECT regexp_replace(name, '[ 　].*$', '') FROM person WHERE status = '住民' AND name ~ '[ 　]'
                 GROUP BY 1 HAVING count(*) BETWEEN 2 AND 20 ORDER BY 1 LIMIT 12""").query(String.class).list();
        assertThat(surnames).as("surnames of a few persons each").isNotEmpty();
        int few = 0;
        for (String q : surnames) {
            PersonSearch.Statement count = PersonSearch.countStatement(q, PersonSearch.Filters.NONE);
            long counted = jdbc.sql(count.sql()).paramSource(count.params()).query(Long.class).single();
            JsonNode body = api(q, null);
            assertThat(body.path("total").path("count").asLong()).as(q).isEqualTo(counted);
            assertThat(body.path("total").path("exact").asBoolean()).as(q).isTrue();
            if (counted <= SearchController.LIMIT) {
                few++;
                assertThat(keys(body)).as(q).hasSize((int) counted);
                assertThat(body.path("page").path("next").isNull()).as(q).isTrue();
            }
        }
        assertThat(few).as("searches whose first page holds every match").isGreaterThanOrEqualTo(5);
    }

    /** A person at a 住居表示 address (…X丁目N番M号): its town, 丁目, 番 and 号. */
    private Matcher blockAddress() {
        String address = jdbc.sql("""
                SELECT address FROM person WHERE address ~ '^埼玉県狭山市[^0-9]+[一二三四五六七八九]丁目[0-9]+番[0-9]+号$'
                   AND NOT (address_protected OR support_measure) ORDER BY person_key LIMIT 1""")
                .query(String.class).single();
        Matcher m = Pattern.compile("^埼玉県狭山市(.+)([一二三四五六七八九])丁目(\\d+)番(\\d+)号$").matcher(address);
        assertThat(m.matches()).as(address).isTrue();
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{town}{c}丁目", "{town}{k}丁目", "{town}{c}-{b}-{g}", "{town} {b}-{g}", "{town} {B}番{G}号",
            "{c}-{b}-{g}", "{town}{K}丁目{b}番{g}号", "{town}{c}ー{b}ー{g}", "{town}{C}－{B}－{G}", "{k}丁目{b}番地{g}"})
    void everyNotationOfTheBlockFindsTheSameAddress(String notation) throws Exception {
        Matcher m = blockAddress();
        int chome = "一二三四五六七八九".indexOf(m.group(2)) + 1;
        String q = notation.replace("{town}", m.group(1)).replace("{c}", Integer.toString(chome))
                .replace("{k}", m.group(2)).replace("{K}", m.group(2))
                .replace("{C}", fullWidth(Integer.toString(chome)))
                .replace("{b}", m.group(3)).replace("{g}", m.group(4))
                .replace("{B}", fullWidth(m.group(3))).replace("{G}", fullWidth(m.group(4)));
        String address = m.group(0);
        Set<String> atTheAddress = new HashSet<>(jdbc.sql("SELECT person_key FROM person WHERE address = :a")
                .param("a", address).query(String.class).list());
        // every page of the search: a 丁目 alone has more residents than one page
        Set<String> found = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode body = api(q, cursor);
            found.addAll(keys(body));
            cursor = body.path("page").path("next").isNull() ? null : body.path("page").path("next").asString();
        } while (cursor != null && ++pages < 200);
        assertThat(found).as(q + " finds " + address).containsAll(atTheAddress);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"昭和45年13月40日", "2月30日", "令和99年", "昭和70年", "R1.2.30", "平成31年5月1日", "佐藤 昭和45年2月30日"})
    void aDateThatNeverWasIsReportedAndNothingIsSearched(String q) throws Exception {
        long audited = jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = :a AND action = 'SEARCH'")
                .param("a", VIEWER).query(Long.class).single();
        MockHttpServletResponse api = mvc.perform(get("/api/v1/persons").param("q", q).with(user(VIEWER)))
                .andReturn().getResponse();
        assertThat(api.getStatus()).isEqualTo(400);
        JsonNode body = JSON.readTree(api.getContentAsString(StandardCharsets.UTF_8));
        assertThat(body.path("error").asString()).containsAnyOf("存在しない日付です", "存在しない年です", "まだ来ていない年です")
                .contains("生年月日を確かめてください");
        assertThat(body.has("persons")).isFalse();
        String html = html("/search", q, 400);
        assertThat(html).contains("生年月日を確かめてください").doesNotContain("が見つかりました", "<table");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = :a AND action = 'SEARCH'")
                .param("a", VIEWER).query(Long.class).single()).as("nothing was read").isEqualTo(audited);
    }

    @Test
    void digitsThatAreNoDayAreStillAKey() throws Exception {
        // 7 and 8 digits are tried as a key and as a date (元号コード, yyyymmdd): no day is no refusal
        for (String q : new String[] {"1591118", "19701340"}) {
            assertThat(api(q, null).path("total").path("count").isNumber()).as(q).isTrue();
        }
        String key = jdbc.sql("SELECT person_key FROM person ORDER BY person_key LIMIT 1").query(String.class).single();
        assertThat(keys(api(key.replaceFirst("^0+", ""), null))).contains(key);
    }

    @Test
    void aMonthAndDayWithoutAYearAsksForTheYear() throws Exception {
        MockHttpServletResponse api = mvc.perform(get("/api/v1/persons").param("q", "3月2日").with(user(VIEWER)))
                .andReturn().getResponse();
        assertThat(api.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(api.getContentAsString(StandardCharsets.UTF_8)).path("error").asString())
                .contains("生年月日は年も入れてください").doesNotContain("存在しない");
    }

    @Test
    void theJsonGivesTypedValues() throws Exception {
        Map<String, Object> p = jdbc.sql("""
                SELECT person_key, birth_date, sex FROM person WHERE status = '住民' AND birth_date IS NOT NULL
                   AND sex IS NOT NULL ORDER BY person_key LIMIT 1""").query().singleRow();
        JsonNode person = api((String) p.get("person_key"), null).path("persons").get(0);
        java.time.LocalDate born = ((java.sql.Date) p.get("birth_date")).toLocalDate();
        assertThat(person.path("birthDate").path("name").asString()).isEqualTo("birthDate");
        assertThat(person.path("birthDate").path("label").asString()).isEqualTo("生年月日");
        assertThat(person.path("birthDate").path("value").asString()).isEqualTo(born.toString())
                .matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(person.path("birthDate").path("display").asString())
                .isEqualTo(jp.tsunagu.japanese.JapaneseDates.warekiWithYear(born));
        assertThat(person.path("age").path("value").isNumber()).as("a number, not text").isTrue();
        assertThat(person.path("age").path("value").asInt())
                .isEqualTo(jp.tsunagu.japanese.JapaneseDates.age(born, java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"))));
        assertThat(person.path("age").path("display").asString()).endsWith("歳");
        assertThat(person.path("status").path("value").path("code").asString()).isEqualTo("resident");
        assertThat(person.path("status").path("value").path("label").asString()).isEqualTo("住民");
        assertThat(person.path("status").path("display").asString()).isEqualTo("住民");
        assertThat(person.path("sex").path("display").asString()).isEqualTo(p.get("sex"));
        assertThat(person.path("sex").path("value").path("label").asString()).isEqualTo(p.get("sex"));
        assertThat(person.path("sex").path("value").path("code").asString()).as("the code, not the label")
                .isNotEqualTo(p.get("sex")).matches("\\w+");
        assertThat(person.path("programs").isArray()).isTrue();
    }

    @Test
    void theSearchBoxExamplesFindSomebodyInTheCity() throws Exception {
        String examples = SearchController.PLACEHOLDER.replaceFirst("^例: ", "");
        for (String example : examples.split(" / ")) {
            assertThat(keys(api(example, null))).as(example).isNotEmpty();
        }
        assertThat(html("/search", "", 200)).contains("placeholder=\"" + SearchController.PLACEHOLDER + "\"");
    }

    @Test
    void aCursorThatIsNoCursorIsRefusedInJapanese() throws Exception {
        MockHttpServletResponse api = mvc.perform(get("/api/v1/persons").param("q", "佐藤").param("cursor", "%%%")
                .with(user(VIEWER))).andReturn().getResponse();
        assertThat(api.getStatus()).isEqualTo(400);
        assertThat(api.getContentAsString(StandardCharsets.UTF_8)).contains("ページの指定が読めません")
                .doesNotContain("Exception");
    }

    private static String fullWidth(String digits) {
        StringBuilder out = new StringBuilder();
        digits.chars().forEach(c -> out.append((char) (c - '0' + '０')));
        return out.toString();
    }

    private JsonNode api(String q, String cursor) throws Exception {
        var request = get("/api/v1/persons").param("q", q).with(user(VIEWER));
        if (cursor != null) {
            request = request.param("cursor", cursor);
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(q + " " + response.getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(200);
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private String html(String url, String q, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).param("q", q).with(user(VIEWER))).andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(url).isEqualTo(status);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> keys(JsonNode body) {
        List<String> keys = new ArrayList<>();
        body.path("persons").forEach(p -> keys.add(p.path("personKey").asString()));
        return keys;
    }
}
