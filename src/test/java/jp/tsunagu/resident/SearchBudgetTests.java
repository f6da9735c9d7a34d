package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The search's budget (検索の上限): 8 terms and 100 characters are searched, more are refused with the
 * reason before anything is read; filters out of range are refused; a statement the database stops at
 * the search pool's statement timeout is answered with a message. None of these is a server error, and
 * the server goes on serving searches.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-search-budget-f${tsunagu.test.fork:1}",
        "tsunagu.search.statement-timeout=2s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchBudgetTests {

    /** The security probe's words (finding F1): every one matches many persons of a city. */
    static final List<String> PROBE_WORDS = List.of("山田", "佐藤", "入間川", "ヤマ", "中央", "花子");
    static final String TOO_LARGE = "検索語は8語・100文字までです。語を減らしてください";

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
    DataSource dataSource;
    @TempDir
    static Path dir;

    final JsonMapper json = JsonMapper.builder().build();
    /** 山田 花子, with an address long enough for a 94-character fragment of it. */
    TestRegistry.Resident hanako;
    /** 山田 太郎 at another address: found by 山田, never by 花子 or the long address. */
    TestRegistry.Resident taro;

    @BeforeAll
    void residentsAndClerk() {
        hanako = new TestRegistry.Resident(TestRegistry.nextKey(), "山田 花子", "ヤマダ ハナコ", LocalDate.of(1980, 5, 5),
                "埼玉県狭山市入間川一丁目" + "二番三号東西南北春夏秋冬松竹梅雪月花山川草木".repeat(5));
        taro = new TestRegistry.Resident(TestRegistry.nextKey(), "山田 太郎", "ヤマダ タロウ", LocalDate.of(1975, 1, 2),
                "埼玉県狭山市中央三丁目");
        TestRegistry.importResidents(catalog, imports, jdbc, dir, List.of(hanako, taro));
        accounts.saveDepartment("b-kaigo", "介護保険課", "内線 2345");
        accounts.save("b-viewer", "閲覧 一子", "pw-123456789", Role.VIEWER, "b-kaigo");
    }

    @Test
    void eightTermsAreSearched() throws Exception {
        String eight = "山田 花子 やまだ はなこ 入間川 S55 1980/5/5 狭山";
        assertThat(eight.split(" ")).hasSize(SearchQuery.MAX_TERMS);

        JsonNode body = json.readTree(api(eight, 200));
        assertThat(keys(body)).contains(hanako.key()).doesNotContain(taro.key());
        assertThat(body.has("error")).isFalse();
    }

    @Test
    void aHundredCharactersAreSearched() throws Exception {
        String hundred = hundredCharacters();
        assertThat(hundred.codePointCount(0, hundred.length())).isEqualTo(SearchQuery.MAX_CHARACTERS);

        JsonNode body = json.readTree(api(hundred, 200));
        assertThat(keys(body)).contains(hanako.key()).doesNotContain(taro.key());
        String html = page(hundred, 200);
        assertThat(html).contains(hanako.key()).doesNotContain(TOO_LARGE);
    }

    @Test
    void aNinthTermOrAHundredAndFirstCharacterIsRefusedWithTheReasonAndNothingRead() throws Exception {
        long searches = searchesAudited();
        String nine = "山田 花子 やまだ はなこ 入間川 S55 1980/5/5 狭山 埼玉";
        String hundredAndOne = hundredCharacters() + "花";

        for (String q : List.of(nine, hundredAndOne)) {
            JsonNode body = json.readTree(api(q, 400));
            assertThat(body.path("error").asString()).as(q).isEqualTo(TOO_LARGE);
            assertThat(body.has("persons")).isFalse();
            String html = page(q, 400);
            // the query stays in the box to be shortened; no result is shown
            assertThat(html).contains(TOO_LARGE).doesNotContain(hanako.key()).doesNotContain(hanako.kana())
                    .doesNotContain("class=\"results\"");
        }
        assertThat(searchesAudited()).as("a refused search reads nothing, so nothing is audited").isEqualTo(searches);
    }

    @Test
    void theProbesQueriesAreRefusedWithinABoundedAllocationAndSearchesGoOn() throws Exception {
        for (int words : new int[] {15, 20, 25}) {
            String probe = probe(words);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            String body = api(probe, 400);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // before the budget, 20 words took 1.3 GB and 25 words filled a 6 GB heap
            assertThat(allocated).as("bytes allocated answering %d words", words).isLessThan(32L << 20);
            assertThat(json.readTree(body).path("error").asString()).isEqualTo(TOO_LARGE);
        }
        assertThat(keys(json.readTree(api("山田 花子", 200)))).contains(hanako.key()).doesNotContain(taro.key());
    }

    @Test
    void aSearchStoppedByTheStatementTimeoutIsAnsweredWithAMessage() throws Exception {
        long searches = searchesAudited();
        // the person table locked by another transaction: no search can read it within the timeout
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE person IN ACCESS EXCLUSIVE MODE");
            try {
                JsonNode body = json.readTree(api("山田 花子", 503));
                assertThat(body.path("error").asString()).isEqualTo(SearchTimedOutException.MESSAGE)
                        .contains("時間がかかりすぎた");
                assertThat(body.has("persons")).isFalse();
                assertThat(page("山田 花子", 503)).contains(SearchTimedOutException.MESSAGE)
                        .doesNotContain(hanako.key()).doesNotContain("class=\"results\"");
            } finally {
                lock.rollback();
            }
        }
        assertThat(searchesAudited()).isEqualTo(searches);
        assertThat(keys(json.readTree(api("山田 花子", 200)))).contains(hanako.key());
    }

    @Test
    void filtersOutOfRangeAreRefusedWithTheReason() throws Exception {
        // ages are refused by the central range check (platform.ParameterRanges) before the controller
        assertThat(error("minAge", "2000000000")).isEqualTo("年齢は 0 から 150 までの整数で指定してください (項目: minAge)。");
        assertThat(error("maxAge", "-1")).isEqualTo("年齢は 0 から 150 までの整数で指定してください (項目: maxAge)。");
        assertThat(error("minAge", "abc")).isEqualTo("年齢は 0 から 150 までの整数で指定してください (項目: minAge)。");
        assertThat(error("town", "入".repeat(51))).isEqualTo("町丁目は50文字までです");
        assertThat(error("status", "'; DROP TABLE person; --")).isEqualTo("状態は 住民・住登外・消除 のいずれかを選んでください");
        String html = mvc.perform(get("/search").param("q", "山田").param("minAge", "99999").with(user("b-viewer")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("年齢は 0 から 150 までの整数で指定してください").doesNotContain(taro.key());

        JsonNode edge = json.readTree(mvc.perform(get("/api/v1/persons").param("q", "山田").param("maxAge", "150")
                .param("town", "入間川").param("status", "住民").with(user("b-viewer")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(keys(edge)).contains(hanako.key()).doesNotContain(taro.key());
    }

    private String error(String name, String value) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/persons").param("q", "山田").param(name, value)
                .with(user("b-viewer"))).andReturn().getResponse();
        assertThat(response.getStatus()).as(name + "=" + value).isEqualTo(400);
        JsonNode body = json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(body.has("persons")).isFalse();
        return body.path("error").asString();
    }

    /** 山田 花子 and a 94-character fragment of 花子's address: 100 characters, three terms. */
    private String hundredCharacters() {
        String address = hanako.address();
        return "山田 花子 " + address.substring(address.length() - 94);
    }

    private static String probe(int words) {
        return String.join(" ", Collections.nCopies(words / PROBE_WORDS.size() + 1, PROBE_WORDS).stream()
                .flatMap(List::stream).limit(words).toList());
    }

    private String api(String q, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/persons").param("q", q).with(user("b-viewer")))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(q).isEqualTo(status);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private String page(String q, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/search").param("q", q).with(user("b-viewer")))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(q).isEqualTo(status);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> keys(JsonNode body) {
        List<String> keys = new java.util.ArrayList<>();
        for (JsonNode person : body.path("persons")) {
            keys.add(person.path("personKey").asString());
        }
        return keys;
    }

    private long searchesAudited() {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = 'b-viewer' AND action = 'SEARCH'")
                .query(Long.class).single();
    }
}
