package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.security.RouteAccessMatrixTests.Who;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed input (不正な入力) on every route the application registers: each parameter of each
 * route, sent by each role that may use the route, with a NUL, a huge integer, the largest
 * {@code int}, a negative number, 100,000 characters and bytes that are not UTF-8. Nothing may be a
 * server error; what is malformed is a 400 with a Japanese message (the error page on screens,
 * {@code {"error": "…"}} under {@code /api/}).
 *
 * <p>Most requests go through MockMvc, which skips Tomcat; a real server on a free port answers the
 * requests that Tomcat refuses by itself before the application sees them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureMockMvc(print = MockMvcPrint.NONE, printOnlyOnFailure = false)
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-malformed")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputTests {

    /** A value as sent on the wire (already percent-encoded where it must be). */
    enum Bad {
        NUL("a%00b"),
        HUGE_INTEGER("99999999999999999999"),
        MAX_INT("2147483647"),
        NEGATIVE("-1"),
        OVERLONG("x".repeat(100_000)),
        BROKEN_UTF8("%C3%28"),
        NOT_UTF8("%FF");

        final String raw;

        Bad(String raw) {
            this.raw = raw;
        }

        /** Malformed for any parameter: NUL, over-long, not UTF-8. */
        boolean alwaysInvalid() {
            return this == NUL || this == OVERLONG || this == BROKEN_UTF8 || this == NOT_UTF8;
        }
    }

    /** Parameters with a range of their own: ages 0–150, page numbers from 1. */
    static final Set<String> RANGED = Set.of("page", "minAge", "maxAge");

    static final String GENERIC = "エラーが発生しました。時間をおいて再度お試しください。";
    static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
    static final Pattern HEADING = Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.DOTALL);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String DEPARTMENT = "malformed";
    static final String PERSON = "0000999970";
    static final String TARGET_STAFF = "malformed-target";

    /** One parameter of a route: a request parameter of its handler method or a path variable. */
    record Param(String name, Class<?> type, boolean required, boolean path) {

        boolean numeric() {
            return type == int.class || type == Integer.class || type == long.class || type == Long.class;
        }

        boolean file() {
            return MultipartFile.class.isAssignableFrom(type);
        }

        boolean invalid(Bad bad) {
            return bad.alwaysInvalid()
                    || bad == Bad.HUGE_INTEGER && (numeric() || RANGED.contains(name))
                    || (bad == Bad.MAX_INT || bad == Bad.NEGATIVE) && RANGED.contains(name) && !path;
        }
    }

    /** A route with its parameters; "lang" is read on every route (locale switch). */
    record Route(String method, String pattern, List<Param> params) {

        String key() {
            return method + " " + pattern;
        }

        boolean multipart() {
            return params.stream().anyMatch(Param::file);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;

    String sourceId;
    long runId;

    /** The staff, the person and the source every test uses: made once for the class (one database). */
    @BeforeAll
    void staffPersonAndSource() {
        accounts.saveDepartment(DEPARTMENT, "不正入力試験課", "内線 0001");
        for (Who who : RouteAccessMatrixTests.STAFF) {
            accounts.save(username(who), "試験 " + who.name(), "pw-123456789", Role.valueOf(who.name()), DEPARTMENT);
        }
        accounts.save(TARGET_STAFF, "対象 職員", "pw-123456789", Role.VIEWER, DEPARTMENT);
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, kana_key, kana_loose,
                                    name_key, address, grams, updated_run)
                VALUES (:key, 'malformed', true, '住民', '試験 不正', 'フセイ', 'フセイ', 'フセイ',
                        '試験不正', '狭山市不正町1番', '{}', 0)
                ON CONFLICT (person_key) DO NOTHING""").param("key", PERSON).update();
        sourceId = "malformed-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        catalog.register(sourceId, """
                name: 不正入力試験
                program: 不正入力試験
                department: {id: %s, name: 不正入力試験課, contact: 内線 0001}
                encoding: UTF-8
                header: true
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: note, column: 備考, label: 備考, type: text}
                """.formatted(DEPARTMENT));
        byte[] csv = ("宛名番号,備考\n" + PERSON + ",試験\n").getBytes(StandardCharsets.UTF_8);
        ImportReport report = imports.importStream(sourceId, "malformed.csv", csv.length,
                new ByteArrayInputStream(csv), "test", "test");
        runId = report.runId();
    }

    @Test
    void noMalformedValueOnAnyParameterOfAnyRouteIsAServerErrorAndTheInvalidOnesAreA400InJapanese()
            throws Exception {
        List<Route> routes = routes();
        assertThat(routes).as("routes found in the handler mappings").hasSizeGreaterThan(60);
        List<String> problems = new ArrayList<>();
        int requests = 0;
        for (Route route : routes) {
            Set<Who> roles = RouteAccessMatrixTests.RULES.get(route.key());
            assertThat(roles).as("access rule for " + route.key()).isNotNull();
            for (Param param : route.params()) {
                for (Bad bad : Bad.values()) {
                    for (Who who : roles) {
                        if (who == Who.ANONYMOUS) {
                            continue;
                        }
                        requests++;
                        String problem = check(route, param, bad, who);
                        if (problem != null) {
                            problems.add(route.key() + " " + param.name() + "=" + bad + " as " + who + ": " + problem);
                        }
                    }
                }
            }
        }
        assertThat(requests).as("requests sent").isGreaterThan(1000);
        assertThat(problems).as(problems.size() + " of " + requests + " requests:\n"
                + String.join("\n", problems)).isEmpty();
    }

    /** What is wrong with the answer to one request, or {@code null}. */
    private String check(Route route, Param param, Bad bad, Who who) {
        MockHttpServletResponse response;
        try {
            response = mvc.perform(requestFor(route, param, bad, who)).andReturn().getResponse();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "server error (" + root.getClass().getSimpleName() + ")";
        }
        int status = response.getStatus();
        boolean invalid = param.invalid(bad);
        if (route.pattern().equals("/error") && !invalid) {
            // asked directly, Spring Boot's error page reports 500 (no error status was set): it is the
            // target of error dispatches, not a route that reads input; its valid ?lang= is no error
            return null;
        }
        if (status >= 500) {
            return "status " + status;
        }
        if (invalid && status != 400) {
            return "status " + status + " instead of 400";
        }
        if (status == 400) {
            String message = message(route.pattern(), response);
            if (message == null || !JAPANESE.matcher(message).find() || message.contains(GENERIC)) {
                return "400 without a Japanese message (" + abbreviate(message) + ")";
            }
        }
        String body = body(response);
        if (status >= 400 && (body.contains("Exception") || body.contains("\tat ") || body.contains("jp.tsunagu"))) {
            return "exception details in the error answer";
        }
        return null;
    }

    @Test
    void anAgeBeyondTheLimitOnTheDepartmentListIsA400InJapaneseOnTheScreenAndInTheApi() throws Exception {
        for (String parameter : List.of("minAge", "maxAge")) {
            MockHttpServletResponse page = get("/department?" + parameter + "=2147483647", Who.CASEWORKER);
            assertThat(page.getStatus()).as(parameter + " on the screen").isEqualTo(400);
            assertThat(heading(body(page))).contains("年齢").contains("0").contains("150");
            assertThat(body(page)).doesNotContain("試験 不正", "Exception");

            MockHttpServletResponse api = get("/api/v1/department/persons?" + parameter + "=2147483647",
                    Who.CASEWORKER);
            assertThat(api.getStatus()).as(parameter + " in the API").isEqualTo(400);
            assertThat(api.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
            assertThat(error(api)).contains("年齢").contains("150");
            assertThat(body(api)).doesNotContain("試験 不正", "persons");
        }
        MockHttpServletResponse inRange = get("/department?minAge=0&maxAge=150", Who.CASEWORKER);
        assertThat(inRange.getStatus()).as("0 and 150 are ages").isEqualTo(200);
    }

    @Test
    void aNulInTheSearchTermOrTheTownIsA400InJapanese() throws Exception {
        for (String url : List.of("/search?q=a%00b", "/search?q=%E5%B1%B1&town=a%00b")) {
            MockHttpServletResponse page = get(url, Who.VIEWER);
            assertThat(page.getStatus()).as(url).isEqualTo(400);
            assertThat(heading(body(page))).as(url).contains("使えない文字");
        }
        for (String url : List.of("/api/v1/persons?q=a%00b", "/api/v1/persons?q=%E5%B1%B1&town=a%00b")) {
            MockHttpServletResponse api = get(url, Who.VIEWER);
            assertThat(api.getStatus()).as(url).isEqualTo(400);
            assertThat(error(api)).as(url).contains("使えない文字");
            assertThat(body(api)).doesNotContain("persons", "count");
        }
    }

    @Test
    void aNegativeOrZeroPageNumberIsA400InsteadOfSilentlyTheFirstPage() throws Exception {
        for (String url : List.of("/department?page=-1", "/department?page=0", "/api/v1/department/persons?page=-1")) {
            MockHttpServletResponse response = get(url, Who.CASEWORKER);
            assertThat(response.getStatus()).as(url).isEqualTo(400);
            assertThat(url.startsWith("/api/") ? error(response) : heading(body(response))).as(url)
                    .contains("ページ番号");
        }
        assertThat(get("/admin/staff?page=-1", Who.ADMIN).getStatus()).isEqualTo(400);
        assertThat(get("/department?page=1", Who.CASEWORKER).getStatus()).isEqualTo(200);
    }

    @Test
    void refusalsAreCountedInTheHttpMetrics() throws Exception {
        double before = refusedRequests();
        assertThat(get("/search?q=a%00b", Who.VIEWER).getStatus()).isEqualTo(400);
        assertThat(refusedRequests()).isGreaterThanOrEqualTo(before + 1);
    }

    /** The sum of {@code http_server_requests_seconds_count} over the series with status 400. */
    private double refusedRequests() throws Exception {
        String metrics = body(get("/actuator/prometheus", Who.ADMIN));
        Matcher series = Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*status=\"400\"[^}]*} (\\S+)$")
                .matcher(metrics);
        double sum = 0;
        while (series.find()) {
            sum += Double.parseDouble(series.group(1));
        }
        return sum;
    }

    @Test
    void ordinaryInputUpToTheLimitsIsNotRefused() throws Exception {
        assertThat(get("/search?q=%E5%B1%B1%E7%94%B0+%E5%A4%AA%E9%83%8E", Who.VIEWER).getStatus())
                .as("a Japanese search term with a space").isEqualTo(200);

        MockHttpServletResponse longest = get("/admin/staff?q=" + "x".repeat(1_000), Who.ADMIN);
        assertThat(longest.getStatus()).as("1,000 characters").isEqualTo(200);
        MockHttpServletResponse tooLong = get("/admin/staff?q=" + "x".repeat(1_001), Who.ADMIN);
        assertThat(tooLong.getStatus()).as("1,001 characters").isEqualTo(400);
        assertThat(heading(body(tooLong))).contains("長すぎます").contains("1000 文字");

        assertThat(get("/department?page=1000000", Who.CASEWORKER).getStatus()).isEqualTo(200);
        assertThat(get("/department?page=1000001", Who.CASEWORKER).getStatus()).isEqualTo(400);

        // a text area sends line breaks and tabs: they are text, not control characters to refuse
        MockHttpServletResponse reason = mvc.perform(request(HttpMethod.POST,
                        URI.create("/persons/" + PERSON + "/break-glass")).with(csrf())
                        .with(user(username(Who.CASEWORKER)).roles("CASEWORKER"))
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("reason=" + enc("虐待の通報を受けた安否確認のため\r\n\t至急")))
                .andReturn().getResponse();
        assertThat(reason.getStatus()).as("break-glass with a two-line reason").isEqualTo(302);
        assertThat(reason.getRedirectedUrl()).as("back to the overview").isEqualTo("/persons/" + PERSON);
        assertThat(jdbc.sql("SELECT reason FROM break_glass WHERE username = :u AND person_key = :p")
                .param("u", username(Who.CASEWORKER)).param("p", PERSON).query(String.class).list())
                .contains("虐待の通報を受けた安否確認のため\r\n\t至急");
    }

    @Test
    void aCsrfTokenAlteredAtTheSameLengthIsRefusedInJapaneseAndChangesNothing() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String form = body(mvc.perform(request(HttpMethod.GET, URI.create("/admin/departments/new"))
                .session(session).with(user(username(Who.ADMIN)).roles("ADMIN"))).andReturn().getResponse());
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(token.find()).as("the form carries a CSRF token").isTrue();
        String valid = token.group(1);

        byte[] bytes = Base64.getUrlDecoder().decode(valid);
        byte[] highBit = bytes.clone();
        highBit[highBit.length - 1] ^= (byte) 0x80; // decodes to a byte that is not UTF-8
        char last = valid.charAt(valid.length() - 2);
        String oneCharacter = valid.substring(0, valid.length() - 2) + (last == 'A' ? 'B' : 'A')
                + valid.charAt(valid.length() - 1);
        for (String altered : List.of(Base64.getUrlEncoder().encodeToString(highBit), oneCharacter)) {
            assertThat(altered).hasSameSizeAs(valid).isNotEqualTo(valid);
            String id = "csrf-" + System.nanoTime();
            MockHttpServletResponse response = mvc.perform(request(HttpMethod.POST, URI.create("/admin/departments"))
                    .session(session).with(user(username(Who.ADMIN)).roles("ADMIN"))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .content("id=" + id + "&name=%E8%A9%A6%E9%A8%93&extension=1&_csrf=" + enc(altered)))
                    .andReturn().getResponse();
            assertThat(response.getStatus()).as("altered token " + altered).isIn(400, 403);
            assertThat(heading(body(response))).contains("送信").doesNotContain(GENERIC);
            assertThat(accounts.department(id)).as("nothing created").isEmpty();
        }
    }

    @Test
    void aNulInTheLoginFormIsA400AndNoServerError() throws Exception {
        MockHttpServletResponse response = mvc.perform(request(HttpMethod.POST, URI.create("/login"))
                .with(csrf()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("username=a%00b&password=x")).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(heading(body(response))).contains("使えない文字");
    }

    @Test
    void overTheWireWhatTomcatRefusesByItselfIsAJapanese400Too() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : List.of("/persons/%FF", "/persons/%C3%28", "/persons/a%00b", "/persons/a%2Fb")) {
            HttpResponse<String> page = wire(http, HttpRequest.newBuilder(local(path)).GET());
            assertThat(page.statusCode()).as(path).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
            assertThat(heading(page.body())).as(path).contains("URL に使えない文字");
            assertThat(page.body()).as(path).doesNotContain("HTTP Status", "Bad Request", "Tomcat", "Exception");
        }
        HttpResponse<String> api = wire(http, HttpRequest.newBuilder(local("/api/v1/persons/%FF/overview")).GET());
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(api.body()).get("error").asString())
                .contains("URL に使えない文字");
    }

    @Test
    void overTheWireTheApplicationsRefusalsAreTheSameAsInMockMvc() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> search = wire(http, HttpRequest.newBuilder(local("/search?q=a%00b")).GET());
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(heading(search.body())).contains("使えない文字");
        assertThat(search.headers().firstValue("Content-Security-Policy")).isPresent();

        HttpResponse<String> api = wire(http, HttpRequest.newBuilder(local("/api/v1/persons?q=%FF")).GET());
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(api.body()).get("error").asString()).contains("UTF-8");

        // a form body that is not UTF-8: Tomcat cannot decode it, the refusal says so
        HttpResponse<String> form = wire(http, HttpRequest.newBuilder(local("/login"))
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("username=%FF&password=x")));
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(heading(form.body())).contains("読み取れません");
    }

    private URI local(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    private static HttpResponse<String> wire(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    // ---- the routes and their parameters, from the application's own handler mappings ----

    private List<Route> routes() {
        Map<String, Route> routes = new TreeMap<>();
        DefaultParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
                HandlerMethod handler = entry.getValue();
                Map<String, Param> byName = new LinkedHashMap<>();
                Map<String, Class<?>> pathTypes = new LinkedHashMap<>();
                for (MethodParameter parameter : handler.getMethodParameters()) {
                    parameter.initParameterNameDiscovery(names);
                    RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
                    PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
                    if (requestParam != null) {
                        String name = requestParam.name().isEmpty() ? parameter.getParameterName() : requestParam.name();
                        boolean required = requestParam.required()
                                && requestParam.defaultValue().equals(ValueConstants.DEFAULT_NONE);
                        byName.put(name, new Param(name, parameter.getParameterType(), required, false));
                    } else if (pathVariable != null) {
                        String name = pathVariable.name().isEmpty() ? parameter.getParameterName() : pathVariable.name();
                        pathTypes.put(name, parameter.getParameterType());
                    }
                }
                byName.putIfAbsent("lang", new Param("lang", String.class, false, false));
                Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
                for (String pattern : entry.getKey().getPatternValues()) {
                    List<Param> params = new ArrayList<>();
                    Matcher variable = Pattern.compile("\\{([^}]+)}").matcher(pattern);
                    while (variable.find()) {
                        String name = variable.group(1);
                        params.add(new Param(name, pathTypes.getOrDefault(name, String.class), true, true));
                    }
                    params.addAll(byName.values());
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        Route route = new Route(method.name(), pattern, List.copyOf(params));
                        routes.put(route.key(), route);
                    }
                }
            }
        }
        return new ArrayList<>(routes.values());
    }

    private RequestBuilder requestFor(Route route, Param target, Bad bad, Who who) {
        StringBuilder path = new StringBuilder();
        Matcher variable = Pattern.compile("\\{([^}]+)}").matcher(route.pattern().replace("/**", "/liveness"));
        while (variable.find()) {
            String name = variable.group(1);
            variable.appendReplacement(path, Matcher.quoteReplacement(
                    target.path() && target.name().equals(name) ? bad.raw : enc(sample(route, name))));
        }
        variable.appendTail(path);
        List<String> pairs = new ArrayList<>();
        for (Param param : route.params()) {
            if (param.path() || param.file()) {
                continue;
            }
            if (param == target) {
                pairs.add(param.name() + "=" + bad.raw);
            } else if (param.required()) {
                pairs.add(param.name() + "=" + enc(sample(route, param.name())));
            }
        }
        if (target.file()) {
            pairs.add(target.name() + "=" + bad.raw);
        }
        String query = String.join("&", pairs);
        AbstractMockHttpServletRequestBuilder<?> request;
        if (route.method().equals("GET")) {
            request = request(HttpMethod.GET, URI.create(path + (query.isEmpty() ? "" : "?" + query)));
        } else if (route.multipart() && !target.file()) {
            // the other fields travel in the address: the body is the file
            request = multipart(URI.create(path + (query.isEmpty() ? "" : "?" + query)))
                    .file(new MockMultipartFile("file", "malformed.csv", "text/csv",
                            ("宛名番号,備考\n" + PERSON + ",試験\n").getBytes(StandardCharsets.UTF_8)))
                    .with(csrf());
        } else if (path.toString().startsWith("/api/")) {
            // the API's writes take JSON (a form would be refused 415 before the address is read); the
            // parameter under test is in the address, so the body is an empty object
            request = request(HttpMethod.valueOf(route.method()), URI.create(path + (query.isEmpty() ? "" : "?" + query)))
                    .contentType(MediaType.APPLICATION_JSON).content("{}").with(csrf());
        } else {
            request = request(HttpMethod.valueOf(route.method()), URI.create(path.toString()))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).content(query).with(csrf());
        }
        return request.with(user(username(who)).roles(who.name()));
    }

    /** A valid value for a parameter the request needs besides the one under test. */
    private String sample(Route route, String name) {
        return switch (name) {
            case "personKey" -> PERSON;
            case "runId" -> Long.toString(runId);
            case "sourceId", "source" -> sourceId;
            case "department" -> DEPARTMENT;
            case "username" -> TARGET_STAFF;
            case "id" -> route.pattern().startsWith("/admin/tokens") ? "1" : DEPARTMENT;
            case "q" -> "フセイ";
            case "level" -> "SUMMARY";
            case "allowed" -> "false";
            case "role" -> "VIEWER";
            default -> "1";
        };
    }

    // ---- reading the answers ----

    private MockHttpServletResponse get(String url, Who who) throws Exception {
        return mvc.perform(request(HttpMethod.GET, URI.create(url)).with(user(username(who)).roles(who.name())))
                .andReturn().getResponse();
    }

    /** The Japanese message of a 400: the error page's heading, or the API's {@code error}. */
    private static String message(String pattern, MockHttpServletResponse response) {
        String body = body(response);
        if (pattern.startsWith("/api/")) {
            try {
                JsonNode error = JSON.readTree(body).get("error");
                return error == null ? null : error.asString();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return heading(body);
    }

    private static String heading(String html) {
        Matcher h1 = HEADING.matcher(html);
        return h1.find() ? h1.group(1).replaceAll("<[^>]+>", "").strip() : null;
    }

    private static String error(MockHttpServletResponse response) {
        return JSON.readTree(body(response)).get("error").asString();
    }

    private static String body(MockHttpServletResponse response) {
        try {
            return response.getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String username(Who who) {
        return "malformed-" + who.name().toLowerCase();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text == null ? "no message" : text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
