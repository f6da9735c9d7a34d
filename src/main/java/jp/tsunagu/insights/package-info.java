/**
 * Insights (統計): how many residents the city's welfare programs serve (coverage, 関わりのある住民の割合),
 * in which combinations (overlaps, 制度の重なり), where (by 町丁目), and how it changes month by month —
 * counted after every import into the module's own tables from programs' involvement and resident's
 * person facts (their published SQL), with small cells suppressed on every figure that may leave a
 * department. No other module depends on it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "programs", "resident",
        "access", "audit", "printing", "procedures"})
package jp.tsunagu.insights;
