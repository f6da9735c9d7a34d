package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * F7, on the real servlet container (cookie attributes and forwarded headers are Tomcat's, which
 * MockMvc does not run): the session cookie is SameSite=Lax, and Secure with HSTS when the request
 * came through TLS — here as a TLS proxy on the same machine says with {@code X-Forwarded-Proto};
 * every answer carries {@code Referrer-Policy: same-origin}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.shutdown=immediate")
@ActiveProfiles("test")
class TransportSecurityTests {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void overPlainHttpTheSessionCookieIsSameSiteLaxButNotSecureAndThereIsNoHsts() throws Exception {
        HttpResponse<String> login = get("/login", null, false);

        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = sessionCookie(login).orElseThrow();
        assertThat(attributes(cookie)).contains("SameSite=Lax", "HttpOnly").doesNotContain("Secure");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(login.headers().allValues("Referrer-Policy")).containsExactly("same-origin");
    }

    @Test
    void throughATlsProxyTheSessionCookieIsSecureAndHstsIsSentBeforeAndAfterLogin() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "tls", Role.VIEWER);

        HttpResponse<String> login = get("/login", null, true);
        String before = sessionCookie(login).orElseThrow();
        assertThat(attributes(before)).contains("Secure", "SameSite=Lax", "HttpOnly");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).hasValue(
                "max-age=31536000 ; includeSubDomains");

        HttpResponse<String> loggedIn = post("/login", value(before), csrf(login.body()), staff.username(),
                staff.password());
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        String after = sessionCookie(loggedIn).orElseThrow();
        assertThat(value(after)).as("a new session ID at login").isNotEqualTo(value(before));
        assertThat(attributes(after)).contains("Secure", "SameSite=Lax", "HttpOnly");

        HttpResponse<String> page = get("/imports", value(after), true);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("連携取込");
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(page.headers().allValues("Referrer-Policy")).containsExactly("same-origin");
    }

    @Test
    void everyAnswerCarriesReferrerPolicySameOrigin() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "referrer", Role.VIEWER);
        HttpResponse<String> login = get("/login", null, false);
        String session = value(post("/login", value(sessionCookie(login).orElseThrow()), csrf(login.body()),
                staff.username(), staff.password()).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow());

        List<HttpResponse<String>> answers = List.of(
                get("/", null, false),                          // anonymous: sent to the login page
                get("/css/tsunagu.css", null, false),
                get("/actuator/health", null, false),
                get("/search", session, false),
                get("/imports", session, false),
                get("/no-such-page", session, false),           // the error page
                get("/admin/staff", session, false),            // refused: a viewer is no administrator
                send(HttpRequest.newBuilder(uri("/api/v1/persons?q=x")).header("Accept", "application/json")
                        .GET()));                               // an API client without a token
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(302, 200, 200, 200, 200, 404, 403,
                401);
        assertThat(answers).allSatisfy(a -> assertThat(a.headers().allValues("Referrer-Policy"))
                .as("%s", a.uri()).containsExactly("same-origin"));
    }

    @Test
    void theClientAddressAProxyForwardsIsTheOneFailedLoginsAreCountedFor() throws Exception {
        String forwarded = "203.0.113." + (1 + (int) (Math.random() * 250));
        HttpResponse<String> login = get("/login", null, false);

        HttpResponse<String> failed = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "JSESSIONID=" + value(sessionCookie(login).orElseThrow()))
                .header("X-Forwarded-For", forwarded)
                .POST(HttpRequest.BodyPublishers.ofString(form("_csrf", csrf(login.body()), "username",
                        "nobody-" + forwarded, "password", "wrong"))));

        assertThat(failed.statusCode()).isEqualTo(302);
        assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(jdbc.sql("SELECT failures FROM login_throttle WHERE kind = 'ADDRESS' AND subject = :a")
                .param("a", forwarded).query(Integer.class).optional()).hasValue(1);
    }

    private HttpResponse<String> get(String path, String session, boolean throughTls) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        if (throughTls) {
            request.header("X-Forwarded-Proto", "https");
        }
        return send(request);
    }

    /** A login through the TLS proxy. */
    private HttpResponse<String> post(String path, String session, String csrf, String username, String password)
            throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "JSESSIONID=" + session)
                .header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString(form("_csrf", csrf, "username", username,
                        "password", password))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static Optional<String> sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst();
    }

    private static String value(String setCookie) {
        return setCookie.substring("JSESSIONID=".length(), setCookie.indexOf(';'));
    }

    /** The attributes of a Set-Cookie header, one per element, without the value. */
    private static List<String> attributes(String setCookie) {
        return List.of(setCookie.substring(setCookie.indexOf(';') + 1).split(";")).stream().map(String::strip).toList();
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("the login form carries a CSRF token").isTrue();
        return m.group(1);
    }

    private static String form(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
