package jp.tsunagu.sample;

import java.util.Arrays;

/**
 * The city's people as parallel primitive arrays (about 30 bytes a person), so that 4,000,000
 * persons fit in a few hundred megabytes. Person index order is key order: keys only grow.
 */
final class Population {

    static final byte RESIDENT = 0;
    static final byte DEAD = 1;
    static final byte MOVED_OUT = 2;
    static final byte NON_RESIDENT = 3;

    static final byte MALE = 1;
    static final byte FEMALE = 2;

    // 続柄 codes, as written in the registry export
    static final byte HEAD = 1;
    static final byte WIFE = 2;
    static final byte HUSBAND = 3;
    static final byte CHILD = 4;
    static final byte FATHER = 5;
    static final byte MOTHER = 6;
    static final byte GRANDCHILD = 7;
    static final byte CHILD_SPOUSE = 8;

    // 異動事由 codes
    static final byte BIRTH = 1;
    static final byte MOVE_IN = 2;
    static final byte MOVE_WITHIN = 3;
    static final byte HOUSEHOLD_CHANGE = 4;
    static final byte MOVE_OUT = 11;
    static final byte DEATH = 12;

    /** 支援措置 (DV support measure). */
    static final byte FLAG_SUPPORT_MEASURE = 1;
    /** Lives at a 居所 other than the registered address (only with the support measure). */
    static final byte FLAG_ELSEWHERE = 2;

    int count;
    int[] body = new int[1024];
    int[] birth = new int[1024];
    byte[] sex = new byte[1024];
    short[] surname = new short[1024];
    short[] given = new short[1024];
    int[] household = new int[1024];
    byte[] relation = new byte[1024];
    byte[] state = new byte[1024];
    int[] movedOn = new int[1024];
    byte[] moveReason = new byte[1024];
    byte[] flags = new byte[1024];

    int households;
    int[] hhBody = new int[512];
    /** Packed address: see {@link Address}. */
    long[] hhAddress = new long[512];
    /** The day the household came to the city (or was formed), yyyyMMdd. */
    int[] hhSince = new int[512];

    int nextPersonBody = 1_000;
    int nextHouseholdBody = 700_000;

    int addPerson(java.util.SplittableRandom rng, int birthYmd, byte sexCode, int surnameIndex, int givenIndex,
            int hh, byte rel, byte st, int moved, byte reason) {
        if (count == body.length) {
            grow(count * 2);
        }
        int i = count++;
        nextPersonBody += 1 + rng.nextInt(3);
        body[i] = nextPersonBody;
        birth[i] = birthYmd;
        sex[i] = sexCode;
        surname[i] = (short) surnameIndex;
        given[i] = (short) givenIndex;
        household[i] = hh;
        relation[i] = rel;
        state[i] = st;
        movedOn[i] = moved;
        moveReason[i] = reason;
        return i;
    }

    int addHousehold(java.util.SplittableRandom rng, long address) {
        if (households == hhBody.length) {
            hhBody = Arrays.copyOf(hhBody, households * 2);
            hhAddress = Arrays.copyOf(hhAddress, households * 2);
            hhSince = Arrays.copyOf(hhSince, households * 2);
        }
        int h = households++;
        nextHouseholdBody += 1 + rng.nextInt(2);
        hhBody[h] = nextHouseholdBody;
        hhAddress[h] = address;
        return h;
    }

    long key(int person) {
        return PersonKeys.key(body[person]);
    }

    long householdKey(int hh) {
        return PersonKeys.key(hhBody[hh]);
    }

    boolean isResident(int person) {
        return state[person] == RESIDENT;
    }

    /** In the registry's export: a resident, or the 除票 of one who died or moved out. */
    boolean inRegistry(int person) {
        return state[person] != NON_RESIDENT;
    }

    boolean has(int person, byte flag) {
        return (flags[person] & flag) != 0;
    }

    private void grow(int capacity) {
        body = Arrays.copyOf(body, capacity);
        birth = Arrays.copyOf(birth, capacity);
        sex = Arrays.copyOf(sex, capacity);
        surname = Arrays.copyOf(surname, capacity);
        given = Arrays.copyOf(given, capacity);
        household = Arrays.copyOf(household, capacity);
        relation = Arrays.copyOf(relation, capacity);
        state = Arrays.copyOf(state, capacity);
        movedOn = Arrays.copyOf(movedOn, capacity);
        moveReason = Arrays.copyOf(moveReason, capacity);
        flags = Arrays.copyOf(flags, capacity);
    }

    /** Frees the spare capacity once the population is built. */
    void trim() {
        grow(count);
        hhBody = Arrays.copyOf(hhBody, households);
        hhAddress = Arrays.copyOf(hhAddress, households);
        hhSince = Arrays.copyOf(hhSince, households);
    }
}
