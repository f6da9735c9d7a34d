package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.platform.DatabaseProperties;
import jp.tsunagu.platform.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security probe's search (finding F1) against the application as it runs: a web server in a
 * child JVM with a 256 MB heap, on a database this test owns. Before the search had a budget, 25
 * words threw OutOfMemoryError on a 6 GB heap and took Tomcat's threads with it; now they are
 * refused with the reason, three at once too, and the server goes on answering searches and its
 * health check.
 */
class SearchOnASmallHeapTests {

    static final String PASSWORD = "small-heap-admin-1";

    @TempDir
    static Path dir;
    static EmbeddedDatabase database;
    static Process server;
    static Path log;
    static String base;
    static final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    static final JsonMapper json = JsonMapper.builder().build();
    static final TestRegistry.Resident HANAKO = new TestRegistry.Resident("9100000001", "山田 花子", "ヤマダ ハナコ",
            LocalDate.of(1980, 5, 5), "埼玉県狭山市入間川一丁目2番3号");
    static final TestRegistry.Resident TARO = new TestRegistry.Resident("9100000002", "山田 太郎", "ヤマダ タロウ",
            LocalDate.of(1975, 1, 2), "埼玉県狭山市中央三丁目4番5号");

    @BeforeAll
    static void serverOnASmallHeap() throws Exception {
        // copied from the test JVM's template cluster (made by initdb once per JVM, where the Spring tests'
        // databases are copied from too: tsunagu.database.template in application-test.properties)
        // not in the temporary folder: the server runs on until the JVM ends, and JUnit's deleting the folder under
        // a running server failed a class now and then (CrashDuringApplyTests)
        String fork = System.getProperty("tsunagu.test.fork", "1");
        database = EmbeddedDatabase.start(new DatabaseProperties(Path.of("target/test-pg-small-heap-f" + fork), true,
                false, 0, 0,
                jp.tsunagu.TestTemplate.folder()));
        Path sources = Files.createDirectories(dir.resolve("sources"));
        Files.writeString(sources.resolve("test-registry.yml"), TestRegistry.DEFINITION, StandardCharsets.UTF_8);
        Path inbox = Files.createDirectories(dir.resolve("inbox").resolve("test-registry"));
        Files.writeString(inbox.resolve("residents.csv"), TestRegistry.csv(List.of(HANAKO, TARO)), StandardCharsets.UTF_8);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://localhost:" + port;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // the quick compiler only starts the server sooner on two cores; its code allocates no less
                // than the optimising compiler's (no escape analysis), so the heap is tried no less hard
                "-XX:TieredStopAtLevel=1"));
        command.addAll(jp.tsunagu.ChildJvm.classPath());
        command.addAll(List.of("jp.tsunagu.TsunaguApplication",
                "--spring.datasource.url=" + database.jdbcUrl(), "--server.port=" + port,
                "--tsunagu.importing.sources-dir=" + sources, "--tsunagu.importing.inbox-dir=" + dir.resolve("inbox"),
                "--tsunagu.importing.inbox-poll-interval=1s", "--logging.level.root=WARN"));
        log = dir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TSUNAGU_ADMIN_PASSWORD", PASSWORD);
        // the test's own database asks for its generated password (scram-sha-256)
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", database.password());
        server = builder.start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(server.isAlive()).as("the server stopped: %s", log()).isTrue();
            return healthy();
        });
        logIn();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> keys(get("/api/v1/persons", "山田 花子")).contains(HANAKO.key()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(1, TimeUnit.MINUTES)) {
                server.destroyForcibly();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theProbesTwentyFiveWordsAreRefusedAndTheServerStaysHealthy() throws Exception {
        String probe = probe(25);
        assertThat(URLEncoder.encode(probe, StandardCharsets.UTF_8).replace("+", "%20")).as("the probe's 558 bytes")
                .hasSize(558);

        HttpResponse<String> refused = get("/api/v1/persons", probe);
        assertThat(refused.statusCode()).as(log()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).path("error").asString()).isEqualTo(SearchBudgetTests.TOO_LARGE);
        assertThat(refused.body()).doesNotContain("persons");
        HttpResponse<String> page = get("/search", probe);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains(SearchBudgetTests.TOO_LARGE).doesNotContain(HANAKO.key());

        // three at once: the probe's run in which /actuator/health timed out
        List<CompletableFuture<HttpResponse<String>>> together = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            together.add(http.sendAsync(request("/api/v1/persons", probe(20 + i)), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : together) {
            assertThat(answer.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(400);
        }

        HttpResponse<String> after = get("/api/v1/persons", "山田 花子");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(keys(after)).contains(HANAKO.key()).doesNotContain(TARO.key());
        assertThat(healthy()).isTrue();
        assertThat(server.isAlive()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void theLargestSearchOfTheProbesWordsWithinTheBudgetIsAnsweredOnASmallHeap() throws Exception {
        String eight = probe(SearchQuery.MAX_TERMS);

        HttpResponse<String> answer = get("/api/v1/persons", eight);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).path("count").asInt()).isZero();
        assertThat(healthy()).isTrue();
        assertThat(keys(get("/api/v1/persons", "やまだ はなこ"))).contains(HANAKO.key()).doesNotContain(TARO.key());
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    private static String probe(int words) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            terms.add(SearchBudgetTests.PROBE_WORDS.get(i % SearchBudgetTests.PROBE_WORDS.size()));
        }
        return String.join(" ", terms);
    }

    private static void logIn() throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        String body = "username=admin&password=" + PASSWORD + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    private static boolean healthy() {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpRequest request(String path, String q) {
        return HttpRequest.newBuilder(URI.create(base + path + "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html")
                .timeout(Duration.ofMinutes(1)).build();
    }

    private static HttpResponse<String> get(String path, String q) throws Exception {
        return http.send(request(path, q), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static List<String> keys(HttpResponse<String> response) {
        List<String> keys = new ArrayList<>();
        if (response.statusCode() == 200) {
            for (JsonNode person : json.readTree(response.body()).path("persons")) {
                keys.add(person.path("personKey").asString());
            }
        }
        return keys;
    }

    private static String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
