package jp.tsunagu.sample;

/** 宛名番号 and 世帯番号: a 9-digit body followed by a modulus-11 check digit. */
final class PersonKeys {

    private PersonKeys() {
    }

    /** Weights 2..7 repeating from the rightmost body digit; remainder 0 or 1 gives 0. */
    static int checkDigit(long body) {
        int sum = 0;
        int weight = 2;
        for (long b = body; b > 0; b /= 10) {
            sum += (int) (b % 10) * weight;
            weight = weight == 7 ? 2 : weight + 1;
        }
        int r = sum % 11;
        return r <= 1 ? 0 : 11 - r;
    }

    static long key(long body) {
        return body * 10 + checkDigit(body);
    }

    static String padded(long key) {
        String s = Long.toString(key);
        return "0000000000".substring(s.length()) + s;
    }

    static String unpadded(long key) {
        return Long.toString(key);
    }
}
