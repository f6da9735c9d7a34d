package jp.tsunagu.browser;

import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The browser classes on the small demo city ({@link OnTheDemoCity}) as one suite, so that they run in one test
 * JVM on one server and one demo city, in this order: each class alone started a server and loaded the city
 * again (about 20 s each, seven times a CI run). The classes that change what others see come last
 * (a program's record ended by a second snapshot, 手続き completed, a 支援措置 set). Surefire runs this suite instead of the classes ({@code pom.xml});
 * {@code -Dtest=OverviewBrowserTests} still runs one alone.
 */
@Suite
@IncludeTags("browser")
@SelectClasses({DemoBrowserTests.class, LayoutBrowserTests.class, InsightsBrowserTests.class,
        EvacuationBrowserTests.class, OverviewBrowserTests.class, ProceduresBrowserTests.class,
        ProtectionBrowserTests.class})
class BrowserDemoTests {
}
