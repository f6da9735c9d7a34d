package jp.tsunagu.sample;

import java.io.IOException;

/** The writers of one department family, 住民記録・住登外 (the masters): the registry and the persons the city deals with who live elsewhere. */
final class MasterWriters {

    private MasterWriters() {
    }

    /**
     * The registry's full export: the residents, and the 除票 of those who died or moved out since day 1,
     * with their 異動事由 (死亡, 転出) and 異動日, as a 住民記録 system's export for the 宛名 system keeps
     * its 消除者 — so that a death is a change with its reason, not a row that silently disappears.
     */
    static void residentRegistry(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException {
        Snapshot s = w.s;
        Population pop = s.pop;
        for (int p = 0; p < pop.count; p++) {
            if (!pop.inRegistry(p)) {
                continue;
            }
            long address = s.registeredAddress(p);
            out.put("宛名番号", s.key(p, d))
                    .put("世帯番号", s.householdKey(p, d))
                    .put("氏名", s.name(p))
                    .put("カナ氏名", s.kana(p))
                    .put("生年月日", Dates.eraCode7(pop.birth[p]))
                    .put("性別", Integer.toString(pop.sex[p]))
                    .put("続柄", SourceWriters.code2(pop.relation[p]))
                    .put("郵便番号", Address.postcode(address, s.data))
                    .put("住所", s.street(address))
                    .put("方書", s.detail(address))
                    .put("住民区分", "1")
                    .put("異動日", Dates.eraCode7(pop.movedOn[p]))
                    .put("異動事由", SourceWriters.code2(pop.moveReason[p]))
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
}
