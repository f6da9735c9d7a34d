/**
 * Audit trail (アクセス記録): an append-only, hash-chained record of every search, person view,
 * export, download, import, grant or account change, login, logout and failed login. A read of
 * personal data is recorded before the data is returned; if the record cannot be written, the data
 * is not returned.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "importing", "japanese"})
package jp.tsunagu.audit;
