package jp.tsunagu.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a web handler method that returns personal data (個人情報を返す): a resident's name, person key,
 * address or program records, or the audit trail's entries about them.
 *
 * <p>A marked handler answers each viewer with exactly what their department's grants allow, writes its
 * audit record (who, which person, which action) before it answers, and answers 503 without the data when
 * that record cannot be written. The route access matrix in the tests finds the routes to check through
 * this annotation on the handler mappings, so a route is checked from the day it is marked; and it checks
 * that no route without the marker returns a resident's name or key.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PersonalData {
}
