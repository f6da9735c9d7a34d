package jp.tsunagu.sample;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;

/**
 * One writer per source: which rows the department's system would export on the snapshot's date and
 * how it writes them. The column names are those of the shipped definition; the dialect (BOM, line
 * ends, key padding) is given with each source in {@link #ALL}.
 */
final class SourceWriters {

    @FunctionalInterface
    interface Writer {
        void write(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException;
    }

    record Source(String id, CsvSink.Dialect dialect, Writer writer) {
    }

    private static final CsvSink.Dialect CP932_PADDED = new CsvSink.Dialect(false, true, true);
    private static final CsvSink.Dialect CP932_PLAIN = new CsvSink.Dialect(false, true, false);
    private static final CsvSink.Dialect BOM_PADDED = new CsvSink.Dialect(true, true, true);
    private static final CsvSink.Dialect BOM_PLAIN = new CsvSink.Dialect(true, true, false);
    private static final CsvSink.Dialect TSV_PADDED = new CsvSink.Dialect(false, false, true);

    /** The sources in the order they are written; the first two are the masters. */
    static final List<Source> ALL = List.of(
            new Source("jumin-kiroku", CP932_PADDED, SourceWriters::residentRegistry),
            new Source("jutogai", BOM_PLAIN, SourceWriters::nonResidents),
            new Source("kaigo-shikaku", CP932_PADDED, SourceWriters::careInsurance),
            new Source("kaigo-nintei", CP932_PADDED, SourceWriters::careCertification),
            new Source("koreisha-fukushi", BOM_PLAIN, SourceWriters::elderlyServices),
            new Source("shintai-techo", CP932_PLAIN, SourceWriters::physicalCertificate),
            new Source("ryoiku-techo", CP932_PLAIN, SourceWriters::intellectualCertificate),
            new Source("seishin-techo", CP932_PADDED, SourceWriters::mentalCertificate),
            new Source("shogai-service", TSV_PADDED, SourceWriters::disabilityServices),
            new Source("jiritsu-shien", CP932_PADDED, SourceWriters::supportMedical),
            new Source("jido-teate", CP932_PADDED, SourceWriters::childAllowance),
            new Source("jido-fuyo", CP932_PLAIN, SourceWriters::singleParentAllowance),
            new Source("tokubetsu-jido-fuyo", CP932_PADDED, SourceWriters::specialChildAllowance),
            new Source("kodomo-iryo", BOM_PLAIN, SourceWriters::childMedical),
            new Source("hitorioya-iryo", CP932_PADDED, SourceWriters::singleParentMedical),
            new Source("hoiku", BOM_PADDED, SourceWriters::childcare),
            new Source("shugaku-enjo", CP932_PLAIN, SourceWriters::schoolAid),
            new Source("boshi-hoken", CP932_PADDED, SourceWriters::maternalHealth),
            new Source("seikatsu-hogo", CP932_PADDED, SourceWriters::publicAssistance),
            new Source("kokuho", CP932_PLAIN, SourceWriters::nationalHealthInsurance),
            new Source("koki-korei", BOM_PADDED, SourceWriters::lateElderlyMedical),
            new Source("kokumin-nenkin", CP932_PLAIN, SourceWriters::nationalPension),
            new Source("shitei-nanbyo", BOM_PADDED, SourceWriters::intractableDisease));

    private static final String[] CARE_LEVELS = {"12", "13", "21", "22", "23", "24", "25"};
    private static final String[] PROVIDERS = {
        "狭山中央病院", "入間川メンタルクリニック", "狭山台こころのクリニック", "さやま腎クリニック", "新狭山病院", "埼玉県立小児医療センター"
    };
    private static final String[] NURSERIES = {
        "狭山市立入間川保育所", "狭山市立狭山台保育所", "狭山市立新狭山保育所", "すずらん保育園", "ひまわり保育園", "狭山ゆりかご保育園",
        "広瀬台こども園", "富士見幼稚園", "さやま認定こども園", "つつじ野保育園"
    };
    private static final String[] DISEASES = {"2", "6", "11", "13", "49", "51", "96", "97"};
    private static final String[] RELATIVES = {"長男", "長女", "次男", "次女", "妻", "夫", "甥", "姪"};

    final Snapshot s;
    final Programs programs;

    SourceWriters(Snapshot s) {
        this.s = s;
        this.programs = new Programs(s);
    }

    private Population pop() {
        return s.pop;
    }

    private static String code2(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    // ---- masters ---------------------------------------------------------------------------

    static void residentRegistry(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        Population pop = s.pop;
        for (int p = 0; p < pop.count; p++) {
            if (!pop.isResident(p)) {
                continue;
            }
            long address = s.registeredAddress(p);
            out.put("宛名番号", s.key(p, d))
                    .put("世帯番号", s.householdKey(p, d))
                    .put("氏名", s.name(p))
                    .put("カナ氏名", s.kana(p))
                    .put("生年月日", Dates.eraCode7(pop.birth[p]))
                    .put("性別", Integer.toString(pop.sex[p]))
                    .put("続柄", code2(pop.relation[p]))
                    .put("郵便番号", Address.postcode(address, s.data))
                    .put("住所", s.street(address))
                    .put("方書", s.detail(address))
                    .put("住民区分", "1")
                    .put("異動日", Dates.eraCode7(pop.movedOn[p]))
                    .put("異動事由", code2(pop.moveReason[p]))
                    .put("支援措置", pop.has(p, Population.FLAG_SUPPORT_MEASURE) ? "1" : "0")
                    .emit();
        }
    }

    /** 住登外: people the city deals with who live elsewhere, and some who moved out (税・国保の継続). */
    static void nonResidents(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        Population pop = s.pop;
        for (int p = 0; p < pop.count; p++) {
            String reason;
            if (pop.state[p] == Population.NON_RESIDENT) {
                reason = Integer.toString(2 + s.pick(p, 31, 3));
            } else if (pop.state[p] == Population.MOVED_OUT && s.u(p, 30) < 0.25) {
                reason = "1";
            } else {
                continue;
            }
            out.put("宛名番号", s.key(p, d))
                    .put("氏名", s.name(p))
                    .put("カナ氏名", s.kana(p))
                    .put("生年月日", Dates.compact(pop.birth[p]))
                    .put("性別", Integer.toString(pop.sex[p]))
                    .put("住所", s.street(s.registeredAddress(p)))
                    .put("登録事由", reason)
                    .put("登録日", Dates.compact(pop.movedOn[p]))
                    .put("電話番号", s.mobile(p))
                    .emit();
        }
    }

    // ---- 介護・高齢 ----------------------------------------------------------------------------

    private String insuredNumber(int p) {
        return Long.toString(3_000_000_000L + pop().body[p]);
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
                    .put("被保険者番号", w.insuredNumber(p))
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
                    .put("被保険者番号", w.insuredNumber(p))
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
                w.elderlyService(out, d, p, "01", Math.max(since, s.atAge(p, 65 + 25 * s.u(p, 52))));
            }
            if (alone && s.u(p, 53) < 0.22) {
                w.elderlyService(out, d, p, "02", Math.max(since, s.atAge(p, 65 + 25 * s.u(p, 54))));
            }
            if (certified != 0 && w.programs.careLevel(p, certified) >= 4 && s.u(p, 55) < 0.4) {
                w.elderlyService(out, d, p, "03", Math.max(since, s.currentCycle(certified, Programs.YEARLY)));
            }
        }
    }

    private void elderlyService(CsvSink out, CsvSink.Dialect d, int p, String service, int start) throws IOException {
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

    // ---- 障害 ------------------------------------------------------------------------------

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
                w.supportMedicalRow(out, d, p, "1", Math.max(physical, s.atAge(p, 18)));
            }
            if (physical != 0 && age < 18 && s.u(p, 86) < 0.3) {
                w.supportMedicalRow(out, d, p, "2", physical);
            }
            int mental = w.programs.mentalOnset(p);
            if (mental != 0 && s.u(p, 82) < 0.7) {
                w.supportMedicalRow(out, d, p, "3", mental);
            } else if (mental == 0 && s.u(p, 83) < 0.012) {
                w.supportMedicalRow(out, d, p, "3", s.atAge(p, 18 + 40 * s.u(p, 84)));
            }
        }
    }

    private void supportMedicalRow(CsvSink out, CsvSink.Dialect d, int p, String kind, int start) throws IOException {
        if (start > s.today) {
            return;
        }
        int from = s.currentCycle(start, Programs.YEARLY);
        out.put("宛名番号", s.key(p, d))
                .put("受給者番号", kind + (1_000_000 + pop().body[p] % 9_000_000))
                .put("氏名", s.name(p))
                .put("区分", kind)
                .put("有効期間開始日", Dates.eraLetter(from))
                .put("有効期間終了日", Dates.eraLetter(Dates.plusDays(from, Programs.YEARLY - 1)))
                .put("指定医療機関", PROVIDERS[kind.equals("2") ? 5 : s.pick(p, 87, 5)])
                .emit();
    }

    // ---- 子ども・子育て -----------------------------------------------------------------------

    private String livingStreet(int p) {
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
                    .put("住所", w.livingStreet(p))
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
                    .put("住所", w.livingStreet(p))
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

    // ---- 生活保護・保険・年金 ----------------------------------------------------------------

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
                    .put("続柄", code2(s.pop.relation[p]))
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
