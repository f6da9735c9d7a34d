/**
 * Benchmarks (性能測定): {@code java -jar tsunagu.jar bench …} commands that start their own throw-away
 * PostgreSQL, measure Tsunagu against a reference measured in the same run, and end with one
 * {@code RESULT key=value …} line.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "importing", "sample", "audit", "resident", "japanese", "access", "overview", "printing", "procedures", "consultation", "evacuation", "insights", "documents"})
package jp.tsunagu.bench;
