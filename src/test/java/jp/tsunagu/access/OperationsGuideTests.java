package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/operations.md tells operators what the server really does with logins, cookies and headers. */
class OperationsGuideTests {

    static final Pattern CAMEL = Pattern.compile("([a-z])([A-Z])");

    final String guide = read();

    @Test
    void everyLoginAndSessionSettingIsInTheSettingsTable() {
        Arrays.stream(AccessProperties.class.getRecordComponents())
                .map(c -> "`tsunagu.access." + CAMEL.matcher(c.getName()).replaceAll("$1-$2").toLowerCase() + "`")
                .forEach(setting -> assertThat(guide).as(setting).contains("| " + setting + " |"));
    }

    @Test
    void theCookieAndProxySettingsAreDescribedWithTheValuesTheServerUses() throws Exception {
        Properties application = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            application.load(in);
        }
        for (String key : new String[] {"server.servlet.session.cookie.same-site", "server.forward-headers-strategy",
                "server.tomcat.remoteip.internal-proxies"}) {
            String value = application.getProperty(key);
            assertThat(value).as(key + " in application.properties").isNotBlank();
            assertThat(guide).as(key).contains(key);
            assertThat(guide.toLowerCase()).as(key + " = " + value).contains(value.toLowerCase());
        }
        assertThat(guide).contains("Referrer-Policy: same-origin", "SameSite=Lax", "Secure",
                "Strict-Transport-Security", "X-Forwarded-Proto", "X-Forwarded-For");
    }

    @Test
    void rejectedValuesAndLoginThrottlingAreDescribed() {
        assertThat(guide).contains("IMPORT_VALUE", "LOGIN_THROTTLED", "/admin/logins", "（全17文字）",
                "ユーザーIDまたはパスワードが違います。失敗が続いた場合は、しばらく待ってから再度お試しください。");
    }

    private static String read() {
        try {
            return Files.readString(Path.of("docs/operations.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
