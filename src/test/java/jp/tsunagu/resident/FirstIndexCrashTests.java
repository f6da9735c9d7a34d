package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.EmbeddedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code kill -9} of the application in the middle of a first index: nothing of the half-built index is
 * visible (the person table holds none of the source's persons), search says 「索引を作成中です（n%）」 from
 * the moment the import is applied, and the next start of the application builds the index again from
 * the beginning and completes it. The application runs in child JVMs on this test's database (given by
 * URL); it takes the registry from its inbox; this JVM searches the same database all along and never
 * gets a result until the index is complete.
 *
 * <p>The kill lands mid-index by a lock rather than by the registry's size: while the first child builds, a
 * trigger that this test puts on {@code person_index_build} makes the progress write of the second finished
 * index wait for an advisory lock the test holds. The first index built (the primary key) is recorded, the
 * others are under way or waiting, the swap cannot come; the child is killed there, then the lock released and
 * the trigger dropped before the next start.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-firstindex-crash")
class FirstIndexCrashTests {

    static final int ROWS = 10_000;
    /** The advisory lock that the test's trigger makes the first child's progress writes wait for. */
    static final long HOLD = 0x4649_5253_5448_4f4cL;
    static final String SOURCE = "jumin-crash";

    @Autowired
    MockMvc mvc;
    @Autowired
    EmbeddedDatabase database;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    PersonSearch search;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    /** What each search of this JVM answered while the children worked. */
    private final List<String> answers = new ArrayList<>();

    /** The test's connection that holds the lock (closed after each test, which releases it). */
    private final List<Connection> holding = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException, SQLException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
        for (Connection c : holding) {
            c.close();
        }
    }

    @Test
    void aKillDuringTheFirstIndexLeavesNothingVisibleAndTheNextStartCompletesIt() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        Files.writeString(sources.resolve(SOURCE + ".yml"), """
                name: 住民記録（中断試験）
                program: 住民基本台帳
                department: {id: shimin, name: 市民課, contact: 内線 1210}
                role: resident-registry
                encoding: UTF-8
                header: true
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号]
                fields:
                  - {name: name, column: 氏名, label: 氏名, type: text}
                  - {name: kana, column: カナ氏名, label: カナ氏名, type: text}
                  - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
                  - {name: address, column: 住所, label: 住所, type: text, kind: address}
                master: {name: name, kana: kana, birthDate: birth_date, address: address}
                """);
        catalog.registerFolder(sources);
        String key = "0001000007";
        assertThat(searchNow(key)).as("nothing imported yet: an empty answer is complete").isEqualTo("0 hits");
        dropIntoInbox();

        Connection hold = database.connect();
        holding.add(hold);
        try (Statement st = hold.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + HOLD + ")");
            st.execute("""
                    CREATE FUNCTION first_index_crash_hold() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_advisory_xact_lock(%d); RETURN NEW; END $$""".formatted(HOLD));
            st.execute("""
                    CREATE TRIGGER first_index_crash_hold BEFORE UPDATE ON person_index_build
                       FOR EACH ROW WHEN (NEW.indexes_done >= 2) EXECUTE FUNCTION first_index_crash_hold()""");
        }
        Process first = startApplication();
        await("the child imports the registry and builds its first index").pollInterval(Duration.ofMillis(200))
                .atMost(Duration.ofMinutes(20))
                .failFast("the child ended before its first index was interrupted", () -> !first.isAlive())
                .until(() -> {
                    searchWhileBuilding(key);
                    return progress("indexes_done") >= 1;
                });
        String screen = mvc.perform(get("/imports").with(user("admin").roles("ADMIN"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(screen).as("the import screen shows the first index's progress").contains("宛名索引を作成中")
                .contains(String.format("/ %,d 人", ROWS)).containsPattern("毎秒 [0-9,]+ 人");
        first.destroyForcibly();
        assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
        try (Statement st = hold.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + HOLD + ")");
            // waits for the killed child's server process that waited in the trigger: it ends without a client
            st.execute("DROP TRIGGER first_index_crash_hold ON person_index_build");
            st.execute("DROP FUNCTION first_index_crash_hold()");
        }
        assertThat(progress("indexes_done")).as("the second index's progress was never written").isEqualTo(1);
        int percent = (int) progress("percent");
        assertThat(percent).as("the share done when the child was killed").isBetween(1, 99);

        assertThat(count("SELECT count(*) FROM person WHERE master_source = '" + SOURCE + "'"))
                .as("nothing of the half-built index is visible").isZero();
        assertThat(count("SELECT count(*) FROM person_index_source WHERE source_id = '" + SOURCE + "'")).isZero();
        assertThat(searchNow(key)).as("after the kill").isEqualTo("building " + percent + "%");

        Process second = startApplication();
        await("the next start builds the index again and completes it").pollInterval(Duration.ofMillis(200))
                .atMost(Duration.ofMinutes(20))
                .failFast("the second child ended", () -> !second.isAlive())
                .until(() -> {
                    searchWhileBuilding(key);
                    return count("SELECT count(*) FROM person_index_source WHERE source_id = '" + SOURCE + "'") == 1;
                });
        await("the index event is complete").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT count(*) FROM event_publication WHERE completion_date IS NULL") == 0);

        assertThat(count("SELECT count(*) FROM person WHERE master_source = '" + SOURCE + "'")).isEqualTo(ROWS);
        assertThat(count("SELECT count(*) FROM person_index_build")).as("no progress left").isZero();
        assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'person_build'")).as("no build table left")
                .isZero();
        assertThat(count("SELECT count(*) FROM import_run WHERE source_id = '" + SOURCE + "'"))
                .as("one import: the index was built again from the applied snapshot").isEqualTo(1);
        assertThat(answers).as("searches during the builds").anyMatch(a -> a.startsWith("building"))
                .doesNotContain(EMPTY_AS_COMPLETE);
        assertThat(search.search(key, PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                .as("the completed index finds the person").contains(key);
        assertThat(search.search("ヤマダ", PersonSearch.Filters.NONE, 50)).hasSize(50);
        assertThat(children.stream().map(this::log).toList()).as("children's logs")
                .anyMatch(l -> l.contains("宛名索引の最初の作成が終わりました"));
    }

    private static final String EMPTY_AS_COMPLETE = "no person found, although the registry was applied";

    /**
     * A search during a child's work: before the registry is applied an empty answer is right; once it is
     * applied, the index is either being built (the building state) or complete (the person is found) —
     * the swap puts every person in place at once — and an empty answer would be a partial one.
     */
    private void searchWhileBuilding(String key) {
        boolean applied = count("SELECT count(*) FROM source WHERE source_id = '" + SOURCE
                + "' AND current_run IS NOT NULL") > 0;
        String answer = searchNow(key);
        answers.add(answer.equals("0 hits") && applied ? EMPTY_AS_COMPLETE : answer);
    }

    private String searchNow(String key) {
        try {
            return search.search(key, PersonSearch.Filters.NONE, 50).size() + " hits";
        } catch (IndexBuildingException e) {
            assertThat(e.getMessage()).startsWith("索引を作成中です（" + e.percent() + "%）");
            return "building " + e.percent() + "%";
        }
    }

    private long progress(String column) {
        return jdbc.sql("SELECT COALESCE(max(" + column + "), 0) FROM person_index_build WHERE source_id = :s")
                .param("s", SOURCE).query(Long.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private void dropIntoInbox() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox").resolve(SOURCE));
        Path file = dir.resolve("registry.csv");
        String[] family = {"ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ"};
        String[] kanji = {"山田", "佐藤", "鈴木", "高橋", "田中"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("宛名番号,氏名,カナ氏名,生年月日,住所\n");
            for (int i = 0; i < ROWS; i++) {
                int f = i % family.length;
                out.write(String.format("%010d,%s 太郎%d,%s タロウ,%d%02d%02d,埼玉県狭山市入間川%d丁目%d番%d号%n",
                        1_000_000 + i, kanji[f], i, family[f], 1930 + i % 90, 1 + i % 12, 1 + i % 28, 1 + i % 4,
                        1 + i % 30, 1 + i % 20));
            }
        }
        Files.move(file, inbox.resolve("registry.csv"), StandardCopyOption.ATOMIC_MOVE);
    }

    private Process startApplication() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // the client compiler and the serial collector start the application sooner (see CrashDuringUploadTests)
        // and change nothing of what is checked
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jp.tsunagu.ChildJvm.classPath());
        command.add("jp.tsunagu.TsunaguApplication");
        command.add("--spring.datasource.url=" + database.jdbcUrl());
        command.add("--server.port=0");
        command.add("--tsunagu.importing.sources-dir=" + dir.resolve("sources"));
        command.add("--tsunagu.importing.inbox-dir=" + dir.resolve("inbox"));
        command.add("--tsunagu.importing.inbox-poll-interval=1s");
        command.add("--tsunagu.audit.checkpoint-interval=0");
        command.add("--logging.level.root=WARN");
        command.add("--logging.level.jp.tsunagu.resident=INFO");
        // the audit key and checkpoints of the child go beside its own folder, not into the working folder
        command.add("--tsunagu.database.data-dir=" + dir.resolve("child-pg"));
        // beside the build's output, not in the temporary folder: kept to read when the test fails
        Path log = Files.createDirectories(Path.of("target/firstindex-crash"))
                .resolve("child-" + children.size() + ".log");
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // through the environment rather than the command line, which every local user can read
        child.environment().put("SPRING_DATASOURCE_PASSWORD", database.password());
        child.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
        Process process = child.start();
        children.add(process);
        logs.add(log);
        return process;
    }

    private String log(Process child) {
        try {
            return Files.readString(logs.get(children.indexOf(child)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
