package jp.tsunagu.importing;

/**
 * An open-addressing map from 64-bit keys to two 64-bit values with a "seen" mark per entry. Holds
 * the (record-key hash → row hash, raw hash) of a source's current records at 25 bytes a slot, so
 * that a 4-million-record source diffs in about 200 MiB of heap.
 */
final class LongLongMap {

    private static final long EMPTY = 0L;

    private long[] keys;
    private long[] values;
    private long[] values2;
    private boolean[] seen;
    private int size;
    private int mask;
    private boolean hasZeroKey;
    private long zeroValue;
    private long zeroValue2;
    private boolean zeroSeen;

    LongLongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected * 2L)) - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        values2 = new long[capacity];
        seen = new boolean[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    boolean put(long key, long value) {
        return put(key, value, 0);
    }

    /** Puts two values; returns true when the key was new. */
    boolean put(long key, long value, long value2) {
        if (key == EMPTY) {
            boolean fresh = !hasZeroKey;
            hasZeroKey = true;
            zeroValue = value;
            zeroValue2 = value2;
            if (fresh) {
                size++;
            }
            return fresh;
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                values[i] = value;
                values2[i] = value2;
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        values2[i] = value2;
        size++;
        return true;
    }

    /** Puts the value if the key is absent and returns {@code missing}; else returns the value there. */
    long putIfAbsent(long key, long value, long missing) {
        if (key == EMPTY) {
            if (hasZeroKey) {
                return zeroValue;
            }
            put(key, value, 0);
            return missing;
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return missing;
    }

    boolean containsKey(long key) {
        return key == EMPTY ? hasZeroKey : find(key) >= 0;
    }

    /** The value, or {@code missing} when absent. */
    long get(long key, long missing) {
        if (key == EMPTY) {
            return hasZeroKey ? zeroValue : missing;
        }
        int i = find(key);
        return i < 0 ? missing : values[i];
    }

    /** The second value, or {@code missing} when absent. */
    long get2(long key, long missing) {
        if (key == EMPTY) {
            return hasZeroKey ? zeroValue2 : missing;
        }
        int i = find(key);
        return i < 0 ? missing : values2[i];
    }

    /** Marks the key as seen in the new snapshot; returns false when absent. */
    boolean markSeen(long key) {
        if (key == EMPTY) {
            if (hasZeroKey) {
                zeroSeen = true;
            }
            return hasZeroKey;
        }
        int i = find(key);
        if (i < 0) {
            return false;
        }
        seen[i] = true;
        return true;
    }

    /** {@link #see}: the key is not in the map. */
    static final long ABSENT = -2;
    /** {@link #see}: the key was not seen before; it is now. */
    static final long FIRST_SEEN = -1;

    /**
     * Marks a present key as seen in the new snapshot at a line (at least 1). Returns
     * {@link #FIRST_SEEN} the first time, the line of that first time when it was seen already
     * (a duplicate), or {@link #ABSENT}. The line replaces the second value, which is not needed
     * once a key has been seen.
     */
    long see(long key, long line) {
        if (key == EMPTY) {
            if (!hasZeroKey) {
                return ABSENT;
            }
            if (zeroSeen) {
                return zeroValue2;
            }
            zeroSeen = true;
            zeroValue2 = line;
            return FIRST_SEEN;
        }
        int i = find(key);
        if (i < 0) {
            return ABSENT;
        }
        if (seen[i]) {
            return values2[i];
        }
        seen[i] = true;
        values2[i] = line;
        return FIRST_SEEN;
    }

    /** Calls the consumer with every key not marked seen. */
    void forEachUnseen(java.util.function.LongConsumer consumer) {
        if (hasZeroKey && !zeroSeen) {
            consumer.accept(EMPTY);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY && !seen[i]) {
                consumer.accept(keys[i]);
            }
        }
    }

    private int find(long key) {
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int slot(long key) {
        return (int) Hashing.mix(key) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        long[] oldValues2 = values2;
        boolean[] oldSeen = seen;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        values2 = new long[oldKeys.length * 2];
        seen = new boolean[oldKeys.length * 2];
        mask = keys.length - 1;
        int zero = hasZeroKey ? 1 : 0;
        size = zero;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(oldKeys[j]);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
                values2[i] = oldValues2[j];
                seen[i] = oldSeen[j];
                size++;
            }
        }
    }
}
