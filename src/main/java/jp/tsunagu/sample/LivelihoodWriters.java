package jp.tsunagu.sample;

import java.io.IOException;

/** The writers of one department family, 生活保護・保険・年金: 生活保護, 国民健康保険, 後期高齢者医療, 国民年金 and 指定難病. */
final class LivelihoodWriters {

    private static final String[] DISEASES = {"2", "6", "11", "13", "49", "51", "96", "97"};

    private LivelihoodWriters() {
    }

    static void publicAssistance(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int hh = s.pop.household[p];
            int since = w.programs.protectionSince(hh);
            if (since == 0) {
                continue;
            }
            long address = s.livingAddress(p);
            double u = s.uHousehold(hh, 92);
            boolean elderly = s.hhResidents[hh] == 1 && s.age(p) >= 65;
            out.put("宛名番号", s.key(p, d))
                    .put("ケース番号", "C" + s.pop.hhBody[hh])
                    .put("氏名", s.name(p))
                    .put("世帯番号", s.householdKey(p, d))
                    .put("続柄", SourceWriters.code2(s.pop.relation[p]))
                    .put("住所", s.street(address))
                    .put("方書", s.detail(address))
                    .put("保護開始日", Dates.wareki(Math.max(since, s.pop.birth[p])))
                    .put("扶助種類", elderly ? (u < 0.6 ? "3" : "4") : (u < 0.7 ? "3" : "2"))
                    .put("電話番号", s.phone(p))
                    .emit();
        }
    }

    static void nationalHealthInsurance(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int since = w.programs.nationalInsuranceSince(p);
            if (since == 0) {
                continue;
            }
            int age = s.age(p);
            boolean preschool = Dates.fiscalAge(s.pop.birth[p], s.today) < 6;
            out.put("宛名番号", s.key(p, d))
                    .put("記号番号", "11215-" + s.pop.hhBody[s.pop.household[p]])
                    .put("氏名", s.name(p))
                    .put("世帯主区分", s.pop.relation[p] == Population.HEAD ? "1" : "2")
                    .put("資格取得日", Dates.compact(since))
                    .put("一部負担割合", age >= 70 || preschool ? "2" : "3")
                    .emit();
        }
    }

    static void lateElderlyMedical(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p) || s.age(p) < 75) {
                continue;
            }
            double u = s.u(p, 190);
            int birthday75 = Dates.plusYears(s.pop.birth[p], 75);
            out.put("宛名番号", s.key(p, d))
                    .put("被保険者番号", Long.toString(10_000_000L + s.pop.body[p] % 90_000_000))
                    .put("氏名", s.name(p))
                    .put("生年月日", Dates.compact(s.pop.birth[p]))
                    .put("資格取得日", Dates.compact(Math.max(birthday75, s.pop.hhSince[s.pop.household[p]])))
                    .put("負担割合", u < 0.07 ? "3" : u < 0.25 ? "2" : "1")
                    .emit();
        }
    }

    static void nationalPension(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int age = s.age(p);
            if (age < 20 || age >= 60) {
                continue;
            }
            String exemption;
            if (w.programs.nationalInsuranceSince(p) != 0) {
                double u = s.u(p, 200);
                exemption = u < 0.2 ? "1" : u < 0.28 ? "2" : "0";
            } else if (age <= 22 && s.u(p, 201) < 0.45) {
                exemption = "3";
            } else {
                continue;
            }
            long h = Hashing.hash(s.seed, s.pop.body[p], 202);
            out.put("宛名番号", s.key(p, d))
                    .put("基礎年金番号", (1000 + (h >>> 40) % 9000) + "-" + (100000 + (h >>> 8) % 900000))
                    .put("氏名", s.name(p))
                    .put("被保険者種別", "1")
                    .put("資格取得日", Dates.eraCode7(Math.max(s.ageReached(p, 20), s.pop.hhSince[s.pop.household[p]])))
                    .put("免除区分", exemption)
                    .emit();
        }
    }

    static void intractableDisease(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            int onset = s.pop.isResident(p) ? w.programs.intractableOnset(p) : 0;
            if (onset == 0) {
                continue;
            }
            int from = s.currentCycle(Math.max(onset, s.pop.hhSince[s.pop.household[p]]), Programs.YEARLY);
            out.put("宛名番号", s.key(p, d))
                    .put("受給者番号", Long.toString(50_000_000L + s.pop.body[p] % 50_000_000))
                    .put("氏名", s.name(p))
                    .put("疾病", DISEASES[s.pick(p, 210, DISEASES.length)])
                    .put("有効期間開始日", Dates.iso(from))
                    .put("有効期間終了日", Dates.iso(Dates.plusDays(from, Programs.YEARLY - 1)))
                    .emit();
        }
    }
}
