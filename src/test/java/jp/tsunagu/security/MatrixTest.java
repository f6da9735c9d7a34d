package jp.tsunagu.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jp.tsunagu.TsunaguTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.TestPropertySource;

/**
 * A test of the route access matrix: one application context (and one database, in its own folder) shared by
 * every matrix class, so that the city of {@link MatrixCity} is imported once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-matrix-f${tsunagu.test.fork:1}")
@interface MatrixTest {
}
