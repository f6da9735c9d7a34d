/**
 * Life events and procedures (ライフイベント・手続き): the procedure registry (手続きの登録, one YAML per
 * event kind), life events detected from the master sources' snapshots and by a daily age job, one
 * checklist of procedure items per event with their history, department worklists, the person's
 * timeline, and the life-event feed for other systems. The API is {@link jp.tsunagu.procedures.Procedures}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "importing", "resident",
        "programs", "access", "audit", "printing"})
package jp.tsunagu.procedures;
