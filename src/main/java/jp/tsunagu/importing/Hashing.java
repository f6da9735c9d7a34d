package jp.tsunagu.importing;

/** A fast 64-bit string hash with full avalanche, for record keys and row contents. */
final class Hashing {

    private Hashing() {
    }

    static long hash(CharSequence s) {
        long h = 0x9E3779B97F4A7C15L ^ s.length();
        int n = s.length();
        int i = 0;
        for (; i + 1 < n; i += 2) {
            h ^= ((long) s.charAt(i) << 16) | s.charAt(i + 1);
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        if (i < n) {
            h ^= s.charAt(i);
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        return mix(h);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
