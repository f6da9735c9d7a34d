package jp.tsunagu.sample;

/**
 * Who is in which program on the snapshot's date. Each rule is a pure function of the person, the
 * household and the date, with seeded per-person values standing in for everything the city cannot
 * know (health, income, choices). Onsets are tied to ages, so as people age they enter programs day
 * by day, and the dates in the exports stay stable from one day to the next.
 */
final class Programs {

    static final int YEARLY = 365;

    private final Snapshot s;

    Programs(Snapshot s) {
        this.s = s;
    }

    /**
     * First 要介護認定 (yyyyMMdd) or 0. 第1号: the chance rises steeply with age after 65. 第2号: from 40
     * only with a specified disease (特定疾病), a small seeded share.
     */
    int careCertifiedSince(int p) {
        int first = 0;
        int age = s.age(p);
        double u = s.u(p, 41);
        if (age >= 65 && u < 0.85) {
            double onset = 65 + (u < 0.03 ? 0 : Math.log(u / 0.03) / 0.12);
            int d = s.atAge(p, onset);
            if (d <= s.today) {
                first = d;
            }
        }
        if (age >= 40 && s.u(p, 43) < 0.004) {
            int d = s.atAge(p, 40 + 25 * s.u(p, 44));
            if (d <= s.today && (first == 0 || d < first)) {
                first = d;
            }
        }
        return first;
    }

    /** 0 要支援1 … 6 要介護5; worsens at renewals. */
    int careLevel(int p, int first) {
        return Math.min(6, (int) (s.u(p, 45) * 4) + s.renewals(first, YEARLY) / 2);
    }

    int physicalIssued(int p) {
        if (s.u(p, 60) >= 0.075) {
            return 0;
        }
        int d = s.atAge(p, 95 * Math.sqrt(s.u(p, 61)));
        return d <= s.today ? d : 0;
    }

    int physicalGrade(int p) {
        double u = s.u(p, 62);
        return u < 0.26 ? 1 : u < 0.41 ? 2 : u < 0.59 ? 3 : u < 0.85 ? 4 : u < 0.92 ? 5 : 6;
    }

    int physicalKind(int p) {
        double u = s.u(p, 59);
        return u < 0.07 ? 1 : u < 0.16 ? 2 : u < 0.18 ? 3 : u < 0.65 ? 4 : 5;
    }

    int intellectualIssued(int p) {
        if (s.u(p, 63) >= 0.009) {
            return 0;
        }
        int d = s.atAge(p, 2 + 10 * s.u(p, 64));
        return d <= s.today ? d : 0;
    }

    boolean intellectualSevere(int p) {
        return s.u(p, 65) < 0.38;
    }

    int mentalOnset(int p) {
        if (s.u(p, 66) >= 0.014) {
            return 0;
        }
        int d = s.atAge(p, 16 + 55 * s.u(p, 67));
        return d <= s.today ? d : 0;
    }

    int mentalGrade(int p) {
        double u = s.u(p, 68);
        return u < 0.12 ? 1 : u < 0.6 ? 2 : 3;
    }

    /** The earliest 手帳 of any kind, or 0. */
    int anyCertificate(int p) {
        int first = 0;
        for (int d : new int[] {physicalIssued(p), intellectualIssued(p), mentalOnset(p)}) {
            if (d != 0 && (first == 0 || d < first)) {
                first = d;
            }
        }
        return first;
    }

    int intractableOnset(int p) {
        if (s.u(p, 69) >= 0.008) {
            return 0;
        }
        int d = s.atAge(p, 12 + 70 * s.u(p, 75));
        return d <= s.today ? d : 0;
    }

    /** 生活保護 is decided per household: the start date, or 0. */
    int protectionSince(int hh) {
        if (s.hhResidents[hh] == 0) {
            return 0;
        }
        int head = s.hhHead[hh];
        int headAge = head >= 0 ? s.age(head) : 0;
        double rate;
        if (s.hhResidents[hh] == 1) {
            rate = headAge >= 65 ? 0.07 : 0.025;
        } else if (s.isSingleParentHousehold(hh)) {
            rate = 0.10;
        } else {
            rate = 0.007;
        }
        if (s.uHousehold(hh, 90) >= rate) {
            return 0;
        }
        int since = s.pop.hhSince[hh];
        int start;
        if (since < Dates.ymd(Dates.BASE)) {
            start = Math.max(since, Dates.plusDays(Dates.ymd(Dates.BASE), -1 - Hashing.below(s.seed, s.pop.hhBody[hh], 91, 3650)));
        } else {
            start = Dates.plusDays(since, 30 + Hashing.below(s.seed, s.pop.hhBody[hh], 91, 60));
        }
        return start <= s.today ? start : 0;
    }

    /** 国民健康保険 since, or 0: under 75, in a household that is not insured at work. */
    int nationalInsuranceSince(int p) {
        if (s.age(p) >= 75) {
            return 0;
        }
        int hh = s.pop.household[p];
        int head = s.hhHead[hh] >= 0 ? s.hhHead[hh] : p;
        int headAge = s.age(head);
        double u = s.uHousehold(hh, 100);
        int base = Math.max(s.pop.hhSince[hh], s.pop.birth[p]);
        if (u < 0.22) {
            return base;
        }
        if (headAge >= 75 && u < 0.6) {
            return base;
        }
        if (headAge >= 65 && headAge < 75 && u < 0.88) {
            // retired at 65: the household leaves the employer's insurance
            return Math.max(base, s.ageReached(head, 65));
        }
        return 0;
    }
}
