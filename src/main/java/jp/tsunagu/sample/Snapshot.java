package jp.tsunagu.sample;

import java.time.LocalDate;
import java.util.Map;

/**
 * The city as seen on one date: the population plus what each household looks like that day (who is
 * a child, who is the guardian, whether it is a single-parent household). Program standing is
 * derived from these facts and from per-person seeded values, never from wall-clock time.
 */
final class Snapshot {

    final Population pop;
    final CityData data;
    final long seed;
    final int today;
    final long todayEpoch;
    private final Map<Integer, Long> residence;

    /** Residents in the household. */
    final int[] hhResidents;
    /** Residents aged 20 and over. */
    final int[] hhAdults;
    /** Children up to the March 31 after their 18th birthday. */
    final int[] hhChildren;
    /** Birth of the eldest such child, or 0. */
    final int[] hhEldestChild;
    /** The guardian of the household's children (the youngest adult old enough to be a parent), or -1. */
    final int[] hhGuardian;
    /** The head (世帯主), or -1. */
    final int[] hhHead;
    /** Children under 3 (児童手当 pays more for them). */
    final int[] hhUnder3;

    Snapshot(Population pop, CityData data, long seed, int today, Map<Integer, Long> residence) {
        this.pop = pop;
        this.data = data;
        this.seed = seed;
        this.today = today;
        this.todayEpoch = Dates.date(today).toEpochDay();
        this.residence = residence;
        int h = pop.households;
        hhResidents = new int[h];
        hhAdults = new int[h];
        hhChildren = new int[h];
        hhEldestChild = new int[h];
        hhGuardian = new int[h];
        hhHead = new int[h];
        hhUnder3 = new int[h];
        java.util.Arrays.fill(hhGuardian, -1);
        java.util.Arrays.fill(hhHead, -1);
        for (int p = 0; p < pop.count; p++) {
            if (!pop.isResident(p)) {
                continue;
            }
            int hh = pop.household[p];
            hhResidents[hh]++;
            int age = age(p);
            if (age >= 20) {
                hhAdults[hh]++;
            }
            if (isChild(p)) {
                hhChildren[hh]++;
                if (age < 3) {
                    hhUnder3[hh]++;
                }
                if (hhEldestChild[hh] == 0 || pop.birth[p] < hhEldestChild[hh]) {
                    hhEldestChild[hh] = pop.birth[p];
                }
            }
            if (pop.relation[p] == Population.HEAD) {
                hhHead[hh] = p;
            }
        }
        for (int p = 0; p < pop.count; p++) {
            if (!pop.isResident(p)) {
                continue;
            }
            int hh = pop.household[p];
            if (hhChildren[hh] == 0) {
                continue;
            }
            int age = age(p);
            int eldest = Dates.age(hhEldestChild[hh], today);
            if (age >= 20 && age >= eldest + 16 && (hhGuardian[hh] < 0 || pop.birth[p] > pop.birth[hhGuardian[hh]])) {
                hhGuardian[hh] = p;
            }
        }
    }

    int age(int p) {
        return Dates.age(pop.birth[p], today);
    }

    /** 高校生年代まで: until the March 31 after the 18th birthday. */
    boolean isChild(int p) {
        return Dates.fiscalAge(pop.birth[p], today) <= 17;
    }

    boolean isSingleParentHousehold(int hh) {
        return hhAdults[hh] == 1 && hhChildren[hh] > 0 && hhGuardian[hh] >= 0;
    }

    double u(int p, int salt) {
        return Hashing.uniform(seed, pop.body[p], salt);
    }

    double uHousehold(int hh, int salt) {
        return Hashing.uniform(seed, pop.hhBody[hh] + 1_000_000_000L, salt);
    }

    int pick(int p, int salt, int bound) {
        return Hashing.below(seed, pop.body[p], salt, bound);
    }

    /** birth + years, the years possibly fractional. */
    int atAge(int p, double years) {
        return Dates.ymd(Dates.date(pop.birth[p]).plusDays(Math.round(years * 365.2425)));
    }

    /** The day before the birthday: when the law counts an age as reached. */
    int ageReached(int p, int years) {
        return Dates.ymd(Dates.date(pop.birth[p]).plusYears(years).minusDays(1));
    }

    /** The start of the current period of a yearly (or n-day) renewal cycle that began on {@code first}. */
    int currentCycle(int first, int periodDays) {
        long f = Dates.date(first).toEpochDay();
        long k = (todayEpoch - f) / periodDays;
        return Dates.ymd(LocalDate.ofEpochDay(f + k * periodDays));
    }

    int renewals(int first, int periodDays) {
        return (int) ((todayEpoch - Dates.date(first).toEpochDay()) / periodDays);
    }

    String key(int p, CsvSink.Dialect d) {
        return d.key(pop.key(p));
    }

    String name(int p) {
        return data.surname[pop.surname[p]] + "　" + given(p);
    }

    String kana(int p) {
        return data.surnameKana[pop.surname[p]] + "　" + givenKana(p);
    }

    private String given(int p) {
        return pop.sex[p] == Population.MALE ? data.maleGiven[pop.given[p]] : data.femaleGiven[pop.given[p]];
    }

    private String givenKana(int p) {
        return pop.sex[p] == Population.MALE ? data.maleGivenKana[pop.given[p]] : data.femaleGivenKana[pop.given[p]];
    }

    /** The registered address (住民票上の住所). */
    long registeredAddress(int p) {
        return pop.hhAddress[pop.household[p]];
    }

    /** Where the person actually lives: a support-measure person's 居所 if known, else the registered address. */
    long livingAddress(int p) {
        Long elsewhere = pop.has(p, Population.FLAG_ELSEWHERE) ? residence.get(p) : null;
        return elsewhere != null ? elsewhere : registeredAddress(p);
    }

    String street(long address) {
        return Address.street(address, data);
    }

    String detail(long address) {
        return Address.detail(address, data);
    }

    String householdKey(int p, CsvSink.Dialect d) {
        return d.key(pop.householdKey(pop.household[p]));
    }

    String landline(int p) {
        int hh = pop.household[p];
        long h = Hashing.hash(seed, pop.hhBody[hh], 70);
        return "04-29" + (50 + (int) ((h >>> 40) % 50)) + "-" + four((int) ((h >>> 8) % 10000));
    }

    String mobile(int p) {
        long h = Hashing.hash(seed, pop.body[p], 71);
        String[] prefix = {"090", "080", "070"};
        return prefix[(int) ((h >>> 60) % 3)] + "-" + four((int) ((h >>> 30) % 10000)) + "-" + four((int) ((h >>> 4) % 10000));
    }

    /** A relative's mobile for 緊急連絡先: a number, not a person of this city. */
    String relativeMobile(int p) {
        long h = Hashing.hash(seed, pop.body[p], 74);
        return "090-" + four((int) ((h >>> 30) % 10000)) + "-" + four((int) ((h >>> 4) % 10000));
    }

    String phone(int p) {
        return age(p) >= 70 || u(p, 73) < 0.3 ? landline(p) : mobile(p);
    }

    private static String four(int v) {
        String s = Integer.toString(v);
        return "0000".substring(s.length()) + s;
    }
}
