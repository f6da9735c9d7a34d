/**
 * Linkage intake (連携取込): source definitions, intake (inbox folder, upload, CLI), the pipeline parse
 * → validate → stage → diff → apply, import reports and held snapshots.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese"})
package jp.tsunagu.importing;
