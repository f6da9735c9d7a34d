package jp.tsunagu.resident;

import java.util.LinkedHashSet;
import java.util.Set;
import jp.tsunagu.japanese.AddressText;
import jp.tsunagu.japanese.KanaText;
import jp.tsunagu.japanese.KanjiText;

/**
 * The 1- and 2-character grams a person is found by (検索用の文字片): of the folded name
 * ({@code n:}), the kana ({@code k:}, 2-grams only — single kana match too much) and the address
 * key ({@code a:}, {@link #addressKey}); and the name's grams again with the birth year ({@code n1985:翔}), so that
 * "翔 S60" reads the few persons born that year with 翔 in their name instead of every 翔 and every
 * person born in 1985, and the address's 2-grams with the birth year ({@code a1985:間川}, {@link #addressOfTheYear}).
 */
final class SearchGrams {

    private SearchGrams() {
    }

    static String[] of(String name, String kana, String address, java.time.LocalDate birthDate) {
        return ofKeys(name == null ? null : KanjiText.fold(name), kana == null ? null : KanaText.normalize(kana),
                address == null ? null : addressKey(address), birthDate);
    }

    /**
     * The grams of a person from the keys the index stores beside them (the folded name, the normalized kana and
     * the address key), so that a row folds each value once.
     */
    static String[] ofKeys(String nameKey, String kanaKey, String addressKey, java.time.LocalDate birthDate) {
        Set<String> grams = new LinkedHashSet<>(64);
        // a year no gram can hold (GramCode: 1 to 16383) is written without grams of the year
        if (birthDate != null && !GramCode.storable(birthDate.getYear())) {
            birthDate = null;
        }
        if (nameKey != null) {
            add(grams, "n:", nameKey, true);
            if (birthDate != null) {
                add(grams, yearPrefix(birthDate.getYear()), nameKey, true);
            }
        }
        if (kanaKey != null) {
            add(grams, "k:", kanaKey, false);
        }
        if (addressKey != null) {
            add(grams, "a:", addressKey, true);
            if (birthDate != null) {
                addAddressOfTheYear(grams, addressYearPrefix(birthDate.getYear()), addressKey);
            }
        }
        if (birthDate != null) {
            grams.add(yearGram(birthDate.getYear()));
        }
        return grams.toArray(String[]::new);
    }

    /**
     * {@link #ofKeys} as the gram index stores them ({@link GramCode}), made as numbers straight from the keys' code
     * points: the index makes the grams of every person it writes (56 million at 1,000,000 residents), and a text
     * for each gram, read back into its number, was work for nothing. The same grams as {@link #ofKeys}, each once,
     * in the numbers' order ({@code GramCodeTests} compares them).
     */
    static long[] codesOfKeys(String nameKey, String kanaKey, String addressKey, java.time.LocalDate birthDate) {
        long[] codes = new long[64];
        int n = 0;
        int year = birthDate == null || !GramCode.storable(birthDate.getYear()) ? 0 : birthDate.getYear();
        if (nameKey != null) {
            codes = grow(codes, n, 4 * nameKey.length() + 1);
            n = addCodes(codes, n, GramCode.NAME, 0, nameKey, true, false);
            if (year != 0) {
                n = addCodes(codes, n, GramCode.NAME, year, nameKey, true, false);
            }
        }
        if (kanaKey != null) {
            codes = grow(codes, n, kanaKey.length());
            n = addCodes(codes, n, GramCode.KANA, 0, kanaKey, false, false);
        }
        if (addressKey != null) {
            codes = grow(codes, n, 3 * addressKey.length());
            n = addCodes(codes, n, GramCode.ADDRESS, 0, addressKey, true, false);
            if (year != 0) {
                n = addCodes(codes, n, GramCode.ADDRESS, year, addressKey, false, true);
            }
        }
        if (year != 0) {
            codes = grow(codes, n, 1);
            codes[n++] = GramCode.ofYear(year);
        }
        java.util.Arrays.sort(codes, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || codes[i] != codes[distinct - 1]) {
                codes[distinct++] = codes[i];
            }
        }
        return java.util.Arrays.copyOf(codes, distinct);
    }

    private static long[] grow(long[] codes, int n, int more) {
        return n + more <= codes.length ? codes : java.util.Arrays.copyOf(codes, Math.max(codes.length * 2, n + more));
    }

    /**
     * The 1- (when asked) and 2-character grams of a text as numbers, by code point ({@link #add}); only the 2-grams
     * without a digit or a hyphen when {@code ofTheYearOnly} ({@link #inAddressOfTheYear}).
     */
    private static int addCodes(long[] codes, int n, int kind, int year, String text, boolean unigrams,
            boolean ofTheYearOnly) {
        int next;
        for (int at = 0; at < text.length(); at = next) {
            int first = text.codePointAt(at);
            next = at + Character.charCount(first);
            if (unigrams) {
                codes[n++] = GramCode.of(kind, year, first, 0);
            }
            if (next < text.length()) {
                int second = text.codePointAt(next);
                if (!ofTheYearOnly || numberFree(first) && numberFree(second)) {
                    codes[n++] = GramCode.of(kind, year, first, second);
                }
            }
        }
        return n;
    }

    private static boolean numberFree(int codePoint) {
        return codePoint != '-' && (codePoint < '0' || codePoint > '9');
    }

    /**
     * The address as the search compares it: folded ({@link KanjiText#fold}) and its 丁目・番・号 in one
     * notation ({@link AddressText#blockKey}), so that 三丁目17番27号 and 3-17-27 are the same.
     */
    static String addressKey(String address) {
        return addressKeyOfFolded(KanjiText.fold(address));
    }

    /** {@link #addressKey} of an address already folded ({@link KanjiText#fold}). */
    static String addressKeyOfFolded(String folded) {
        return AddressText.blockKey(folded);
    }

    /** The prefix of the name grams with a birth year: {@code n1985:}. */
    static String yearPrefix(int year) {
        return "n" + year + ":";
    }

    /** A name's gram of the year read back ({@link #yearPrefix}): {@code n1985:翔} is 1985 and {@code n:翔}. */
    record NameOfTheYear(int year, String nameGram) {
    }

    /** The year and the name's gram of a name's gram of the year ({@code n1985:翔}), or null for any other gram. */
    static NameOfTheYear nameOfTheYear(String gram) {
        int colon = gram.indexOf(':');
        if (colon != 5 || gram.charAt(0) != 'n' || !gram.substring(1, colon).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return new NameOfTheYear(Integer.parseInt(gram.substring(1, colon)), "n:" + gram.substring(colon + 1));
    }

    /**
     * The prefix of the reading's 2-grams with a birth year: {@code k1985:}. They are not stored with the
     * grams: the index {@code person_by_kana_year} computes them from the reading and the birth date
     * ({@code kana_year_grams}, migration 5.9.0), and {@link #KANA_OF_THE_YEAR} is that expression.
     */
    static String kanaYearPrefix(int year) {
        return "k" + year + ":";
    }

    /** The expression {@code person_by_kana_year} indexes: the reading's 2-grams with the birth year. */
    static final String KANA_OF_THE_YEAR = "kana_year_grams(p.kana_key, p.birth_date)";

    /**
     * The prefix of the address's 2-grams with a birth year: {@code a1985:}. They are stored with the grams since
     * migration 5.13.0 (before, an index of their own computed them: {@code address_year_grams}, 5.12.0, which
     * gave the grams of persons indexed earlier), so that the gram index intersects them with a name's grams of
     * the year: 「柏原 鈴木 S60」 reads the few persons born that year with 柏原 in the address and those with 鈴木
     * in the name, not every person of 柏原.
     */
    static String addressYearPrefix(int year) {
        return "a" + year + ":";
    }

    /**
     * The address grams ({@code a:間川}) with the birth year ({@code a1985:間川}) as the grams hold them: the
     * 2-grams without a digit or a hyphen (the 丁目・番・号 of the key are left out: about half of the entries,
     * and a search checks its fragment on the rows anyway). Empty when none is left (a 1-character term, 3-17):
     * such a term is intersected with the year's gram.
     */
    static String[] addressOfTheYear(String[] addressGrams, int year) {
        String prefix = addressYearPrefix(year);
        return java.util.Arrays.stream(addressGrams).map(g -> g.substring("a:".length()))
                .filter(SearchGrams::inAddressOfTheYear).map(prefix::concat)
                .distinct().toArray(String[]::new);
    }

    /** Whether the index of the address's grams of the year holds this gram: two characters, neither a digit nor '-'. */
    static boolean inAddressOfTheYear(String gram) {
        return gram.codePointCount(0, gram.length()) == 2 && gram.chars().noneMatch(c -> c == '-' || c >= '0' && c <= '9');
    }

    /** The address key's grams of the year ({@link #addressOfTheYear}) added to a person's grams. */
    private static void addAddressOfTheYear(Set<String> grams, String prefix, String addressKey) {
        int next;
        for (int at = 0; at < addressKey.length(); at = next) {
            next = at + Character.charCount(addressKey.codePointAt(at));
            if (next < addressKey.length()) {
                String gram = addressKey.substring(at, next + Character.charCount(addressKey.codePointAt(next)));
                if (inAddressOfTheYear(gram)) {
                    grams.add(prefix.concat(gram));
                }
            }
        }
    }

    /** The gram of the birth year alone: {@code y:1985}. */
    static String yearGram(int year) {
        return "y:" + year;
    }

    /** The grams a fragment must all have: its 2-grams, or the fragment itself when it is 1 character. */
    static String[] query(String prefix, String fragment) {
        int[] cps = fragment.codePoints().toArray();
        if (cps.length == 1) {
            return new String[] {prefix + fragment};
        }
        Set<String> grams = new LinkedHashSet<>();
        for (int i = 0; i + 1 < cps.length; i++) {
            grams.add(prefix + new String(cps, i, 2));
        }
        return grams.toArray(String[]::new);
    }

    /** The 1- (when asked) and 2-character grams of a text, by code point: substrings of it, no array of code points. */
    private static void add(Set<String> grams, String prefix, String text, boolean unigrams) {
        int next;
        for (int at = 0; at < text.length(); at = next) {
            next = at + Character.charCount(text.codePointAt(at));
            if (unigrams) {
                grams.add(prefix.concat(text.substring(at, next)));
            }
            if (next < text.length()) {
                grams.add(prefix.concat(text.substring(at, next + Character.charCount(text.codePointAt(next)))));
            }
        }
    }
}
