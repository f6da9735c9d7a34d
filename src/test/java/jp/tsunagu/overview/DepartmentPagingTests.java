package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The department API's pages (課の一覧の API) follow cursors: a page read from a cursor stays the same
 * while an import adds a person before it, and walking the cursors gives every person once.
 */
@TsunaguTest
@AutoConfigureMockMvc
class DepartmentPagingTests {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    Path dir;

    /** A department with its own program, its persons and a clerk of it. */
    private record Department(String source, String clerk, String prefix) {
    }

    @Test
    void aPageFromACursorStaysTheSameWhenAPersonIsAddedBeforeIt() throws Exception {
        Department d = department(120);
        JsonNode first = api(d, null, null);
        assertThat(first.path("total").asLong()).isEqualTo(120);
        assertThat(first.path("page").asInt()).isEqualTo(1);
        assertThat(first.path("previous").isNull()).isTrue();
        String next = first.path("next").asString();
        List<String> second = keys(api(d, null, next));
        assertThat(second).hasSize(50).doesNotContainAnyElementsOf(keys(first));

        // an import brings a person whose kana sorts first: with an offset, page 2 would repeat a row
        String added = d.prefix() + "999";
        person(added, "ア", null);
        importSnapshot(d, 120, true);

        assertThat(keys(api(d, null, null))).as("a fresh first page has the new person").startsWith(added);
        JsonNode again = api(d, null, next);
        assertThat(keys(again)).as("the page of the cursor is the same").isEqualTo(second);
        assertThat(again.path("page").asInt()).isEqualTo(2);
        List<String> walked = new ArrayList<>(keys(first));
        walked.addAll(walk(d, null, next));
        assertThat(walked).as("no person twice, none missing, in the list's order").isEqualTo(expected(d, 0, 120));
    }

    @Test
    void theCursorsWalkEveryPersonOnceForwardAndBackInTheBirthOrderWithUnknownDays() throws Exception {
        Department d = department(110);
        // persons without a birth date come last: the cursor crosses from dated rows into them
        jdbc.sql("UPDATE person SET birth_date = NULL WHERE person_key LIKE :p AND person_key >= :from")
                .param("p", d.prefix() + "%").param("from", d.prefix() + "080").update();
        List<String> order = jdbc.sql("""
                SELECT person_key FROM person WHERE person_key LIKE :p ORDER BY birth_date NULLS LAST, person_key""")
                .param("p", d.prefix() + "%").query(String.class).list();

        JsonNode page = api(d, "birth", null);
        List<JsonNode> pages = new ArrayList<>(List.of(page));
        while (!page.path("next").isNull()) {
            page = api(d, "birth", page.path("next").asString());
            pages.add(page);
        }
        List<String> walked = new ArrayList<>();
        pages.forEach(p -> walked.addAll(keys(p)));
        assertThat(walked).isEqualTo(order);
        assertThat(pages).extracting(p -> p.path("page").asInt()).containsExactly(1, 2, 3);

        JsonNode back = api(d, "birth", pages.get(2).path("previous").asString());
        assertThat(keys(back)).as("the previous page read backward").isEqualTo(keys(pages.get(1)));
        assertThat(back.path("page").asInt()).isEqualTo(2);
        JsonNode front = api(d, "birth", back.path("previous").asString());
        assertThat(keys(front)).isEqualTo(keys(pages.get(0)));
        assertThat(front.path("previous").isNull()).as("the first page has none before it").isTrue();
    }

    @Test
    void aCursorThatIsNotOneOrOfAnotherOrderIsRefusedInJapanese() throws Exception {
        Department d = department(60);
        String next = api(d, null, null).path("next").asString();
        for (String[] asked : new String[][] {{"kana", "not-a-cursor"}, {"birth", next}}) {
            MockHttpServletResponse response = mvc.perform(get("/api/v1/department/persons")
                    .param("source", d.source()).param("sort", asked[0]).param("cursor", asked[1])
                    .with(user(d.clerk()))).andReturn().getResponse();
            String body = response.getContentAsString(StandardCharsets.UTF_8);
            assertThat(response.getStatus()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(body).path("error").asString()).contains("ページの指定 (cursor)", "最初のページから");
            assertThat(body).doesNotContain("Exception", "persons");
        }
    }

    /**
     * An export longer than one of its batches gives every person once, in the list's order: the
     * keys are ordered first and each batch read after the one before is written, so a batch boundary
     * neither repeats nor drops a person.
     */
    @Test
    void anExportOfMoreThanOneBatchHasEveryPersonOnceInTheListsOrder() throws Exception {
        int persons = DepartmentList.EXPORT_BATCH + 237; // keys of three digits: under 999
        Department d = department(persons);
        String csv = mvc.perform(get("/department/export.csv").param("source", d.source()).with(user(d.clerk())))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<String> exported = new ArrayList<>();
        for (String line : csv.split("\r\n")) {
            String first = line.split(",", 2)[0].replace("\"", "").replace("\uFEFF", "");
            if (first.startsWith(d.prefix())) {
                exported.add(first);
            }
        }
        assertThat(csv).as("the header row").startsWith("\uFEFF\"宛名番号\"");
        assertThat(exported).as("every person once, in the kana order of the list").isEqualTo(expected(d, 0, persons));
    }

    private final List<String> prefixes = new ArrayList<>();

    /** The persons a test made go with it: other tests count the index's persons. */
    @org.junit.jupiter.api.AfterEach
    void removePersons() {
        prefixes.forEach(p -> jdbc.sql("DELETE FROM person WHERE person_key LIKE :p").param("p", p + "%").update());
    }

    private Department department(int persons) throws Exception {
        int n = SEQ.incrementAndGet();
        String prefix = String.format("98%02d%03d", ProcessHandle.current().pid() % 100, n);
        prefixes.add(prefix);
        String department = "d-paging-" + n;
        String source = "paging-" + ProcessHandle.current().pid() + "-" + n;
        catalog.register(source, """
                name: テスト一覧
                program: テスト一覧
                department: {id: %s, name: 一覧課, contact: 内線 2}
                header: true
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: note, column: 備考, label: 備考, type: text}
                holdShare: 1.0
                """.formatted(department));
        accounts.saveDepartment(department, "一覧課", "内線 2");
        String clerk = "paging-" + n;
        accounts.save(clerk, "一覧 太郎", SampleCity.PASSWORD, Role.CASEWORKER, department);
        for (int i = 0; i < persons; i++) {
            // in pairs with the same kana, so that the person key decides between them
            person(prefix + String.format("%03d", i), "カ" + String.format("%03d", i / 2),
                    java.time.LocalDate.of(1950, 1, 1).plusDays(i % 7));
        }
        Department d = new Department(source, clerk, prefix);
        importSnapshot(d, persons, false);
        return d;
    }

    /** A person of the index, made directly: the list reads them as the master import would leave them. */
    private void person(String key, String kana, java.time.LocalDate born) {
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, name_key, kana_key,
                                    kana_loose, birth_date, updated_run)
                VALUES (:k, 'test', true, '住民', '一覧 ' || :kana, :kana, '一覧' || :kana, :kana, :kana, :born, 0)""")
                .param("k", key).param("kana", kana).param("born", born).update();
    }

    /** A snapshot of the department's program with its first {@code persons}, and the added one if asked. */
    private void importSnapshot(Department d, int persons, boolean withAdded) throws Exception {
        StringBuilder csv = new StringBuilder("宛名番号,備考\n");
        for (int i = 0; i < persons; i++) {
            csv.append(d.prefix()).append(String.format("%03d", i)).append(",x\n");
        }
        if (withAdded) {
            csv.append(d.prefix()).append("999,x\n");
        }
        Path file = Files.writeString(dir.resolve(d.source() + "-" + SEQ.incrementAndGet() + ".csv"), csv);
        assertThat(imports.importFile(d.source(), file, "test", "tester").status()).isEqualTo(ImportStatus.APPLIED);
        SampleCity.awaitListeners(jdbc);
    }

    private List<String> walk(Department d, String sort, String cursor) throws Exception {
        List<String> keys = new ArrayList<>();
        while (cursor != null) {
            JsonNode page = api(d, sort, cursor);
            keys.addAll(keys(page));
            cursor = page.path("next").isNull() ? null : page.path("next").asString();
        }
        assertThat(new HashSet<>(keys)).hasSameSizeAs(keys);
        return keys;
    }

    /** The department's persons {@code from} … {@code to} (exclusive) in the kana order, as made. */
    private static List<String> expected(Department d, int from, int to) {
        List<String> keys = new ArrayList<>();
        for (int i = from; i < to; i++) {
            keys.add(d.prefix() + String.format("%03d", i));
        }
        return keys;
    }

    private JsonNode api(Department d, String sort, String cursor) throws Exception {
        var request = get("/api/v1/department/persons").param("source", d.source()).with(user(d.clerk()));
        if (sort != null) {
            request = request.param("sort", sort);
        }
        if (cursor != null) {
            request = request.param("cursor", cursor);
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(body).isEqualTo(200);
        return JSON.readTree(body);
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.path("persons").forEach(p -> keys.add(p.path("personKey").asString()));
        return keys;
    }
}
