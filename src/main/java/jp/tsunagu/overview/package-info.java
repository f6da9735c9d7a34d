/**
 * Cross-program view (横断照会): one screen per resident, composed from the person index and every
 * source's current records, with need-to-know and the audit trail applied to every part.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "importing", "resident",
        "access", "audit"})
package jp.tsunagu.overview;
