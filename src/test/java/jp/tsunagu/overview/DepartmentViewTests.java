package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.tsunagu.AuditRows;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** こども課 sees its persons over its four programs in one list, exports it, and every look is audited. */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-department")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DepartmentViewTests {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

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

    String department;
    long expected;

    @BeforeAll
    void sampleCity() {
        jp.tsunagu.SampleCity.importSmall(catalog, imports, jdbc, dir);
        department = catalog.get("jido-teate").department().id();
        accounts.saveDepartment(department, catalog.get("jido-teate").department().name(), "内線 3456");
        accounts.save("d-kodomo", "子供 三郎", "pw-123456789", Role.CASEWORKER, department);
        accounts.saveDepartment("d-other", "別の課", "内線 0000");
        accounts.save("d-other", "別課 四郎", "pw-123456789", Role.CASEWORKER, "d-other");
        expected = jdbc.sql("""
                SELECT count(DISTINCT r.person_key) FROM source_record r JOIN source s USING (source_id)
                  JOIN person p ON p.person_key = r.person_key
                 WHERE s.source_id IN (SELECT source_id FROM source WHERE role = 'PROGRAM')
                   AND s.definition LIKE '%id: ' || :d || '%'""").param("d", department).query(Long.class).single();
    }

    @Test
    void theDepartmentSeesItsPersonsOverItsProgramsInOneList() throws Exception {
        String html = body("/department", "d-kodomo");
        assertThat(html).contains(java.text.NumberFormat.getIntegerInstance(java.util.Locale.JAPAN).format(expected) + "人 (")
                .contains("児童手当");
        String json = body("/api/v1/department/persons", "d-kodomo");
        assertThat(json).contains("\"total\":" + expected).contains("jido-teate");
        String older = body("/api/v1/department/persons?minAge=12", "d-kodomo");
        assertThat(older).doesNotContain("\"total\":" + expected);
    }

    @Test
    void aLongListOffersTheFirstAndLastPageAndAJumpToAnyPage() throws Exception {
        long pages = (expected + 49) / 50;
        assertThat(pages).as("the small city's list is longer than a page").isGreaterThan(2);
        String first = body("/department", "d-kodomo");
        assertThat(first).contains("<form method=\"get\" action=\"/department\" class=\"page-jump\"")
                .contains("name=\"page\" type=\"number\" min=\"1\" max=\"" + pages + "\"")
                .contains("page=" + pages + "\">最後へ</a>").doesNotContain(">最初へ</a>");
        String middle = body("/department?page=2", "d-kodomo");
        assertThat(middle).contains("(2 / " + pages + " ページ)").contains("page=1\">最初へ</a>")
                .contains("page=" + pages + "\">最後へ</a>");
        String last = body("/department?page=" + pages, "d-kodomo");
        assertThat(last).contains("(" + pages + " / " + pages + " ページ)").doesNotContain(">最後へ</a>");
    }

    @Test
    void exportsAreCompleteAndAudited() throws Exception {
        long mark = AuditRows.mark(jdbc);
        byte[] csv = mvc.perform(get("/department/export.csv").with(user("d-kodomo"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF\"宛名番号\",\"氏名\"");
        assertThat(text.split("\r\n")).hasSize((int) expected + 1);

        byte[] xlsx = mvc.perform(get("/department/export.xlsx").with(user("d-kodomo"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(workbook.getSheetAt(0).getLastRowNum()).isEqualTo((int) expected);
            assertThat(workbook.getSheetAt(0).getRow(0).getCell(1).getStringCellValue()).isEqualTo("氏名");
        }
        assertThat(AuditRows.since(jdbc, mark, "d-kodomo")).as("the CSV and the Excel file").hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.action()).isEqualTo("EXPORT");
                    assertThat(r.personKey()).isNull();
                    assertThat(r.detail()).containsEntry("screen", "department")
                            .containsEntry("total", Long.toString(expected)).containsEntry("rows", Long.toString(expected));
                });
    }

    @Test
    void anotherDepartmentCannotListProgramsItMayNotSeeInDetail() throws Exception {
        String json = body("/api/v1/department/persons?source=jido-teate", "d-other");
        assertThat(json).contains("\"total\":0").contains("\"sources\":[]");
    }

    @Autowired
    jp.tsunagu.access.AccessPolicy access;

    @Test
    void theCountFollowsANewSnapshot() throws Exception {
        String source = "count-test";
        catalog.register(source, """
                name: 件数試験
                program: 件数試験
                department: {id: count-owner, name: 件数課, contact: 内線 0101}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                holdShare: 1.0
                fields:
                  - {name: note, column: 備考, label: 備考}
                """);
        access.grant("test", department, source, jp.tsunagu.access.GrantLevel.DETAIL, false);
        List<String> keys = jdbc.sql("SELECT person_key FROM person ORDER BY person_key LIMIT 2").query(String.class).list();
        imports.importFile(source, java.nio.file.Files.writeString(dir.resolve("count-1.csv"),
                "宛名番号,備考\n" + keys.get(0) + ",一人目\n"), "test", "test");
        jp.tsunagu.SampleCity.awaitListeners(jdbc);
        assertThat(body("/api/v1/department/persons?source=" + source, "d-kodomo")).contains("\"total\":1,");
        imports.importFile(source, java.nio.file.Files.writeString(dir.resolve("count-2.csv"),
                "宛名番号,備考\n" + keys.get(0) + ",一人目\n" + keys.get(1) + ",二人目\n"), "test", "test");
        jp.tsunagu.SampleCity.awaitListeners(jdbc);
        // the count of the day before once more, while the new snapshot's is taken behind it; then that one
        assertThat(body("/api/v1/department/persons?source=" + source, "d-kodomo")).contains("\"total\":1,");
        await("the new snapshot's count").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                .until(() -> body("/api/v1/department/persons?source=" + source, "d-kodomo"),
                        b -> b.contains("\"total\":2,"));
    }

    @Test
    void aListNotCountedWithinTheWaitIsShownWithAtLeastItsPageAndCountedBehindIt() throws Exception {
        jp.tsunagu.access.Viewer viewer = access.viewer("d-kodomo");
        // a filter no other test uses, so that nothing is counted yet
        DepartmentList.Query query = new DepartmentList.Query(List.of(), null, 2, 98, null, null, 1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        long wait = list.firstCountWaitMillis;
        list.firstCountWaitMillis = 200;
        list.beforeFirstCount = () -> {
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            DepartmentList.Page page = list.list(viewer, query, 10);
            assertThat(page.counted()).isFalse();
            assertThat(page.rows().items()).hasSize(10);
            assertThat(page.total()).as("at least this page and one more").isEqualTo(11);
            assertThat(page.totalDisplay()).isEqualTo("11人以上");
            assertThat(page.rows().next()).isEqualTo("2");
            String html = mvc.perform(get("/department?minAge=2&maxAge=98").with(user("d-kodomo")))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(html).contains("人以上").contains("人数を数えています");
            assertThat(body("/api/v1/department/persons?minAge=2&maxAge=98", "d-kodomo"))
                    .contains("\"totalExact\":false");
            // a page that comes while the count is under way waits no longer than the first one did (were it to
            // wait its own five minutes for the held count, the minute below would run out)
            list.firstCountWaitMillis = TimeUnit.MINUTES.toMillis(5);
            CompletableFuture<DepartmentList.Page> later = CompletableFuture.supplyAsync(() -> list.list(viewer, query, 10));
            assertThat(later.get(1, TimeUnit.MINUTES).counted()).isFalse();

            release.countDown();
            await("the count taken behind the page").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                    .until(() -> list.list(viewer, query, 10).counted());
            DepartmentList.Page counted = list.list(viewer, query, 10);
            assertThat(counted.total()).as("the count, as many as the rows of the whole list")
                    .isEqualTo(list.list(viewer, query, 0).rows().items().size()).isGreaterThan(10);
            assertThat(counted.totalDisplay()).doesNotContain("以上");
        } finally {
            release.countDown();
            list.beforeFirstCount = () -> { };
            list.firstCountWaitMillis = wait;
        }
    }

    @Autowired
    DepartmentList list;

    @Test
    void anOldCountIsShownOnceMoreAndTakenAgainBehindIt() throws Exception {
        String source = "recount-test";
        catalog.register(source, """
                name: 再集計試験
                program: 再集計試験
                department: {id: recount-owner, name: 再集計課, contact: 内線 0102}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                holdShare: 1.0
                fields:
                  - {name: note, column: 備考, label: 備考}
                """);
        access.grant("test", department, source, jp.tsunagu.access.GrantLevel.DETAIL, false);
        List<String> keys = jdbc.sql("SELECT person_key FROM person WHERE status = '住民' ORDER BY person_key DESC LIMIT 2")
                .query(String.class).list();
        imports.importFile(source, java.nio.file.Files.writeString(dir.resolve("recount.csv"),
                "宛名番号,備考\n" + keys.get(0) + ",一人目\n" + keys.get(1) + ",二人目\n"), "test", "test");
        jp.tsunagu.SampleCity.awaitListeners(jdbc);
        jp.tsunagu.access.Viewer viewer = access.viewer("d-kodomo");
        DepartmentList.Query query = new DepartmentList.Query(List.of(source), "住民", null, null, null, null, 1);
        long before = list.list(viewer, query, 50).total();
        assertThat(before).as("the two residents imported").isEqualTo(2);
        long reuse = list.countReuseNanos;
        try {
            // the person index changes (as after a master import) while the program's snapshot does not
            jdbc.sql("UPDATE person SET status = '消除' WHERE person_key = :k").param("k", keys.get(0)).update();
            assertThat(list.list(viewer, query, 50).total()).as("reused within the minute").isEqualTo(before);
            list.countReuseNanos = 0;
            assertThat(list.list(viewer, query, 50).total()).as("shown once more, taken again behind it")
                    .isEqualTo(before);
            await("the count taken again behind the page").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                    .until(() -> list.list(viewer, query, 50).total(), total -> total == before - 1);
        } finally {
            list.countReuseNanos = reuse;
            jdbc.sql("UPDATE person SET status = '住民' WHERE person_key = :k").param("k", keys.get(0)).update();
        }
    }

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void staffOpeningTheListTogetherWaitForOneCount() throws Exception {
        jp.tsunagu.access.Viewer viewer = access.viewer("d-kodomo");
        long wait = list.firstCountWaitMillis;
        // both wait for the count here, however long the lock holds it
        list.firstCountWaitMillis = TimeUnit.MINUTES.toMillis(2);
        // a filter no other test uses, so that nothing is counted yet
        DepartmentList.Query query = new DepartmentList.Query(List.of(), null, 3, 70, null, null, 1);
        // a recount that another test's page left behind would wait on the lock too, and be counted here
        await("the list's counts of other tests ended").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                .until(() -> !list.countsUnderWay());
        ExecutorService two = Executors.newFixedThreadPool(2);
        try (java.sql.Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE person IN ACCESS EXCLUSIVE MODE");
            Future<Long> first = two.submit(() -> list.list(viewer, query, 50).total());
            await("the first count waits for the lock").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(1))
                    .until(this::countsWaiting, n -> n == 1);
            CompletableFuture<Thread> secondThread = new CompletableFuture<>();
            Future<Long> other = two.submit(() -> {
                secondThread.complete(Thread.currentThread());
                return list.list(viewer, query, 50).total();
            });
            Thread second = secondThread.get(1, TimeUnit.MINUTES);
            // settled either way: joined the first request's count, or (wrongly) a second count on the lock
            await("the second request waits for the first one's count").pollInterval(SampleCity.POLL)
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> countsWaiting() > 1 || waitsForACountUnderWay(second));
            assertThat(countsWaiting()).as("one count in the database, not two").isEqualTo(1);
            lock.commit();
            assertThat(other.get(1, TimeUnit.MINUTES)).isEqualTo(first.get(1, TimeUnit.MINUTES));
        } finally {
            two.shutdownNow();
            list.firstCountWaitMillis = wait;
        }
    }

    @Test
    void aFirstPageKeepsItsOrderForAWhileButShowsEveryValueAsItIsNowAndAListByTownIsReadAnew() throws Exception {
        String url = "/api/v1/department/persons?sort=birth";
        String first = body(url, "d-kodomo");
        String key = JSON.readTree(first).path("persons").get(0).path("personKey").asString();
        record Person(String name, String address, String town, String birth, boolean protectedAddress) {
        }
        Person before = jdbc.sql("""
                SELECT name, address, substring(address_town(address) from '^[^0-9０-９]+'), birth_date::text, support_measure
                  FROM person WHERE person_key = :k""")
                .param("k", key).query((rs, i) -> new Person(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5))).single();
        assertThat(before.address()).isNotBlank();
        assertThat(before.protectedAddress()).isFalse();
        assertThat(first).contains(before.address());
        long reuse = list.countReuseNanos;
        try {
            // the oldest of the list is the oldest of their town: first in the town's list too
            assertThat(townList(before.town())).contains(key);
            // placed under 支援措置 by the person index, not by a program's import: the town's list is read anew,
            // and a person just protected is not found by where they live
            jdbc.sql("UPDATE person SET support_measure = true WHERE person_key = :k").param("k", key).update();
            assertThat(townList(before.town())).doesNotContain(key);

            // renamed and born last of all: the first page keeps its order for a while, with the values of now
            jdbc.sql("UPDATE person SET name = '順番 試験', birth_date = DATE '2099-12-31' WHERE person_key = :k")
                    .param("k", key).update();
            String kept = body(url, "d-kodomo");
            assertThat(JSON.readTree(kept).path("persons").get(0).path("personKey").asString())
                    .as("the first page's order, kept for a while").isEqualTo(key);
            assertThat(kept).as("the values of now").contains("順番 試験").doesNotContain(before.address());

            list.countReuseNanos = 0;
            String anew = body(url, "d-kodomo");
            assertThat(JSON.readTree(anew).path("persons").get(0).path("personKey").asString())
                    .as("read anew once the order is a minute old").isNotEqualTo(key);
        } finally {
            list.countReuseNanos = reuse;
            jdbc.sql("""
                    UPDATE person SET name = :n, birth_date = :b::date, support_measure = false WHERE person_key = :k""")
                    .param("n", before.name()).param("b", before.birth()).param("k", key).update();
        }
    }

    private String townList(String town) throws Exception {
        var response = mvc.perform(get("/api/v1/department/persons").param("town", town).param("sort", "birth")
                .with(user("d-kodomo"))).andReturn().getResponse();
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(town + ": " + body).isEqualTo(200);
        return body;
    }

    /**
     * Whether this request is parked on the count another request is taking: in {@code join} of a
     * future, called from {@code DepartmentList}. Nothing of that wait reaches the database, so it is
     * read from where the thread stands.
     */
    private static boolean waitsForACountUnderWay(Thread request) {
        List<StackTraceElement> stack = List.of(request.getStackTrace());
        return stack.stream().anyMatch(f -> f.getClassName().equals(CompletableFuture.class.getName())
                        && (f.getMethodName().equals("join") || f.getMethodName().equals("get")))
                && stack.stream().anyMatch(f -> f.getClassName().equals(DepartmentList.class.getName()));
    }

    /** Counts of the list under way in the database, waiting for the lock on person. */
    private long countsWaiting() {
        return jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database()
                   AND query LIKE 'SELECT count(*) FROM person p WHERE%' AND state = 'active'
                   AND wait_event_type = 'Lock'""")
                .query(Long.class).single();
    }

    private String body(String url, String username) throws Exception {
        return mvc.perform(get(url).with(user(username))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
