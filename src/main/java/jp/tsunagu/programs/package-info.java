/**
 * Programs (制度): every read of imported program records — a person's involvement (関わり) per source,
 * active or ended, since and until, the records as they are now or were on a past day, the change
 * timeline, badges for a page of persons, a department's persons over its sources, counts. It reads
 * importing's records through {@link jp.tsunagu.importing.RecordReader} and keeps its own involvement
 * table current by listening to {@link jp.tsunagu.importing.SnapshotApplied}. The API is
 * {@link jp.tsunagu.programs.Programs}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "importing"})
package jp.tsunagu.programs;
