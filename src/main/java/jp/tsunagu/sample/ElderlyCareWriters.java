package jp.tsunagu.sample;

import java.io.IOException;

/** The writers of one department family, 介護・高齢: 介護保険資格, 要介護認定 and 高齢者福祉サービス. */
final class ElderlyCareWriters {

    private static final String[] CARE_LEVELS = {"12", "13", "21", "22", "23", "24", "25"};
    private static final String[] RELATIVES = {"長男", "長女", "次男", "次女", "妻", "夫", "甥", "姪"};

    private ElderlyCareWriters() {
    }

    private static String insuredNumber(SourceWriters w, int p) {
        Snapshot s = w.s;
        return Long.toString(3_000_000_000L + s.pop.body[p]);
    }

    static void careInsurance(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        Population pop = s.pop;
        for (int p = 0; p < pop.count; p++) {
            if (!pop.isResident(p)) {
                continue;
            }
            int age = s.age(p);
            int qualified;
            String insuredClass;
            if (age >= 65) {
                qualified = Math.max(Math.max(s.ageReached(p, 65), 20000401), pop.hhSince[pop.household[p]]);
                insuredClass = "1";
            } else if (age >= 40 && w.programs.careCertifiedSince(p) != 0) {
                qualified = w.programs.careCertifiedSince(p);
                insuredClass = "2";
            } else {
                continue;
            }
            double u = s.u(p, 46);
            out.put("宛名番号", s.key(p, d))
                    .put("被保険者番号", insuredNumber(w, p))
                    .put("氏名", s.name(p))
                    .put("カナ氏名", s.kana(p))
                    .put("生年月日", Dates.eraLetter(pop.birth[p]))
                    .put("被保険者区分", insuredClass)
                    .put("資格取得日", Dates.eraLetter(qualified))
                    .put("負担割合", u < 0.07 ? "3" : u < 0.2 ? "2" : "1")
                    .put("電話番号", s.phone(p))
                    .emit();
        }
    }

    static void careCertification(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        Population pop = s.pop;
        for (int p = 0; p < pop.count; p++) {
            if (!pop.isResident(p)) {
                continue;
            }
            int first = w.programs.careCertifiedSince(p);
            if (first == 0) {
                continue;
            }
            int cycle = s.currentCycle(first, Programs.YEARLY);
            out.put("宛名番号", s.key(p, d))
                    .put("被保険者番号", insuredNumber(w, p))
                    .put("要介護度", CARE_LEVELS[w.programs.careLevel(p, first)])
                    .put("認定日", Dates.wareki(cycle))
                    .put("有効期間開始日", Dates.wareki(cycle))
                    .put("有効期間終了日", Dates.wareki(Dates.plusDays(cycle, Programs.YEARLY - 1)))
                    .put("申請区分", cycle == first ? "1" : "2")
                    .emit();
        }
    }

    static void elderlyServices(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        Population pop = s.pop;
        for (int p = 0; p < pop.count; p++) {
            if (!pop.isResident(p) || s.age(p) < 65) {
                continue;
            }
            int hh = pop.household[p];
            boolean alone = s.hhResidents[hh] == 1;
            int certified = w.programs.careCertifiedSince(p);
            int since = pop.hhSince[hh];
            if ((alone || certified != 0) && s.u(p, 51) < 0.18) {
                elderlyService(w, out, d, p, "01", Math.max(since, s.atAge(p, 65 + 25 * s.u(p, 52))));
            }
            if (alone && s.u(p, 53) < 0.22) {
                elderlyService(w, out, d, p, "02", Math.max(since, s.atAge(p, 65 + 25 * s.u(p, 54))));
            }
            if (certified != 0 && w.programs.careLevel(p, certified) >= 4 && s.u(p, 55) < 0.4) {
                elderlyService(w, out, d, p, "03", Math.max(since, s.currentCycle(certified, Programs.YEARLY)));
            }
        }
    }

    private static void elderlyService(SourceWriters w, CsvSink out, CsvSink.Dialect d, int p, String service, int start) throws IOException {
        Snapshot s = w.s;
        if (start > s.today) {
            return;
        }
        long address = s.livingAddress(p);
        String detail = s.detail(address);
        out.put("宛名番号", s.key(p, d))
                .put("氏名", s.name(p))
                .put("サービス種別", service)
                .put("利用開始日", Dates.slashed(start))
                .put("配達先住所", detail.isEmpty() ? s.street(address) : s.street(address) + ", " + detail)
                .put("電話番号", s.phone(p))
                .put("緊急連絡先", RELATIVES[s.pick(p, 56, RELATIVES.length)] + " " + s.relativeMobile(p))
                .emit();
    }
}
