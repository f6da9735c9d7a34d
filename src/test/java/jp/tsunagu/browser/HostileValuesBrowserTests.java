package jp.tsunagu.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.evacuation.Consents;
import jp.tsunagu.evacuation.ListRecompute;
import jp.tsunagu.hostile.HostileCity;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hostile values in a real browser (issue 19, point 7): Debian's chromium opens every page that shows the
 * {@link HostileCity} residents — search, each person, the department list, the worklist, the evacuation list,
 * a person's evacuation page and the map with every person's tooltip opened — and no dialog opens (an
 * {@code alert} run from a value), no request goes to the planted host, every page is answered with a
 * Content-Security-Policy without {@code unsafe-inline}, and the names read as text, a bidi override as
 * {@code [U+202E]}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tsunagu.database.data-dir=target/test-pg-browser-hostile",
        "tsunagu.database.throwaway=true",
        "tsunagu.database.durable=false",
        "tsunagu.importing.sources-dir=target/browser-hostile-sources",
        "tsunagu.importing.inbox-dir=target/browser-hostile-inbox",
        "tsunagu.importing.inbox-poll-interval=0",
        "server.shutdown=immediate"})
class HostileValuesBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    Consents consents;
    @Autowired
    ListRecompute recompute;
    @TempDir
    static Path dir;

    BrowserSession browser;

    @BeforeAll
    void city() {
        HostileCity.build(catalog, imports, jdbc, accounts, dir);
        for (String key : HostileCity.keys()) {
            consents.request(key, LocalDate.of(2026, 11, 1), HostileCity.FUKUSHI);
        }
        recompute.recompute("敵対値の試験");
        browser = new BrowserSession();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void noPageThatShowsTheHostileValuesRunsThemOrRequestsThePlantedHostAndEachHasAStrictPolicy() {
        List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
        List<String> planted = Collections.synchronizedList(new ArrayList<>());
        List<String> policies = new ArrayList<>();

        List<String> clerkPages = new ArrayList<>(List.of("/search?q=テキタイ", "/department?source=" + HostileCity.PROGRAM));
        HostileCity.keys().forEach(k -> clerkPages.add("/persons/" + k));
        visit(HostileCity.CLERK, clerkPages, dialogs, planted, policies, page -> {
            if (page.url().contains("/persons/9300000004")) {
                assertThat(page.locator("h1").innerText()).contains("狭山[U+202E]txt.exe").doesNotContain("\u202E");
            }
            if (page.url().contains("/persons/9300000001")) {
                assertThat(page.locator("h1").innerText()).contains(HostileCity.SCRIPT);
            }
        });
        visit(HostileCity.SHIMIN, List.of("/procedures?when=all"), dialogs, planted, policies,
                page -> assertThat(page.locator("#content").innerText()).contains(HostileCity.IMG, HostileCity.HYPERLINK));
        visit(HostileCity.FUKUSHI, List.of("/evacuation/districts/irumagawa", "/evacuation/persons/9300000002",
                "/evacuation/map?district=irumagawa"), dialogs, planted, policies, page -> {
                    if (page.url().contains("/evacuation/map")) {
                        openEveryTooltip(page);
                    }
                });

        assertThat(dialogs).as("dialogs opened by a value").isEmpty();
        assertThat(planted).as("requests to the planted host").isEmpty();
        assertThat(policies).hasSize(clerkPages.size() + 4).allSatisfy(policy -> assertThat(policy)
                .contains("script-src 'self'", "style-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval"));
    }

    /** Every person's marker on the map, its tooltip opened: the names are text, no element made of them. */
    private static void openEveryTooltip(Page page) {
        page.waitForSelector("#evac-map[data-ready=true]");
        Locator persons = page.locator("path.evac-person");
        int count = persons.count();
        assertThat(count).as("persons on the map").isGreaterThanOrEqualTo(HostileCity.RESIDENTS.size());
        StringBuilder tooltips = new StringBuilder();
        for (int i = 0; i < count; i++) {
            persons.nth(i).dispatchEvent("mouseover");
            tooltips.append(page.locator(".leaflet-tooltip").last().innerText()).append('\n');
            persons.nth(i).dispatchEvent("mouseout");
        }
        assertThat(tooltips.toString()).contains(HostileCity.SCRIPT, HostileCity.IMG, "狭山[U+202E]txt.exe");
        assertThat(page.locator(".leaflet-tooltip img, .leaflet-tooltip svg, .leaflet-tooltip script").count())
                .as("elements made of a name in a tooltip").isZero();
    }

    private void visit(String user, List<String> paths, List<String> dialogs, List<String> planted,
            List<String> policies, java.util.function.Consumer<Page> check) {
        Page page = browser.newPage();
        page.onDialog(d -> {
            dialogs.add(page.url() + ": " + d.type() + " " + d.message());
            d.dismiss();
        });
        page.context().onRequest(r -> {
            if (r.url().contains(HostileCity.PLANTED)) {
                planted.add(page.url() + " → " + r.url());
            }
        });
        page.context().route("**/*" + HostileCity.PLANTED + "*/**", route -> route.abort());
        BrowserSession.logIn(page, base(), user, HostileCity.PASSWORD);
        page.waitForURL("**/search");
        for (String path : paths) {
            Response response = page.navigate(base() + path);
            assertThat(response.status()).as(path).isEqualTo(200);
            policies.add(response.headers().getOrDefault("content-security-policy", ""));
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            check.accept(page);
        }
        page.context().close();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
