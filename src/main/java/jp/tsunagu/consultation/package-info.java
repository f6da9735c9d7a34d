/**
 * Consultations and reports (相談・通報): records of calls, visits and reports appended to and never
 * rewritten, the statutory clocks (48時間ルール), referrals between departments (つなぎ), the hand-over
 * board (引継ぎボード) with live updates, and full-text search of the accounts in Japanese. The most
 * sensitive data of the hub: visible by default only to the departments involved, 虐待 and DV categories
 * hidden from every other department without a grant; every read is audited.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "access", "audit",
        "resident", "programs", "printing"})
package jp.tsunagu.consultation;
