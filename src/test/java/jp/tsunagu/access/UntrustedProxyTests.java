package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Forwarded headers are believed only from the proxies named in
 * {@code server.tomcat.remoteip.internal-proxies}: here none is the test's own address, so a client
 * that claims TLS with {@code X-Forwarded-Proto} gets neither a Secure cookie nor HSTS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.shutdown=immediate", "server.tomcat.remoteip.internal-proxies=192.0.2.1/32"})
@ActiveProfiles("test")
class UntrustedProxyTests {

    @LocalServerPort
    int port;

    @Test
    void aClientThatIsNoTrustedProxyCannotClaimTls() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("X-Forwarded-Proto", "https").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("SameSite=Lax").doesNotContain("Secure");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(login.headers().allValues("Referrer-Policy")).containsExactly("same-origin");
    }
}
