/**
 * Staff accounts and access (職員・権限): who may log in, their department and role, and the web
 * security rules every page and API sits behind.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "audit", "japanese"})
package jp.tsunagu.access;
