package jp.tsunagu.sample;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Builds the city of day 1 from the seed and lives it forward one day at a time. Each day draws from
 * its own random stream (seed mixed with the day number), so day D is a pure function of
 * (seed, size, D) and day D+1 differs from day D only by that day's events.
 */
final class CityGenerator {

    // events per resident per day
    private static final double BIRTHS = 6.0 / 1000 / 365;
    private static final double DEATHS = 12.0 / 1000 / 365;
    private static final double MOVES_OUT = 38.0 / 1000 / 365;
    private static final double MOVES_IN = 38.0 / 1000 / 365;
    private static final double MOVES_WITHIN = 25.0 / 1000 / 365;

    private final long seed;
    private final CityData data;
    final Population people = new Population();
    /** 居所 of support-measure persons who live elsewhere than registered; ordered, never a HashMap. */
    final TreeMap<Integer, Long> residence = new TreeMap<>();
    private int[] hhFirst = new int[512];
    private int[] nextInHousehold = new int[1024];
    private int day = 1;
    private int today = Dates.ymd(Dates.BASE);
    private int residents;
    private int arrivalSurplus;

    CityGenerator(long seed, CityData data) {
        this.seed = seed;
        this.data = data;
        Arrays.fill(hhFirst, -1);
    }

    /** The city of day 1. */
    void populate(SampleSize size) {
        SplittableRandom rng = new SplittableRandom(Hashing.mix(seed));
        while (residents < size.residents()) {
            settleHousehold(rng, rng.nextDouble(), true);
        }
        markSupportMeasures(rng, size);
        int nonResidents = size.residents() * 3 / 100;
        for (int i = 0; i < nonResidents; i++) {
            int hh = people.addHousehold(rng, Address.elsewhere(rng));
            people.hhSince[hh] = Dates.plusDays(today, -1 - rng.nextInt(3650));
            link(hh, -1);
            byte sex = rng.nextBoolean() ? Population.MALE : Population.FEMALE;
            int birth = birthFor(rng, 20 + rng.nextInt(70));
            int p = people.addPerson(rng, birth, sex, surname(rng), given(rng, sex), hh, Population.HEAD,
                    Population.NON_RESIDENT, people.hhSince[hh], Population.MOVE_OUT);
            link(hh, p);
        }
    }

    /** Lives the city forward to {@code target}, returning the events of the last day. */
    DayEvents advanceTo(int target) {
        DayEvents last = DayEvents.none(Dates.dayDate(day));
        while (day < target) {
            boolean lastDay = day + 1 == target;
            last = live(day + 1, lastDay);
        }
        return last;
    }

    int residents() {
        return residents;
    }

    int today() {
        return today;
    }

    private DayEvents live(int newDay, boolean record) {
        day = newDay;
        LocalDate date = Dates.dayDate(newDay);
        today = Dates.ymd(date);
        SplittableRandom rng = new SplittableRandom(Hashing.mix(seed * 31 + newDay));
        byte[] before = record ? Arrays.copyOf(people.state, people.count) : null;
        BitSet touched = new BitSet();
        DayEvents.Counter c = new DayEvents.Counter();
        int n = residents;
        for (int k = atLeastOne(rng, n * BIRTHS); k > 0; k--) {
            c.births += birth(rng);
        }
        for (int k = atLeastOne(rng, n * DEATHS); k > 0; k--) {
            c.deaths += death(rng, touched, c);
        }
        for (int k = atLeastOne(rng, n * MOVES_OUT / 2.2); k > 0; k--) {
            c.movedOut += moveOut(rng, touched);
        }
        // arrivals balance departures in persons, as they roughly do in 狭山市
        // (households come whole, so the surplus of one day is carried to the next)
        int arrivals = Math.max(c.movedOut, poisson(rng, n * MOVES_IN)) - arrivalSurplus;
        do {
            c.movedIn += settleHousehold(rng, 0.35 + 0.65 * rng.nextDouble(), false);
        } while (c.movedIn < arrivals);
        arrivalSurplus = Math.max(0, c.movedIn - arrivals);
        for (int k = atLeastOne(rng, n * MOVES_WITHIN / 2.2); k > 0; k--) {
            c.movedWithin += moveWithin(rng, touched);
        }
        if (!record) {
            return null;
        }
        int yesterday = Dates.ymd(date.minusDays(1));
        for (int p = 0; p < people.count; p++) {
            boolean was = p < before.length && before[p] == Population.RESIDENT;
            boolean is = people.state[p] == Population.RESIDENT;
            // the export keeps the 除票 of who died or moved out: a removal is a changed row, not a gone one
            boolean wasListed = p < before.length && before[p] != Population.NON_RESIDENT;
            boolean isListed = people.inRegistry(p);
            if (isListed && !wasListed) {
                c.registryAdded++;
            } else if (wasListed && !isListed) {
                c.registryEnded++;
            } else if (isListed && (touched.get(p) || before[p] != people.state[p])) {
                c.registryChanged++;
            }
            if (is && was) {
                int b = people.birth[p];
                if (Dates.age(b, today) >= 65 && Dates.age(b, yesterday) < 65) {
                    c.turned65++;
                }
                if (Dates.age(b, today) >= 75 && Dates.age(b, yesterday) < 75) {
                    c.turned75++;
                }
            }
        }
        return c.toEvents(date);
    }

    // ---- households -------------------------------------------------------------------------

    /**
     * Creates one household. On day 1 {@code kind} spans the city's mix of households; people who move
     * in later are drawn from its younger part. Returns the number of persons.
     */
    private int settleHousehold(SplittableRandom rng, double kind, boolean initial) {
        boolean apartment = rng.nextDouble() < 0.35;
        int hh = people.addHousehold(rng, Address.inCity(rng, data, apartment));
        people.hhSince[hh] = initial ? householdArrival(hh, rng) : today;
        int sur = surname(rng);
        int movedIn = initial ? -1 : today;
        int before = residents;
        if (kind < 0.145) { // 単身高齢者
            member(rng, hh, sur, 65 + skewedOld(rng, 35), rng.nextDouble() < 0.68 ? Population.FEMALE : Population.MALE,
                    Population.HEAD, movedIn);
        } else if (kind < 0.29) { // 高齢夫婦
            int age = 65 + skewedOld(rng, 30);
            member(rng, hh, sur, age, Population.MALE, Population.HEAD, movedIn);
            member(rng, hh, sur, Math.max(60, age - rng.nextInt(6)), Population.FEMALE, Population.WIFE, movedIn);
        } else if (kind < 0.32) { // 8050: an old parent and an unmarried middle-aged child
            int age = 78 + rng.nextInt(18);
            member(rng, hh, sur, age, rng.nextDouble() < 0.75 ? Population.FEMALE : Population.MALE, Population.HEAD, movedIn);
            member(rng, hh, sur, Math.min(64, age - 25 - rng.nextInt(10)), rng.nextDouble() < 0.6 ? Population.MALE : Population.FEMALE,
                    Population.CHILD, movedIn);
        } else if (kind < 0.37) { // 三世代
            int grand = 64 + rng.nextInt(24);
            int parent = grand - 26 - rng.nextInt(8);
            member(rng, hh, sur, grand, Population.MALE, Population.HEAD, movedIn);
            if (rng.nextDouble() < 0.7) {
                member(rng, hh, sur, grand - rng.nextInt(5), Population.FEMALE, Population.WIFE, movedIn);
            }
            member(rng, hh, sur, parent, Population.MALE, Population.CHILD, movedIn);
            member(rng, hh, sur, parent - rng.nextInt(4), Population.FEMALE, Population.CHILD_SPOUSE, movedIn);
            children(rng, hh, sur, parent - 26, Population.GRANDCHILD, movedIn);
        } else if (kind < 0.43) { // 高齢の親と成人の子
            int age = 65 + rng.nextInt(16);
            member(rng, hh, sur, age, rng.nextBoolean() ? Population.MALE : Population.FEMALE, Population.HEAD, movedIn);
            for (int k = 1 + (rng.nextDouble() < 0.3 ? 1 : 0); k > 0; k--) {
                member(rng, hh, sur, Math.max(20, age - 25 - rng.nextInt(12)), rng.nextBoolean() ? Population.MALE : Population.FEMALE,
                        Population.CHILD, movedIn);
            }
        } else if (kind < 0.52) { // 夫婦のみ (現役)
            int age = 25 + rng.nextInt(45);
            member(rng, hh, sur, age, Population.MALE, Population.HEAD, movedIn);
            member(rng, hh, sur, Math.max(20, age - rng.nextInt(5)), Population.FEMALE, Population.WIFE, movedIn);
        } else if (kind < 0.575) { // ひとり親
            int age = 24 + rng.nextInt(28);
            boolean mother = rng.nextDouble() < 0.87;
            member(rng, hh, sur, age, mother ? Population.FEMALE : Population.MALE, Population.HEAD, movedIn);
            children(rng, hh, sur, age - 20, Population.CHILD, movedIn);
        } else if (kind < 0.79) { // 夫婦と子
            int age = 27 + rng.nextInt(30);
            member(rng, hh, sur, age, Population.MALE, Population.HEAD, movedIn);
            member(rng, hh, sur, Math.max(22, age - rng.nextInt(5)), Population.FEMALE, Population.WIFE, movedIn);
            children(rng, hh, sur, age - 22, Population.CHILD, movedIn);
        } else { // 単身 (現役)
            member(rng, hh, sur, 18 + rng.nextInt(47), rng.nextDouble() < 0.55 ? Population.MALE : Population.FEMALE,
                    Population.HEAD, movedIn);
        }
        return residents - before;
    }

    /** One to three children; the eldest at most {@code maxEldest} years old. */
    private void children(SplittableRandom rng, int hh, int sur, int maxEldest, byte rel, int movedIn) {
        int eldest = Math.max(0, Math.min(maxEldest, rng.nextInt(Math.max(1, Math.min(maxEldest, 24) + 1))));
        double r = rng.nextDouble();
        int n = r < 0.40 ? 1 : r < 0.85 ? 2 : 3;
        int age = eldest;
        for (int k = 0; k < n && age >= 0; k++) {
            member(rng, hh, sur, age, rng.nextBoolean() ? Population.MALE : Population.FEMALE, rel, movedIn);
            age -= 1 + rng.nextInt(5);
        }
    }

    private int member(SplittableRandom rng, int hh, int sur, int age, byte sex, byte rel, int movedIn) {
        int birth = birthFor(rng, age);
        int moved;
        byte reason;
        if (movedIn > 0) {
            moved = movedIn;
            reason = Population.MOVE_IN;
        } else {
            int arrival = householdArrival(hh, rng);
            if (birth >= arrival) {
                moved = birth;
                reason = Population.BIRTH;
            } else {
                moved = arrival;
                reason = Population.MOVE_IN;
            }
        }
        int p = people.addPerson(rng, birth, sex, sur, given(rng, sex), hh, rel, Population.RESIDENT, moved, reason);
        link(hh, p);
        residents++;
        return p;
    }

    /** The day-1 household's arrival: derived from the household, so all its members share it. */
    private int householdArrival(int hh, SplittableRandom rng) {
        int daysAgo = 30 + Hashing.below(seed, people.hhBody[hh], 7, 40 * 365);
        return Dates.plusDays(today, -daysAgo);
    }

    private int birthFor(SplittableRandom rng, int age) {
        long epoch = Dates.BASE.plusDays(day - 1L).toEpochDay() - Math.round(age * 365.2425) - 1 - rng.nextInt(365);
        return Dates.ymd(LocalDate.ofEpochDay(epoch));
    }

    private static int skewedOld(SplittableRandom rng, int span) {
        // ages thin out with age: the younger of two draws
        return Math.min(rng.nextInt(span), rng.nextInt(span));
    }

    private int surname(SplittableRandom rng) {
        long[] cum = data.surnameCumulative;
        int i = Arrays.binarySearch(cum, rng.nextLong(cum[cum.length - 1]));
        i = i >= 0 ? i + 1 : -i - 1;
        int variant = data.variantOf[i];
        return variant >= 0 && rng.nextDouble() < data.variantShare[i] ? variant : i;
    }

    private int given(SplittableRandom rng, byte sex) {
        return rng.nextInt(sex == Population.MALE ? data.maleGiven.length : data.femaleGiven.length);
    }

    private void markSupportMeasures(SplittableRandom rng, SampleSize size) {
        int wanted = Math.max(3, size.residents() / 1500);
        for (int tries = 0; wanted > 0 && tries < 100_000; tries++) {
            int p = rng.nextInt(people.count);
            int age = Dates.age(people.birth[p], today);
            if (people.sex[p] == Population.FEMALE && age >= 20 && age < 60 && people.flags[p] == 0) {
                people.flags[p] |= Population.FLAG_SUPPORT_MEASURE;
                if (wanted % 2 == 1) {
                    people.flags[p] |= Population.FLAG_ELSEWHERE;
                    residence.put(p, Address.inCity(rng, data, true));
                }
                wanted--;
            }
        }
    }

    private void link(int hh, int p) {
        if (hh >= hhFirst.length) {
            int old = hhFirst.length;
            hhFirst = Arrays.copyOf(hhFirst, Math.max(hh + 1, old * 2));
            Arrays.fill(hhFirst, old, hhFirst.length, -1);
        }
        if (p < 0) {
            hhFirst[hh] = -1;
            return;
        }
        if (p >= nextInHousehold.length) {
            nextInHousehold = Arrays.copyOf(nextInHousehold, Math.max(p + 1, nextInHousehold.length * 2));
        }
        nextInHousehold[p] = hhFirst[hh];
        hhFirst[hh] = p;
    }

    // ---- events ----------------------------------------------------------------------------

    private int randomResident(SplittableRandom rng) {
        for (int tries = 0; tries < 10_000; tries++) {
            int p = rng.nextInt(people.count);
            if (people.state[p] == Population.RESIDENT) {
                return p;
            }
        }
        return -1;
    }

    private int birth(SplittableRandom rng) {
        for (int tries = 0; tries < 20_000; tries++) {
            int m = randomResident(rng);
            if (m < 0) {
                return 0;
            }
            int age = Dates.age(people.birth[m], today);
            byte rel = people.relation[m];
            boolean partnered = rel == Population.WIFE || rel == Population.CHILD_SPOUSE;
            if (people.sex[m] == Population.FEMALE && age >= 20 && age <= 44 && (partnered || rng.nextDouble() < 0.05)) {
                byte childRel = rel == Population.WIFE || rel == Population.HEAD ? Population.CHILD : Population.GRANDCHILD;
                byte sex = rng.nextBoolean() ? Population.MALE : Population.FEMALE;
                int hh = people.household[m];
                int p = people.addPerson(rng, today, sex, people.surname[m], given(rng, sex), hh, childRel,
                        Population.RESIDENT, today, Population.BIRTH);
                link(hh, p);
                residents++;
                return 1;
            }
        }
        return 0;
    }

    private int death(SplittableRandom rng, BitSet touched, DayEvents.Counter c) {
        for (int tries = 0; tries < 100_000; tries++) {
            int p = randomResident(rng);
            if (p < 0) {
                return 0;
            }
            int age = Dates.age(people.birth[p], today);
            if (rng.nextDouble() < Math.min(1.0, Math.exp(0.095 * (age - 100)))) {
                people.state[p] = Population.DEAD;
                people.movedOn[p] = today;
                people.moveReason[p] = Population.DEATH;
                residents--;
                if (people.relation[p] == Population.HEAD) {
                    int successor = successor(people.household[p]);
                    if (successor >= 0) {
                        people.relation[successor] = Population.HEAD;
                        people.movedOn[successor] = today;
                        people.moveReason[successor] = Population.HOUSEHOLD_CHANGE;
                        touched.set(successor);
                        c.headChanges++;
                    }
                }
                return 1;
            }
        }
        return 0;
    }

    /** The spouse if there is one, else the eldest remaining member. */
    private int successor(int hh) {
        int best = -1;
        for (int p = hhFirst[hh]; p >= 0; p = nextInHousehold[p]) {
            if (people.state[p] != Population.RESIDENT) {
                continue;
            }
            if (people.relation[p] == Population.WIFE || people.relation[p] == Population.HUSBAND) {
                return p;
            }
            if (best < 0 || people.birth[p] < people.birth[best]) {
                best = p;
            }
        }
        return best;
    }

    private int moveOut(SplittableRandom rng, BitSet touched) {
        int p = randomResident(rng);
        if (p < 0) {
            return 0;
        }
        int hh = people.household[p];
        int moved = 0;
        for (int q = hhFirst[hh]; q >= 0; q = nextInHousehold[q]) {
            if (people.state[q] == Population.DEAD) {
                // a 除票 shows the household's address, which is about to change
                touched.set(q);
            }
            if (people.state[q] == Population.RESIDENT) {
                people.state[q] = Population.MOVED_OUT;
                people.movedOn[q] = today;
                people.moveReason[q] = Population.MOVE_OUT;
                residence.remove(q);
                moved++;
            }
        }
        people.hhAddress[hh] = Address.elsewhere(rng);
        residents -= moved;
        return moved;
    }

    private int moveWithin(SplittableRandom rng, BitSet touched) {
        int p = randomResident(rng);
        if (p < 0) {
            return 0;
        }
        int hh = people.household[p];
        long old = people.hhAddress[hh];
        long next;
        do {
            next = Address.inCity(rng, data, rng.nextDouble() < 0.4);
        } while (next == old);
        people.hhAddress[hh] = next;
        int moved = 0;
        for (int q = hhFirst[hh]; q >= 0; q = nextInHousehold[q]) {
            if (people.state[q] == Population.RESIDENT) {
                people.movedOn[q] = today;
                people.moveReason[q] = Population.MOVE_WITHIN;
                touched.set(q);
                moved++;
            } else if (people.state[q] == Population.DEAD) {
                // a 除票 shows the household's address, which has just changed
                touched.set(q);
            }
        }
        return moved;
    }

    private static int atLeastOne(SplittableRandom rng, double mean) {
        return Math.max(1, poisson(rng, mean));
    }

    private static int poisson(SplittableRandom rng, double mean) {
        if (mean > 40) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
        }
        double limit = Math.exp(-mean);
        double prod = rng.nextDouble();
        int k = 0;
        while (prod > limit) {
            prod *= rng.nextDouble();
            k++;
        }
        return k;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; one value is enough here
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
