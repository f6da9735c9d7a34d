package jp.tsunagu;

import java.nio.file.Path;

/**
 * The template cluster of this test JVM (テスト用の雛形クラスタ): made by {@code initdb} once per JVM and copied
 * for every new test database ({@code tsunagu.database.template} in application-test.properties). A test that
 * starts a server of its own outside Spring copies it too, rather than running {@code initdb} again.
 */
public final class TestTemplate {

    private TestTemplate() {
    }

    /** The folder, named by the JVM's fork number as the property names it. */
    public static Path folder() {
        return Path.of("target/test-pg-template-f" + System.getProperty("tsunagu.test.fork", "1"));
    }
}
