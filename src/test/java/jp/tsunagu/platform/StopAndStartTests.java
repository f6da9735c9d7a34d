package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and starting the real application (停止と起動, issue 19): the application runs in a child JVM on its
 * own embedded PostgreSQL, as an operator runs it.
 *
 * <p>{@code SIGTERM} while clerks search, a department list is counted and an import runs: the process ends within
 * 10 s, its log has no pool validating connections to a stopped server and no stack trace of a closed pool, the
 * embedded server is gone with it, and the next start shows the interrupted import as 中断 and imports the file
 * again, fully. {@code kill -9} of the JVM and of the embedded server together: the next start comes up by itself
 * (a stale {@code postmaster.pid}, crash recovery) with the data in place.
 */
class StopAndStartTests {

    static final String ADMIN_PASSWORD = "Stop-and-start-1";
    static final int PERSONS = 3_000;
    /**
     * Big enough that the import is still running when the stop comes: the stop follows the first report of rows
     * read (a few hundred milliseconds), and the import then has most of its rows before it (1,500,000 until the
     * clerks' first answers were awaited before the file came: two full imports of them were a third of the
     * class's time).
     */
    static final int BIG_ROWS = 600_000;
    /** A demo city whose 23 imports take several seconds in all: the stop comes after the second has begun. */
    static final int DEMO_RESIDENTS = 20_000;

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final AtomicBoolean clerksWork = new AtomicBoolean();
    private final List<Thread> clerks = new ArrayList<>();
    private int port;

    @AfterEach
    void stopEverything() throws Exception {
        clerksWork.set(false);
        for (Thread clerk : clerks) {
            clerk.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
        postmaster().ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void aStopDuringSearchesACountAndAnImportEndsWithin10SecondsAndTheNextStartImportsTheFileAgain() throws Exception {
        writeSources();
        drop("jumin", "registry.csv", registry());
        drop("kaigo", "kaigo.csv", program(PERSONS / 2));
        Process first = start();
        await("the registry and the program are imported and indexed").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500)).failFast("the child ended", () -> !first.isAlive())
                .until(() -> count("SELECT count(*) FROM import_run WHERE status = 'APPLIED'") == 2
                        && count("SELECT count(*) FROM person_index_source WHERE source_id = 'jumin'") == 1);

        HttpClient browser = login();
        AtomicInteger searches = new AtomicInteger();
        AtomicInteger lists = new AtomicInteger();
        clerksWork.set(true);
        for (int i = 0; i < 3; i++) {
            clerk(browser, n -> "/search?q=" + URLEncoder.encode("ヤマダ " + (n % 50), StandardCharsets.UTF_8), searches);
        }
        // a new age range each time: a count the list has not cached
        clerk(browser, n -> "/department?source=kaigo&minAge=" + (n % 60) + "&maxAge=" + (60 + n % 40), lists);
        await("the clerks' pages answer").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .failFast("the child ended", () -> !first.isAlive())
                .until(() -> searches.get() > 0 && lists.get() > 0);
        drop("big", "big.csv", program(BIG_ROWS));
        await("the big import runs while the clerks work").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100)).failFast("the child ended", () -> !first.isAlive())
                .until(() -> count("SELECT count(*) FROM import_run WHERE source_id = 'big' AND status = 'RUNNING'"
                        + " AND rows_read > 0") == 1);
        long pgPid = postmaster().orElseThrow().pid();

        long stopped = stop(first);
        System.out.printf("StopAndStartTests: a stop under load took %d ms%n", stopped);
        assertThat(stopped).as("ms from SIGTERM to the end of the process").isLessThan(10_000);
        assertThat(first.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
        String log = log(0);
        assertThat(log).doesNotContain("Failed to validate connection").doesNotContain("has been closed")
                .doesNotContainPattern("(?m)^\\s+at com\\.zaxxer\\.hikari")
                .contains("停止により中断しました").contains("組込みPostgreSQLを停止しました");
        assertThat(dir.resolve("pg/postmaster.pid")).as("removed by the embedded server's clean stop").doesNotExist();
        await("the embedded PostgreSQL's process is gone (reaped once its parent, the JVM, ended)")
                .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.of(pgPid).filter(ProcessHandle::isAlive).isEmpty());
        assertThat(dir.resolve("inbox/big/big.csv")).as("the interrupted file waits in the inbox").exists();

        clerksWork.set(false);
        Process second = start();
        await("the next start imports the interrupted file again").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500)).failFast("the second child ended", () -> !second.isAlive())
                .until(() -> count("SELECT count(*) FROM import_run WHERE source_id = 'big' AND status = 'APPLIED'") == 1);
        assertThat(count("SELECT count(*) FROM import_run WHERE source_id = 'big' AND status = 'INTERRUPTED'"
                + " AND message LIKE 'アプリケーションの停止により取込を中断しました%'")).isOne();
        assertThat(count("SELECT added FROM import_run WHERE source_id = 'big' AND status = 'APPLIED'")).isEqualTo(BIG_ROWS);
        assertThat(count("SELECT record_count FROM source WHERE source_id = 'big'")).isEqualTo(BIG_ROWS);
        assertThat(count("SELECT count(*) FROM source_record WHERE source_id = 'big'")).isEqualTo(BIG_ROWS);
        HttpClient operator = login();
        assertThat(get(operator, "/imports/sources/big")).as("the source's runs after the next start")
                .contains("中断").contains("反映済");
        long interrupted = count("SELECT run_id FROM import_run WHERE source_id = 'big' AND status = 'INTERRUPTED'");
        assertThat(get(operator, "/imports/runs/" + interrupted)).as("the interrupted run's report")
                .contains("中断").contains("アプリケーションの停止により取込を中断しました");

        long idle = stop(second);
        System.out.printf("StopAndStartTests: an idle stop took %d ms%n", idle);
        assertThat(idle).isLessThan(10_000);
        assertThat(log(1)).doesNotContain("Failed to validate connection").doesNotContain("has been closed");
    }

    @Test
    void aStartAfterKill9OfTheApplicationAndOfItsDatabaseRecoversWithTheDataInPlace() throws Exception {
        writeSources();
        drop("jumin", "registry.csv", registry());
        Process first = start();
        await("the registry is imported and indexed").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500)).failFast("the child ended", () -> !first.isAlive())
                .until(() -> count("SELECT count(*) FROM person_index_source WHERE source_id = 'jumin'") == 1);
        drop("big", "big.csv", program(BIG_ROWS));
        await("the big import runs").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .failFast("the child ended", () -> !first.isAlive())
                .until(() -> count("SELECT count(*) FROM import_run WHERE source_id = 'big' AND status = 'RUNNING'"
                        + " AND rows_read > 0") == 1);

        ProcessHandle pg = postmaster().orElseThrow();
        first.destroyForcibly();
        pg.destroyForcibly();
        assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(pg.onExit().get(1, TimeUnit.MINUTES).isAlive()).isFalse();
        assertThat(dir.resolve("pg/postmaster.pid")).as("left behind by the killed server").exists();

        Process second = start();
        await("the next start comes up without a hand and imports the file again").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500)).failFast("the second child ended", () -> !second.isAlive())
                .until(() -> count("SELECT count(*) FROM import_run WHERE source_id = 'big' AND status = 'APPLIED'") == 1);
        assertThat(count("SELECT count(*) FROM person WHERE master_source = 'jumin'")).isEqualTo(PERSONS);
        assertThat(count("SELECT count(*) FROM import_run WHERE source_id = 'jumin' AND status = 'APPLIED'")).isOne();
        assertThat(count("SELECT count(*) FROM import_run WHERE source_id = 'big' AND status = 'INTERRUPTED'"))
                .as("the run the kill interrupted").isOne();
        assertThat(count("SELECT count(*) FROM source_record WHERE source_id = 'big'")).isEqualTo(BIG_ROWS);
        assertThat(get(login(), "/search?q=" + URLEncoder.encode("ヤマダ タロウ", StandardCharsets.UTF_8)))
                .as("search after the recovery").contains("山田 太郎");
        assertThat(log(1)).contains("前回の異常終了で残った postmaster.pid があります").doesNotContain("Failed to validate connection");
    }

    /**
     * Ctrl+C while the demo city is prepared (the operator's first start, 23 imports, the person index and the
     * programs' listeners running behind them): the process ends within 10 s and says in one line that the
     * preparation was interrupted, with no error and no stack trace in its log — neither the runner's
     * 「Application run failed」 nor the listeners a stop cancels. The next start imports the rest and is stopped as
     * soon as it says the city is ready (its consultation records and the person index under way): again no error
     * and no stack trace. A third start writes the consultation records, and every source is imported.
     */
    @Test
    void aStopWhileTheDemoCityIsPreparedSaysSoInOneLineAndTheNextStartPreparesTheRest() throws Exception {
        String[] demo = {"--demo", "--tsunagu.demo.size=" + DEMO_RESIDENTS, "--tsunagu.demo.data-dir=" + dir.resolve("demo")};
        Process first = start(demo);
        await("the demo city's imports are under way").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .failFast("the child ended", () -> !first.isAlive()).until(() -> log(0).contains("[ 2/"));
        long stopped = stop(first);
        System.out.printf("StopAndStartTests: a stop while the demo city was prepared took %d ms%n", stopped);
        assertThat(stopped).as("ms from SIGTERM to the end of the process").isLessThan(10_000);
        assertThat(first.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
        String log = log(0);
        assertThat(log).contains("停止の指示により、デモ自治体の準備を中断しました").doesNotContain("Application run failed")
                .doesNotContainPattern("(?m)^\\S+ +ERROR ").doesNotContainPattern("(?m)^\\s+at ")
                .doesNotContain("デモ自治体の準備ができました");

        // the next start imports the rest; stopped as soon as it says so, while the consultation records are
        // written (one transaction) and the person index is built behind it
        Process second = start(demo);
        await("the next start imports the rest of the demo city").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(50)).failFast("the second child ended", () -> !second.isAlive())
                .until(() -> log(1).contains("デモ自治体の準備ができました"));
        assertThat(stop(second)).isLessThan(10_000);
        assertThat(log(1)).doesNotContain("Application run failed").doesNotContainPattern("(?m)^\\S+ +ERROR ")
                .doesNotContainPattern("(?m)^\\s+at ");

        Process third = start(demo);
        await("the third start writes the consultation records").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(300)).failFast("the third child ended", () -> !third.isAlive())
                .until(() -> log(2).contains("でログインしてください") && count("SELECT count(*) FROM consultation") > 0);
        assertThat(count("SELECT count(DISTINCT source_id) FROM import_run WHERE status = 'APPLIED'"))
                .as("every source of the demo city imported").isEqualTo(jp.tsunagu.sample.SampleMunicipality.sourceIds().size());
        assertThat(stop(third)).isLessThan(10_000);
        assertThat(log(2)).doesNotContain("Application run failed").doesNotContainPattern("(?m)^\\S+ +ERROR ")
                .doesNotContainPattern("(?m)^\\s+at ");
    }

    /** Sends SIGTERM and waits for the end of the process; the milliseconds it took. */
    private static long stop(Process child) throws InterruptedException {
        long t0 = System.nanoTime();
        child.destroy();
        boolean ended = child.waitFor(60, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ended).as("the process ended within a minute (it took %d ms)", ms).isTrue();
        return ms;
    }

    private void clerk(HttpClient browser, java.util.function.IntFunction<String> path, AtomicInteger answered) {
        Thread t = new Thread(() -> {
            int n = 0;
            while (clerksWork.get()) {
                try {
                    HttpResponse<String> r = browser.send(HttpRequest.newBuilder(url(path.apply(n++)))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        answered.incrementAndGet();
                    }
                } catch (IOException e) {
                    // the server is stopping: the clerk's browser would show an error
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "clerk-" + clerks.size());
        t.setDaemon(true);
        clerks.add(t);
        t.start();
    }

    private HttpClient login() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
        String page = get(browser, "/login");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
        String form = "username=admin&password=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.uri().getPath()).as("logged in").isNotEqualTo("/login");
        return browser;
    }

    private String get(HttpClient browser, String path) throws Exception {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Process start(String... arguments) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        // the client compiler and the serial collector start the application sooner (see CrashDuringUploadTests)
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jp.tsunagu.ChildJvm.classPath());
        command.add("jp.tsunagu.TsunaguApplication");
        command.add("--server.port=" + port);
        command.add("--tsunagu.database.data-dir=" + dir.resolve("pg"));
        command.add("--tsunagu.importing.sources-dir=" + dir.resolve("sources"));
        command.add("--tsunagu.importing.inbox-dir=" + dir.resolve("inbox"));
        command.add("--tsunagu.importing.inbox-poll-interval=1s");
        command.add("--tsunagu.audit.checkpoint-interval=0");
        command.add("--tsunagu.evacuation.dir=" + dir.resolve("evacuation"));
        command.addAll(List.of(arguments));
        Path log = Files.createDirectories(Path.of("target/stop-and-start")).resolve(
                ProcessHandle.current().pid() + "-" + dir.getFileName() + "-child-" + children.size() + ".log");
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        child.environment().put("TSUNAGU_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process process = child.start();
        children.add(process);
        logs.add(log);
        await("the child's web server answers").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300))
                .failFast("the child ended: " + log, () -> !process.isAlive())
                .ignoreExceptions().until(() -> HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200);
        return process;
    }

    private String log(int child) throws IOException {
        return Files.readString(logs.get(child), StandardCharsets.UTF_8);
    }

    /** The embedded server's postmaster, from the first line of its postmaster.pid. */
    private java.util.Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("pg/postmaster.pid"));
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** A number from the child's database, over a connection of the test's own (port and password from its folder). */
    private long count(String sql) throws IOException, SQLException {
        Path pg = dir.resolve("pg");
        List<String> pid = Files.readAllLines(pg.resolve("postmaster.pid"));
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        login.setProperty("password", DatabasePassword.of(pg).read().orElseThrow());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres",
                login); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void writeSources() throws IOException {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        Files.writeString(sources.resolve("jumin.yml"), """
                name: 住民記録（停止試験）
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
        for (String id : List.of("kaigo", "big")) {
            Files.writeString(sources.resolve(id + ".yml"), """
                    name: 介護（停止試験 %s）
                    program: 介護保険
                    department: {id: kaigo, name: 介護保険課, contact: 内線 1300}
                    encoding: UTF-8
                    header: true
                    personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                    recordKey: [番号]
                    fields:
                      - {name: number, column: 番号, label: 番号, type: text}
                      - {name: level, column: 要介護度, label: 要介護度, type: code, codes: {"1": 要介護1, "2": 要介護2}}
                    """.formatted(id));
        }
    }

    private Path registry() throws IOException {
        Path file = dir.resolve("registry.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("宛名番号,氏名,カナ氏名,生年月日,住所\n");
            for (int i = 0; i < PERSONS; i++) {
                out.write(String.format("%010d,山田 太郎%d,ヤマダ タロウ,%d%02d%02d,埼玉県狭山市入間川%d丁目%n", 1_000_000 + i, i,
                        1930 + i % 90, 1 + i % 12, 1 + i % 28, 1 + i % 4));
            }
        }
        return file;
    }

    /** A program's file: one record per number, the persons of the registry in turn. */
    private Path program(int rows) throws IOException {
        Path file = Files.createTempFile(dir, "program", ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("宛名番号,番号,要介護度\n");
            for (int i = 0; i < rows; i++) {
                out.write(String.format("%010d,%d,%d%n", 1_000_000 + i % PERSONS, i, 1 + i % 2));
            }
        }
        return file;
    }

    private void drop(String source, String name, Path file) throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox").resolve(source));
        Files.move(file, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
