package jp.tsunagu.procedures;

import java.time.LocalDate;
import jp.tsunagu.japanese.JapaneseDates;

/** Dates as the procedures' screens show them (和暦): 令和8年4月17日, or a dash for none. */
public final class ProcedureDates {

    private ProcedureDates() {
    }

    public static String wareki(LocalDate day) {
        return day == null ? "—" : JapaneseDates.wareki(day);
    }
}
