package jp.tsunagu.sample;

import java.time.LocalDate;

/**
 * What happened in the city on one day (the change from the day before), and what that means for
 * the 住民記録 export: how many records a diff of the two snapshots must find added, changed and
 * ended. On day 1 nothing has happened yet and every count is zero.
 *
 * @param date the day the events happened
 * @param births 出生
 * @param deaths 死亡
 * @param movedIn persons who moved in (転入)
 * @param movedOut persons who moved out (転出)
 * @param movedWithin persons whose household moved within the city (転居)
 * @param headChanges households whose head died and got a new head (世帯主変更)
 * @param turned65 residents who turned 65 (介護保険 第1号被保険者)
 * @param turned75 residents who turned 75 (後期高齢者医療)
 * @param registryAdded rows in today's 住民記録 export that were not in yesterday's
 * @param registryChanged rows in both exports whose content differs
 * @param registryEnded rows in yesterday's export that are gone today
 */
public record DayEvents(LocalDate date, int births, int deaths, int movedIn, int movedOut, int movedWithin,
        int headChanges, int turned65, int turned75, int registryAdded, int registryChanged, int registryEnded) {

    static DayEvents none(LocalDate date) {
        return new DayEvents(date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static final class Counter {
        int births;
        int deaths;
        int movedIn;
        int movedOut;
        int movedWithin;
        int headChanges;
        int turned65;
        int turned75;
        int registryAdded;
        int registryChanged;
        int registryEnded;

        DayEvents toEvents(LocalDate date) {
            return new DayEvents(date, births, deaths, movedIn, movedOut, movedWithin, headChanges, turned65, turned75,
                    registryAdded, registryChanged, registryEnded);
        }
    }
}
