package jp.tsunagu.sample;

import java.io.IOException;
import java.util.BitSet;

/** The writers of one department family, 子ども・子育て: 児童手当 and the other allowances, 医療費, 保育, 就学援助 and 母子保健. */
final class ChildWriters {

    private static final String[] NURSERIES = {
        "狭山市立入間川保育所", "狭山市立狭山台保育所", "狭山市立新狭山保育所", "すずらん保育園", "ひまわり保育園", "狭山ゆりかご保育園",
        "広瀬台こども園", "富士見幼稚園", "さやま認定こども園", "つつじ野保育園"
    };

    private ChildWriters() {
    }

    private static String livingStreet(SourceWriters w, int p) {
        Snapshot s = w.s;
        long address = s.livingAddress(p);
        String detail = s.detail(address);
        return detail.isEmpty() ? s.street(address) : s.street(address) + "　" + detail;
    }

    static void childAllowance(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int hh = s.pop.household[p];
            if (s.hhGuardian[hh] != p || s.hhChildren[hh] == 0) {
                continue;
            }
            int n = s.hhChildren[hh];
            int amount = 0;
            for (int i = 0; i < n; i++) {
                // eldest first; the youngest hhUnder3 are under 3; the third child on gets 30,000 yen
                amount += i >= 2 ? 30_000 : i >= n - s.hhUnder3[hh] ? 15_000 : 10_000;
            }
            out.put("宛名番号", s.key(p, d))
                    .put("受給者氏名", s.name(p))
                    .put("住所", livingStreet(w, p))
                    .put("支給対象児童数", n)
                    .put("月額", amount)
                    .put("支給事由発生日", Dates.wareki(Math.max(s.hhEldestChild[hh], s.pop.hhSince[hh])))
                    .emit();
        }
    }

    static void singleParentAllowance(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int hh = s.pop.household[p];
            if (s.hhGuardian[hh] != p || !s.isSingleParentHousehold(hh) || s.uHousehold(hh, 110) >= 0.75) {
                continue;
            }
            out.put("宛名番号", s.key(p, d))
                    .put("受給者氏名", s.name(p))
                    .put("住所", livingStreet(w, p))
                    .put("対象児童数", s.hhChildren[hh])
                    .put("支給区分", s.uHousehold(hh, 111) < 0.45 ? "1" : "2")
                    .put("認定日", Dates.eraLetter(Math.max(s.hhEldestChild[hh], s.pop.hhSince[hh])))
                    .emit();
        }
    }

    static void specialChildAllowance(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p) || s.age(p) >= 20 || s.u(p, 120) >= 0.7) {
                continue;
            }
            int guardian = s.hhGuardian[s.pop.household[p]];
            if (guardian < 0 || guardian == p) {
                continue;
            }
            int intellectual = w.programs.intellectualIssued(p);
            int physical = w.programs.physicalIssued(p);
            boolean physicalSevere = physical != 0 && w.programs.physicalGrade(p) <= 3;
            if (intellectual == 0 && !physicalSevere) {
                continue;
            }
            boolean first = (intellectual != 0 && w.programs.intellectualSevere(p)) || (physicalSevere && w.programs.physicalGrade(p) <= 2);
            int since = intellectual != 0 ? intellectual : physical;
            out.put("1", s.key(guardian, d))
                    .put("2", s.name(guardian))
                    .put("3", s.key(p, d))
                    .put("4", first ? "1" : "2")
                    .put("5", Dates.eraCode7(Math.max(since, s.pop.hhSince[s.pop.household[p]])))
                    .emit();
        }
    }

    static void childMedical(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p) || !s.isChild(p)) {
                continue;
            }
            int guardian = s.hhGuardian[s.pop.household[p]];
            int birth = s.pop.birth[p];
            out.put("宛名番号", s.key(p, d))
                    .put("児童氏名", s.name(p))
                    .put("児童カナ氏名", Kana.halfWidth(s.kana(p)))
                    .put("生年月日", Dates.compact(birth))
                    .put("保護者宛名番号", guardian >= 0 ? s.key(guardian, d) : "")
                    .put("受給者証番号", Long.toString(20_000_000L + s.pop.body[p] % 80_000_000))
                    .put("資格開始日", Dates.compact(Math.max(birth, s.pop.hhSince[s.pop.household[p]])))
                    .put("資格終了予定日", Dates.compact(Dates.endOfFiscalAge(birth, 17)))
                    .emit();
        }
    }

    static void singleParentMedical(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int hh = s.pop.household[p];
            if (!s.isSingleParentHousehold(hh) || s.uHousehold(hh, 130) >= 0.6) {
                continue;
            }
            boolean parent = s.hhGuardian[hh] == p;
            if (!parent && !s.isChild(p)) {
                continue;
            }
            int since = parent ? Math.max(s.hhEldestChild[hh], s.pop.hhSince[hh]) : Math.max(s.pop.birth[p], s.pop.hhSince[hh]);
            out.put("宛名番号", s.key(p, d))
                    .put("氏名", s.name(p))
                    .put("世帯番号", s.householdKey(p, d))
                    .put("受給資格区分", parent ? "1" : "2")
                    .put("資格取得日", Dates.slashed(since))
                    .emit();
        }
    }

    static void childcare(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int birth = s.pop.birth[p];
            int fiscalAge = Dates.fiscalAge(birth, s.today);
            int weeksOld = Dates.plusDays(birth, 57);
            if (fiscalAge > 5 || weeksOld > s.today) {
                continue;
            }
            double u = s.u(p, 140);
            int entryAge = u < 0.15 ? 0 : u < 0.42 ? 1 : u < 0.5 ? 2 : u < 0.97 ? 3 : 99;
            if (fiscalAge < entryAge) {
                continue;
            }
            int fy = birth % 10000 <= 401 ? birth / 10000 + entryAge : birth / 10000 + entryAge + 1;
            int entered = Math.max(Math.max(weeksOld, entryAge == 0 ? 0 : fy * 10000 + 401), s.pop.hhSince[s.pop.household[p]]);
            if (entered > s.today) {
                continue;
            }
            String certification = fiscalAge >= 3 ? (s.u(p, 141) < 0.6 ? "2" : "1") : "3";
            out.put("宛名番号", s.key(p, d))
                    .put("児童氏名", s.name(p))
                    .put("生年月日", Dates.slashed(birth))
                    .put("認定区分", certification)
                    .put("施設名", NURSERIES[s.pick(p, 143, NURSERIES.length)])
                    .put("入所日", Dates.slashed(entered))
                    .put("保育必要量", certification.equals("1") ? "0" : s.u(p, 142) < 0.75 ? "1" : "2")
                    .emit();
        }
    }

    static void schoolAid(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p)) {
                continue;
            }
            int fiscalAge = Dates.fiscalAge(s.pop.birth[p], s.today);
            if (fiscalAge < 6 || fiscalAge > 14) {
                continue;
            }
            int hh = s.pop.household[p];
            String category;
            if (w.programs.protectionSince(hh) != 0) {
                category = "1";
            } else if (s.uHousehold(hh, 150) < 0.11) {
                category = "2";
            } else {
                continue;
            }
            boolean elementary = fiscalAge <= 11;
            int town = Address.town(s.registeredAddress(p));
            String school = elementary ? "狭山市立第" + (1 + town % 15) + "小学校" : "狭山市立第" + (1 + town % 8) + "中学校";
            int guardian = s.hhGuardian[hh];
            out.put("宛名番号", s.key(p, d))
                    .put("児童生徒氏名", s.name(p))
                    .put("学校名", school)
                    .put("学年", elementary ? fiscalAge - 5 : fiscalAge - 11)
                    .put("認定区分", category)
                    .put("認定日", Dates.wareki(Math.max(Dates.fiscalYear(s.today) * 10000 + 401, s.pop.hhSince[hh])))
                    .put("保護者宛名番号", guardian >= 0 ? s.key(guardian, d) : "")
                    .emit();
        }
    }

    static void maternalHealth(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        BitSet mothersDone = new BitSet();
        double[] dueAge = {28.0 / 365, 0.33, 1.5, 3.5};
        for (int p = 0; p < s.pop.count; p++) {
            if (!s.pop.isResident(p) || s.age(p) >= 4) {
                continue;
            }
            int guardian = s.hhGuardian[s.pop.household[p]];
            int mother = guardian >= 0 && s.pop.sex[guardian] == Population.FEMALE && s.age(guardian) < 50 ? guardian : -1;
            if (mother >= 0 && s.age(p) < 1 && !mothersDone.get(mother)) {
                mothersDone.set(mother);
                out.put("宛名番号", s.key(mother, d))
                        .put("氏名", s.name(mother))
                        .put("事業区分", "1")
                        .put("実施日", Dates.eraLetter(Dates.plusDays(s.pop.birth[p], -200)))
                        .put("結果", "1")
                        .emit();
            }
            for (int k = 0; k < dueAge.length; k++) {
                int due = Dates.plusDays(s.atAge(p, dueAge[k]), s.pick(p, 160 + k, 30));
                if (due > s.today || due < s.pop.hhSince[s.pop.household[p]] || s.u(p, 170 + k) >= 0.96) {
                    continue;
                }
                double r = s.u(p, 180 + k);
                out.put("宛名番号", s.key(p, d))
                        .put("氏名", s.name(p))
                        .put("事業区分", Integer.toString(2 + k))
                        .put("実施日", Dates.eraLetter(due))
                        .put("結果", r < 0.85 ? "1" : r < 0.97 ? "2" : "3")
                        .put("母親宛名番号", mother >= 0 ? s.key(mother, d) : "")
                        .emit();
            }
        }
    }
}
