/**
 * Residents (宛名・住民): the person index built from the master sources (住民記録, 住登外), kept
 * current by their imports, with previous names and addresses kept.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "importing", "programs", "access", "audit"})
package jp.tsunagu.resident;
