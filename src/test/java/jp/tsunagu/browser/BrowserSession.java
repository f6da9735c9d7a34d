package jp.tsunagu.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's chromium, headless, driven by Playwright. Needs {@code apt-get install -y chromium
 * fonts-ipaexfont-gothic} (without the font every Japanese character is a box in screenshots).
 */
final class BrowserSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("tsunagu.chromium", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final Browser browser;

    BrowserSession() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(java.util.Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    Page newPage() {
        return newPage(1280, 900);
    }

    Page newPage(int width, int height) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(width, height).setLocale("ja-JP"));
        page.setDefaultTimeout(30_000);
        return page;
    }

    /** A context of its own (cookies, storage, offline switch), e.g. a phone beside the desk's browser. */
    com.microsoft.playwright.BrowserContext newContext(int width, int height) {
        com.microsoft.playwright.BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(width, height).setLocale("ja-JP").setIsMobile(true).setHasTouch(true));
        context.setDefaultTimeout(30_000);
        return context;
    }

    static void logIn(Page page, String baseUrl, String user, String password) {
        page.navigate(baseUrl + "/login");
        page.getByLabel("ユーザーID").fill(user);
        page.getByLabel("パスワード").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("ログイン")).click();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
