/**
 * Sample municipality (サンプル自治体): a deterministic, seeded generator of a 狭山市-like city and the
 * CSV exports of its departmental systems, each in its own dialect, with the source definitions that
 * describe them. Used for the demo, for tests and for benchmarks.
 *
 * <p>The API is {@link jp.tsunagu.sample.SampleMunicipality}; everything else is package-private.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese"})
package jp.tsunagu.sample;
