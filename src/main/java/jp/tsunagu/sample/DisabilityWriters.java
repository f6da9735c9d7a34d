package jp.tsunagu.sample;

import java.io.IOException;

/** The writers of one department family, 障害: the three 手帳, 障害福祉サービス and 自立支援医療. */
final class DisabilityWriters {

    private static final String[] PROVIDERS = {
        "狭山中央病院", "入間川メンタルクリニック", "狭山台こころのクリニック", "さやま腎クリニック", "新狭山病院", "埼玉県立小児医療センター"
    };

    private DisabilityWriters() {
    }

    static void physicalCertificate(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            int issued = s.pop.isResident(p) ? w.programs.physicalIssued(p) : 0;
            if (issued == 0) {
                continue;
            }
            out.put("宛名番号", s.key(p, d))
                    .put("手帳番号", "身" + (100000 + s.pop.body[p] % 900000))
                    .put("氏名", s.name(p))
                    .put("障害種別", Integer.toString(w.programs.physicalKind(p)))
                    .put("等級", Integer.toString(w.programs.physicalGrade(p)))
                    .put("交付日", Dates.eraCode7(issued))
                    .emit();
        }
    }

    static void intellectualCertificate(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            int issued = s.pop.isResident(p) ? w.programs.intellectualIssued(p) : 0;
            if (issued == 0) {
                continue;
            }
            String next = s.age(p) < 18 ? Dates.eraCode7(Dates.plusDays(s.currentCycle(issued, 1095), 1095)) : "";
            out.put("宛名番号", s.key(p, d))
                    .put("手帳番号", "療" + (100000 + s.pop.body[p] % 900000))
                    .put("氏名", s.name(p))
                    .put("障害程度", w.programs.intellectualSevere(p) ? "A" : "B")
                    .put("交付日", Dates.eraCode7(issued))
                    .put("次回判定年月", next)
                    .emit();
        }
    }

    static void mentalCertificate(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            int onset = s.pop.isResident(p) ? w.programs.mentalOnset(p) : 0;
            if (onset == 0) {
                continue;
            }
            int issued = s.currentCycle(onset, 730);
            out.put("宛名番号", s.key(p, d))
                    .put("手帳番号", "精" + (100000 + s.pop.body[p] % 900000))
                    .put("氏名", s.name(p))
                    .put("等級", Integer.toString(w.programs.mentalGrade(p)))
                    .put("交付日", Dates.wareki(issued))
                    .put("有効期限", Dates.wareki(Dates.plusDays(issued, 729)))
                    .emit();
        }
    }

    static void disabilityServices(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        String[] adult = {"11", "22", "32", "33", "41", "61"};
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p) || s.u(p, 80) >= 0.35) {
                continue;
            }
            int certificate = w.programs.anyCertificate(p);
            if (certificate == 0) {
                continue;
            }
            int fiscalAge = Dates.fiscalAge(s.pop.birth[p], s.today);
            String service;
            int base;
            if (fiscalAge >= 6 && fiscalAge <= 17) {
                service = "63";
                base = Math.max(certificate, s.atAge(p, 6));
            } else if (s.age(p) >= 18) {
                service = adult[s.pick(p, 81, adult.length)];
                base = Math.max(certificate, s.atAge(p, 18));
            } else {
                continue;
            }
            if (base > s.today) {
                continue;
            }
            int decided = s.currentCycle(base, Programs.YEARLY);
            out.put("宛名番号", s.key(p, d))
                    .put("受給者証番号", Long.toString(8_000_000_000L + s.pop.body[p]))
                    .put("サービス種類", service)
                    .put("支給決定日", Dates.compact(decided))
                    .put("支給決定期間終了日", Dates.compact(Dates.plusDays(decided, Programs.YEARLY - 1)))
                    .put("支給量", service.equals("11") ? 10 + s.pick(p, 82, 30) : service.equals("61") ? 7 : 22)
                    .emit();
        }
    }

    static void supportMedical(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int age = s.age(p);
            int physical = w.programs.physicalIssued(p);
            if (physical != 0 && age >= 18 && w.programs.physicalKind(p) == 5 && s.u(p, 85) < 0.5) {
                supportMedicalRow(w, out, d, p, "1", Math.max(physical, s.atAge(p, 18)));
            }
            if (physical != 0 && age < 18 && s.u(p, 86) < 0.3) {
                supportMedicalRow(w, out, d, p, "2", physical);
            }
            int mental = w.programs.mentalOnset(p);
            if (mental != 0 && s.u(p, 82) < 0.7) {
                supportMedicalRow(w, out, d, p, "3", mental);
            } else if (mental == 0 && s.u(p, 83) < 0.012) {
                supportMedicalRow(w, out, d, p, "3", s.atAge(p, 18 + 40 * s.u(p, 84)));
            }
        }
    }

    private static void supportMedicalRow(SourceWriters w, CsvSink out, CsvSink.Dialect d, int p, String kind, int start) throws IOException {
        Snapshot s = w.s;
        if (start > s.today) {
            return;
        }
        int from = s.currentCycle(start, Programs.YEARLY);
        out.put("宛名番号", s.key(p, d))
                .put("受給者番号", kind + (1_000_000 + s.pop.body[p] % 9_000_000))
                .put("氏名", s.name(p))
                .put("区分", kind)
                .put("有効期間開始日", Dates.eraLetter(from))
                .put("有効期間終了日", Dates.eraLetter(Dates.plusDays(from, Programs.YEARLY - 1)))
                .put("指定医療機関", PROVIDERS[kind.equals("2") ? 5 : s.pick(p, 87, 5)])
                .emit();
    }
}
