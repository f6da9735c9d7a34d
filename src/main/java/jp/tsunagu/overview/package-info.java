/**
 * Cross-program view (横断照会): one screen per resident and the department view, composed from the
 * APIs of resident (the person index), programs (records and involvement), access (need-to-know) and
 * audit (every read recorded). It holds no SQL of its own.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "programs", "resident",
        "access", "audit", "procedures", "consultation"})
package jp.tsunagu.overview;
