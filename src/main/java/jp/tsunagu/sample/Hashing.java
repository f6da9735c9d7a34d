package jp.tsunagu.sample;

/**
 * Stateless, seeded pseudo-random values. A person's standing in a program is a pure function of the
 * seed, the person and the date, so that any day can be produced without replaying program history.
 */
final class Hashing {

    private Hashing() {
    }

    /** The SplitMix64 finaliser: a bijective, well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long a, long salt) {
        return mix(seed ^ mix(a * 0x9E3779B97F4A7C15L + salt));
    }

    /** A uniform value in [0, 1). */
    static double uniform(long seed, long a, long salt) {
        return (hash(seed, a, salt) >>> 11) * 0x1.0p-53;
    }

    /** A uniform int in [0, bound). */
    static int below(long seed, long a, long salt, int bound) {
        return (int) ((hash(seed, a, salt) >>> 33) % bound);
    }
}
