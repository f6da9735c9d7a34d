package jp.tsunagu.consultation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;
import java.util.TreeSet;

/**
 * The city office's working days (開庁日): not Saturday or Sunday, not a national holiday (国民の祝日, computed
 * by the Act on National Holidays as it stands since 2020, with 振替休日 and 国民の休日), not the year-end
 * closing 12/29–1/3, not a closing day the city adds ({@code tsunagu.consultation.holidays}). The hand-over
 * board shows the follow-ups due up to the next working day: on a Friday, those of Saturday to Monday.
 */
final class WorkingDays {

    private final Set<LocalDate> extra;

    WorkingDays(java.util.Collection<LocalDate> extra) {
        this.extra = Set.copyOf(extra);
    }

    /** The first working day after {@code day}. */
    LocalDate next(LocalDate day) {
        LocalDate d = day.plusDays(1);
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    boolean isWorkingDay(LocalDate d) {
        DayOfWeek w = d.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !isHoliday(d) && !yearEnd(d) && !extra.contains(d);
    }

    private static boolean yearEnd(LocalDate d) {
        return (d.getMonth() == Month.DECEMBER && d.getDayOfMonth() >= 29)
                || (d.getMonth() == Month.JANUARY && d.getDayOfMonth() <= 3);
    }

    /** A national holiday, a substitute holiday (振替休日) or a citizens' holiday (国民の休日). */
    static boolean isHoliday(LocalDate d) {
        return holidays(d.getYear()).contains(d);
    }

    static Set<LocalDate> holidays(int year) {
        TreeSet<LocalDate> days = new TreeSet<>(named(year));
        // 振替休日: a holiday on a Sunday moves to the next day that is no holiday
        for (LocalDate h : new TreeSet<>(days)) {
            if (h.getDayOfWeek() == DayOfWeek.SUNDAY) {
                LocalDate d = h.plusDays(1);
                while (days.contains(d)) {
                    d = d.plusDays(1);
                }
                days.add(d);
            }
        }
        // 国民の休日: a day between two holidays (in September, between 敬老の日 and 秋分の日)
        for (LocalDate h : new TreeSet<>(days)) {
            LocalDate between = h.plusDays(1);
            if (!days.contains(between) && days.contains(h.plusDays(2))
                    && between.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(between);
            }
        }
        return days;
    }

    private static Set<LocalDate> named(int y) {
        Set<LocalDate> d = new TreeSet<>();
        d.add(LocalDate.of(y, 1, 1));
        d.add(nthMonday(y, Month.JANUARY, 2));
        d.add(LocalDate.of(y, 2, 11));
        d.add(LocalDate.of(y, 2, 23));
        d.add(LocalDate.of(y, 3, equinox(y, 20.8431)));
        d.add(LocalDate.of(y, 4, 29));
        d.add(LocalDate.of(y, 5, 3));
        d.add(LocalDate.of(y, 5, 4));
        d.add(LocalDate.of(y, 5, 5));
        d.add(nthMonday(y, Month.JULY, 3));
        d.add(LocalDate.of(y, 8, 11));
        d.add(nthMonday(y, Month.SEPTEMBER, 3));
        d.add(LocalDate.of(y, 9, equinox(y, 23.2488)));
        d.add(nthMonday(y, Month.OCTOBER, 2));
        d.add(LocalDate.of(y, 11, 3));
        d.add(LocalDate.of(y, 11, 23));
        return d;
    }

    /** 春分日・秋分日 by the usual approximation, valid from 1980 to 2099. */
    private static int equinox(int y, double base) {
        return (int) Math.floor(base + 0.242194 * (y - 1980) - Math.floor((y - 1980) / 4.0));
    }

    private static LocalDate nthMonday(int y, Month m, int n) {
        return LocalDate.of(y, m, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
    }
}
