package jp.tsunagu.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The small demo city behind a real web server, for a real browser (ブラウザで見るデモの市): the same context for
 * every browser class on it, so that Spring's context cache gives them one server, one database and one demo
 * city (about 20 s to start and load each). {@link BrowserDemoTests} runs them in one test JVM in a fixed
 * order; {@code -Dtest=OverviewBrowserTests} still runs one alone, on a city of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tsunagu.database.data-dir=target/test-pg-browser-demo",
        "tsunagu.database.throwaway=true",
        "tsunagu.database.durable=false",
        "tsunagu.importing.sources-dir=target/browser-demo-sources",
        "tsunagu.importing.inbox-dir=target/browser-demo-inbox",
        "tsunagu.importing.inbox-poll-interval=0",
        "tsunagu.demo.enabled=true",
        "tsunagu.demo.size=small",
        "tsunagu.demo.data-dir=target/browser-demo",
        "server.shutdown=immediate"})
@interface OnTheDemoCity {
}
