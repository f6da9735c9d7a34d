package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.AuditRows;
import jp.tsunagu.SampleCity;
import jp.tsunagu.StreamingReplica;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.DatabaseProperties;
import jp.tsunagu.platform.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Searches, person overviews, department lists and statistics read a real streaming replica of the
 * primary (読み取りレプリカ) while it keeps up, and the primary when it lags more than
 * {@code replica-max-lag} or is stopped; each bypass is counted. The audit row of a read served by the
 * replica is written on the primary (the replica is read-only). The embedded primary runs with
 * {@code wal-senders} so that the replica can be made from it.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"tsunagu.database.data-dir=" + SearchReplicaTests.PRIMARY,
        "tsunagu.database.wal-senders=4", "tsunagu.database.replica-max-lag=" + SearchReplicaTests.MAX_LAG + "s",
        "tsunagu.database.replica-check-interval=0s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchReplicaTests {

    static final String PRIMARY = "target/test-pg-replica-primary";
    /**
     * The lag allowed, in seconds: the test waits this long for a paused replica to fall behind it, and a
     * one-person import with a search after it must take less.
     */
    static final int MAX_LAG = 15;
    private static StreamingReplica replica;
    /** The context may ask for the URL again after a failure: it then gets the first failure, not a second. */
    private static RuntimeException failed;

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
    MeterRegistry meters;
    @Autowired
    jp.tsunagu.insights.Insights insights;
    @TempDir
    Path dir;

    /**
     * The replica is made from the primary before the application's context opens, so that its URL can
     * be a setting; the context then attaches to the same primary (one server per folder per JVM).
     */
    @DynamicPropertySource
    static void replicaUrl(DynamicPropertyRegistry registry) {
        registry.add("tsunagu.database.replica-url", () -> replica().jdbcUrl());
    }

    private static synchronized StreamingReplica replica() {
        if (failed != null) {
            throw failed;
        }
        if (replica == null) {
            try {
                EmbeddedDatabase primary = EmbeddedDatabase.start(new DatabaseProperties(Path.of(PRIMARY), true, false, 0, 4));
                replica = StreamingReplica.of(primary, Path.of("target/test-pg-replica-standby"));
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
        }
        return replica;
    }

    @BeforeAll
    void staff() {
        accounts.saveDepartment("s-shimin", "市民課", "内線 1210");
        accounts.save("s-shimin", "市民 一郎", SampleCity.PASSWORD, Role.CASEWORKER, "s-shimin");
    }

    @BeforeEach
    void replicaRunsAndReplays() {
        if (!replica().running()) {
            replica().start();
        }
        replica().resumeReplay();
    }

    @AfterAll
    void removeReplica() throws IOException {
        replica().close();
    }

    @Test
    void searchesReadTheReplicaAndGoToThePrimaryWhenItLagsTooMuch() throws Exception {
        TestRegistry.Resident first = resident("狭山 一葉", "サヤマ カズハ");
        TestRegistry.importResidents(catalog, imports, jdbc, dir, List.of(first));
        await().atMost(Duration.ofSeconds(60)).until(() -> search(first.key()).contains(first.name()));
        quiet();

        double byReplica = reads("replica");
        double byPrimary = reads("primary");
        long mark = AuditRows.mark(jdbc);
        assertThat(search(first.key())).contains(first.name());
        assertThat(reads("replica")).as("served by the replica").isEqualTo(byReplica + 1);
        assertThat(reads("primary")).isEqualTo(byPrimary);
        assertThat(AuditRows.since(jdbc, mark, "s-shimin")).as("the search's audit row, written on the primary")
                .anySatisfy(row -> assertThat(row.personKey() + " " + row.detail()).contains(first.key()));
        try (Connection c = replica().connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), inet_server_port()")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("the replica is a standby").isTrue();
            assertThat(rs.getInt(2)).isEqualTo(replica().port());
        }

        // the overview, the department list and the statistics read there too; the audit rows are the primary's
        mark = AuditRows.mark(jdbc);
        double before = reads("replica");
        assertThat(overview(first.key()).getStatus()).isEqualTo(200);
        assertThat(reads("replica")).as("the overview served by the replica").isEqualTo(before + 1);
        assertThat(AuditRows.since(jdbc, mark, "s-shimin")).as("the overview's audit row, written on the primary")
                .anySatisfy(row -> assertThat(row.personKey()).isEqualTo(first.key()));
        before = reads("replica");
        assertThat(departmentList()).isEqualTo(200);
        assertThat(reads("replica")).as("the department list served by the replica").isEqualTo(before + 1);
        // the figures exist once the refresh has committed; it then prepares the dashboard, reading the replica
        // itself: counted only when it has finished
        await().atMost(Duration.ofSeconds(60)).until(() -> statistics() == 200);
        quiet();
        before = reads("replica");
        assertThat(statistics()).isEqualTo(200);
        assertThat(reads("replica")).as("the statistics (period and figures) served by the replica").isEqualTo(before + 2);
        assertThat(reads("primary")).as("nothing of these bypassed the replica").isEqualTo(byPrimary);

        // the replica stops replaying: a person imported now is on the primary only
        replica().pauseReplay();
        TestRegistry.Resident later = resident("入間 二葉", "イルマ フタバ");
        TestRegistry.importResidents(catalog, imports, jdbc, dir, List.of(later));
        quiet();
        double beforeStale = reads("replica");
        assertThat(search(later.key())).as("the replica, behind but within the lag allowed, answers without her")
                .doesNotContain(later.name());
        assertThat(reads("replica")).isEqualTo(beforeStale + 1);
        assertThat(overview(later.key()).getStatus()).as("the replica's overview does not know her yet").isEqualTo(404);
        assertThat(reads("replica")).isEqualTo(beforeStale + 2);

        double lagBypasses = bypassed("lag");
        await().atMost(Duration.ofSeconds(120)).until(() -> search(later.key()).contains(later.name()));
        assertThat(bypassed("lag")).as("once the lag is over " + MAX_LAG + " s the primary answers")
                .isGreaterThan(lagBypasses);
        lagBypasses = bypassed("lag");
        assertThat(overview(later.key()).getContentAsString(StandardCharsets.UTF_8)).as("the primary's overview")
                .contains(later.name());
        assertThat(bypassed("lag")).isEqualTo(lagBypasses + 1);
        assertThat(meters.get("tsunagu.database.replica.lag").gauge().value()).isGreaterThan(MAX_LAG);

        replica().resumeReplay();
        double afterCatchUp = reads("replica");
        await().atMost(Duration.ofSeconds(60)).until(() -> search(later.key()).contains(later.name())
                && reads("replica") > afterCatchUp);
        assertThat(meters.get("tsunagu.database.replica.lag").gauge().value()).isLessThan(MAX_LAG);
    }

    @Test
    void aStoppedReplicaIsBypassedAndSearchesStillAnswer() throws Exception {
        TestRegistry.Resident person = resident("所沢 三枝", "トコロザワ ミエ");
        TestRegistry.importResidents(catalog, imports, jdbc, dir, List.of(person));
        await().atMost(Duration.ofSeconds(60)).until(() -> search(person.key()).contains(person.name()));
        quiet();

        replica().stop();
        double byReplica = reads("replica");
        double down = bypassed("down");
        long mark = AuditRows.mark(jdbc);
        assertThat(search(person.key())).as("answered by the primary").contains(person.name());
        assertThat(search(person.key())).contains(person.name());
        assertThat(reads("replica")).isEqualTo(byReplica);
        assertThat(bypassed("down")).isEqualTo(down + 2);
        assertThat(AuditRows.since(jdbc, mark, "s-shimin")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(overview(person.key()).getContentAsString(StandardCharsets.UTF_8)).contains(person.name());
        assertThat(departmentList()).isEqualTo(200);
        assertThat(statistics()).isEqualTo(200);
        assertThat(reads("replica")).isEqualTo(byReplica);
        assertThat(bypassed("down")).as("search ×2, overview, department list, statistics ×2").isEqualTo(down + 6);
        assertThat(AuditRows.since(jdbc, mark, "s-shimin")).anySatisfy(row -> assertThat(row.personKey()).isEqualTo(person.key()));

        String metrics = mvc.perform(get("/actuator/prometheus").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(metrics).contains("tsunagu_database_replica_bypassed_total{reason=\"down\"}")
                .contains("tsunagu_database_reads_total{server=\"primary\"}");

        replica().start();
        double afterStart = reads("replica");
        await().atMost(Duration.ofSeconds(60)).until(() -> search(person.key()).contains(person.name())
                && reads("replica") > afterStart);
    }

    /**
     * Waits until the import's events have all been handled (the person index publishes its own event after
     * the import's) and the statistics' refresh they asked for has finished: that refresh reads the replica
     * too, and would otherwise be counted with the request under test.
     */
    private void quiet() {
        await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0
                && insights.settled());
    }

    private static TestRegistry.Resident resident(String name, String kana) {
        return new TestRegistry.Resident(TestRegistry.nextKey(), name, kana, LocalDate.of(1980, 4, 1),
                "埼玉県狭山市入間川一丁目1番1号");
    }

    private double reads(String server) {
        Counter counter = meters.find("tsunagu.database.reads").tag("server", server).counter();
        return counter == null ? 0 : counter.count();
    }

    private double bypassed(String reason) {
        Counter counter = meters.find("tsunagu.database.replica.bypassed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private MockHttpServletResponse overview(String personKey) throws Exception {
        return mvc.perform(get("/api/v1/persons/{key}/overview", personKey).with(user("s-shimin"))).andReturn().getResponse();
    }

    private int departmentList() throws Exception {
        return mvc.perform(get("/api/v1/department/persons").with(user("s-shimin"))).andReturn().getResponse().getStatus();
    }

    private int statistics() throws Exception {
        return mvc.perform(get("/api/v1/insights/freshness").with(user("s-shimin"))).andReturn().getResponse().getStatus();
    }

    private String search(String q) throws Exception {
        return mvc.perform(get("/api/v1/persons").param("q", q).with(user("s-shimin")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
