package jp.tsunagu.resident;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The test classes on the demo city ({@link DemoCity}: 150,000 residents, about 40 s to generate, import and
 * index) as one suite, so that they run in one test JVM and the city is made once: run each on its own,
 * two JVMs made it twice, about a minute of CI's time. Surefire runs this suite instead of the classes
 * ({@code pom.xml}); {@code -Dtest=SearchPlanTests} still runs one alone.
 */
@Suite
@SelectClasses({SearchPlanTests.class, SearchPagingTests.class})
class DemoCityTests {
}
