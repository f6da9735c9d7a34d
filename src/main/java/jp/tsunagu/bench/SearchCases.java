package jp.tsunagu.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.japanese.InvalidValueException;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.japanese.KanaText;
import jp.tsunagu.japanese.KanjiText;
import jp.tsunagu.japanese.PersonKeys;

/**
 * The queries of {@code bench search}, built from persons sampled out of the index: per query class,
 * what a clerk would type into the search box, and the plain translation of the same query for the
 * pg_trgm reference (each name or address term an {@code ILIKE '%term%'} on
 * {@code name || ' ' || kana || ' ' || address}, dates and keys as the same equality conditions).
 */
final class SearchCases {

    /** The text that the pg_trgm index covers. */
    static final String HAY = "(name || ' ' || kana || ' ' || address)";

    /**
     * A person the queries are made from; {@code addressProtected} for a 支援措置 person, whom no
     * address term finds (a search without that permission leaves them out).
     */
    record Sample(String personKey, String name, String kanaKey, LocalDate birthDate, String address,
            boolean addressProtected) {
    }

    /**
     * One query: the search-box text, the person it was made from, and its pg_trgm translation;
     * {@code indexed} when that translation has a birth date, birth year or key condition, so that its
     * matches can be counted by a B-tree without a scan of the whole table.
     */
    record Case(String text, String personKey, String trgmWhere, List<Object> trgmParams, boolean indexed) {

        Case(String text, String personKey, String trgmWhere, List<Object> trgmParams) {
            this(text, personKey, trgmWhere, trgmParams, false);
        }

        /**
         * The translation as the count of its matches may run it: {@code LIKE} where every term is
         * without letter case (kana, kanji, digits), which finds the same rows as {@code ILIKE} and
         * costs a fifteenth of it (ILIKE folds the case of every character of every row it reads: at
         * 4,000,000 residents the counts of a run's cases took more than 20 minutes).
         */
        String countWhere() {
            boolean uncased = trgmParams.stream().allMatch(p -> !(p instanceof String s) || caseless(s));
            return uncased ? trgmWhere.replace(" ILIKE ", " LIKE ") : trgmWhere;
        }

        /** This query and another term typed after it: both must match. */
        Case and(Case other) {
            List<Object> params = new ArrayList<>(trgmParams);
            params.addAll(other.trgmParams);
            return new Case(text + " " + other.text, personKey, "(" + trgmWhere + ") AND (" + other.trgmWhere + ")",
                    params, indexed || other.indexed);
        }
    }

    /** The classes in the order they are reported. */
    static final List<String> CLASSES = List.of("kana-prefix", "kanji-2char", "given1-year", "date-wareki",
            "date-era-letter", "date-code7", "date-slashed", "date-iso", "key", "address");

    /**
     * The 町丁目 (or 大字) after the municipality: the first 市, 区, 町 or 村 ends the municipality (東京都練馬区
     * 緑町5丁目 → 緑町), and the town is the name before its 丁目 or block number, never a number itself: 「5丁目」
     * typed alone finds the 五丁目 and 5丁目 of every town (the search folds them into one key), far more
     * persons than the plain translation counts.
     */
    private static final Pattern TOWN = Pattern.compile(
            "^.*?[市区町村](?:大字)?([^0-9０-９].*?)"
                    + "(?:[一二三四五六七八九十]+丁目|[0-9０-９]).*$");

    private SearchCases() {
    }

    /**
     * Up to {@code count} queries per class, as typed at a counter: the class's text, each made from a
     * different sample (in sample order, so the first ones can serve as warm-up).
     */
    static Map<String, List<Case>> build(List<Sample> samples, int count, long seed) {
        return build(samples, count, seed, c -> true);
    }

    /**
     * Up to {@code count} queries per class whose person {@code findable} says a correct search must
     * return: for each sample, the class's text and then, as a clerk who does not see the person yet
     * types on, the same text narrowed (more kana, the birth year, the whole surname …); the first
     * that is findable is taken. A sample none of whose texts is findable (a common name in a large
     * city; a given name without kanji, a one-character surname) is skipped for that class.
     */
    static Map<String, List<Case>> build(List<Sample> samples, int count, long seed,
            java.util.function.Predicate<Case> findable) {
        return build(samples, count, seed, (kind, c) -> findable.test(c));
    }

    /** As {@link #build(List, int, long, java.util.function.Predicate)}, findable asked with the class. */
    static Map<String, List<Case>> build(List<Sample> samples, int count, long seed,
            java.util.function.BiPredicate<String, Case> findable) {
        Map<String, BiFunction<Sample, SplittableRandom, List<Case>>> makers = new LinkedHashMap<>();
        makers.put("kana-prefix", SearchCases::kanaPrefix);
        makers.put("kanji-2char", SearchCases::kanjiFragment);
        makers.put("given1-year", SearchCases::givenWithYear);
        makers.put("date-wareki", (s, r) -> dated(s, JapaneseDates.wareki(s.birthDate())));
        makers.put("date-era-letter", (s, r) -> dated(s, eraLetter(s.birthDate())));
        makers.put("date-code7", (s, r) -> dated(s, eraCode7(s.birthDate())));
        makers.put("date-slashed", (s, r) -> dated(s, s.birthDate().getYear() + "/"
                + s.birthDate().getMonthValue() + "/" + s.birthDate().getDayOfMonth()));
        makers.put("date-iso", (s, r) -> dated(s, s.birthDate().toString()));
        makers.put("key", (s, r) -> List.of(key(s)));
        makers.put("address", SearchCases::address);
        Map<String, List<Case>> cases = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (var maker : makers.entrySet()) {
            List<Case> list = new ArrayList<>();
            for (Sample sample : samples) {
                if (list.size() == count) {
                    break;
                }
                maker.getValue().apply(sample, random).stream().filter(c -> findable.test(maker.getKey(), c))
                        .findFirst().ifPresent(list::add);
            }
            cases.put(maker.getKey(), list);
        }
        return cases;
    }

    /**
     * The first three kana of the reading, typed in hiragana (やまざ); narrowed: with the birth year
     * (やまざ S45), then with one more kana at a time (やまざき S45 …).
     */
    private static List<Case> kanaPrefix(Sample s, SplittableRandom random) {
        int length = s.kanaKey().codePointCount(0, s.kanaKey().length());
        List<Case> cases = new ArrayList<>();
        for (int typed = 3; typed <= length; typed++) {
            Case kana = kana(s, typed);
            if (typed == 3) {
                cases.add(kana);
            }
            cases.add(kana.and(year(s)));
        }
        return cases;
    }

    /** The first {@code length} kana of the reading, typed in hiragana (やま). */
    private static Case kana(Sample s, int length) {
        int[] cps = s.kanaKey().codePoints().limit(length).toArray();
        StringBuilder hiragana = new StringBuilder();
        for (int c : cps) {
            hiragana.appendCodePoint(c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c);
        }
        String text = hiragana.toString();
        return new Case(text, s.personKey(), HAY + " ILIKE ?", List.of(like(KanaText.normalize(text))));
    }

    /**
     * A birth date as typed; narrowed, as a clerk does where many share the day (about 120 persons a day
     * in a city of 4,000,000): with the first kana of the reading (S45.3.2 や), then the first two.
     */
    private static List<Case> dated(Sample s, String text) {
        Case date = date(s, text);
        int length = s.kanaKey().codePointCount(0, s.kanaKey().length());
        List<Case> cases = new ArrayList<>(List.of(date));
        for (int typed = 1; typed <= Math.min(2, length); typed++) {
            cases.add(date.and(kana(s, typed)));
        }
        return cases;
    }

    /** The birth year as era letter and year: S45. */
    private static Case year(Sample s) {
        String era = eraLetter(s.birthDate());
        int western = s.birthDate().getYear();
        return new Case(era.substring(0, era.indexOf('.')), s.personKey(), "birth_date >= ? AND birth_date < ?",
                List.of(LocalDate.of(western, 1, 1), LocalDate.of(western + 1, 1, 1)), true);
    }

    /**
     * Two characters of the surname, folded, from its start or (surnames of three or more) its middle;
     * narrowed: with the birth year (中瀬 H26), then with one kanji of the given name too (中瀬 行 H26).
     */
    private static List<Case> kanjiFragment(Sample s, SplittableRandom random) {
        int[] surname = KanjiText.fold(surname(s.name())).codePoints().toArray();
        if (surname.length < 2) {
            return List.of();
        }
        int start = random.nextInt(surname.length - 1);
        String text = new String(surname, start, 2);
        Case fragment = new Case(text, s.personKey(), HAY + " ILIKE ?", List.of(like(text)));
        List<Case> cases = new ArrayList<>(List.of(fragment, fragment.and(year(s))));
        givenKanji(s, random).ifPresent(kanji -> cases.add(fragment.and(kanji).and(year(s))));
        return cases;
    }

    /** One kanji of the given name and the birth year as era letter (翔 S60); narrowed: the whole given name. */
    private static List<Case> givenWithYear(Sample s, SplittableRandom random) {
        List<Case> cases = new ArrayList<>();
        givenKanji(s, random).ifPresent(kanji -> cases.add(kanji.and(year(s))));
        String given = KanjiText.fold(givenName(s.name()));
        if (!cases.isEmpty() && given.codePointCount(0, given.length()) > 1) {
            cases.add(new Case(given, s.personKey(), HAY + " ILIKE ?", List.of(like(given))).and(year(s)));
        }
        return cases;
    }

    private static java.util.Optional<Case> givenKanji(Sample s, SplittableRandom random) {
        int[] given = KanjiText.fold(givenName(s.name())).codePoints().filter(SearchCases::isKanji).toArray();
        if (given.length == 0) {
            return java.util.Optional.empty();
        }
        String kanji = new String(given, random.nextInt(given.length), 1);
        return java.util.Optional.of(new Case(kanji, s.personKey(), HAY + " ILIKE ?", List.of(like(kanji))));
    }

    private static Case date(Sample s, String text) {
        if (text.matches("\\d{7,8}")) {
            // the search box reads seven or eight digits as a key or a date, so the reference does too
            return keyOrDate(s, text);
        }
        return new Case(text, s.personKey(), "birth_date = ?", List.of(s.birthDate()), true);
    }

    /** The person key without its zero padding. */
    private static Case key(Sample s) {
        String unpadded = s.personKey().replaceFirst("^0+(?=\\d)", "");
        return keyOrDate(s, unpadded);
    }

    private static Case keyOrDate(Sample s, String digits) {
        String padded = PersonKeys.normalise(digits, PersonKeys.Normalisation.ZERO_PAD, 10);
        LocalDate date = null;
        if (digits.length() == 7 || digits.length() == 8) {
            try {
                date = JapaneseDates.parseAny(digits);
            } catch (InvalidValueException e) {
                date = null;
            }
        }
        return date == null ? new Case(digits, s.personKey(), "person_key = ?", List.of(padded), true)
                : new Case(digits, s.personKey(), "(person_key = ? OR birth_date = ?)", List.of(padded, date), true);
    }

    /**
     * The 町丁目 (or 大字) name of the address: 入間川 of 埼玉県狭山市入間川一丁目15番2号; narrowed: with the
     * birth year (入間川 S45), then with two characters of the surname too (入間川 佐藤 S45).
     */
    private static List<Case> address(Sample s, SplittableRandom random) {
        Matcher m = TOWN.matcher(s.address());
        if (s.addressProtected() || !m.matches()) {
            return List.of();
        }
        String town = KanjiText.fold(m.group(1));
        Case place = new Case(town, s.personKey(), HAY + " ILIKE ?", List.of(like(town)));
        List<Case> cases = new ArrayList<>(List.of(place, place.and(year(s))));
        int[] surname = KanjiText.fold(surname(s.name())).codePoints().toArray();
        if (surname.length >= 2) {
            String two = new String(surname, 0, 2);
            cases.add(place.and(new Case(two, s.personKey(), HAY + " ILIKE ?", List.of(like(two)))).and(year(s)));
        }
        return cases;
    }

    /** S45.3.2 (元年 as 1). */
    static String eraLetter(LocalDate date) {
        String[] era = era(date);
        return era[1] + era[3] + "." + date.getMonthValue() + "." + date.getDayOfMonth();
    }

    /** 3450302: era code, then year, month and day with two digits each. */
    static String eraCode7(LocalDate date) {
        String[] era = era(date);
        return era[2] + String.format("%02d%02d%02d", Integer.parseInt(era[3]), date.getMonthValue(),
                date.getDayOfMonth());
    }

    /** {kanji, letter, code, year of era} of a date, read from its 和暦. */
    private static String[] era(LocalDate date) {
        String wareki = JapaneseDates.wareki(date);
        String kanji = wareki.substring(0, 2);
        String year = wareki.substring(2, wareki.indexOf('年'));
        String[] letterAndCode = switch (kanji) {
            case "明治" -> new String[] {"M", "1"};
            case "大正" -> new String[] {"T", "2"};
            case "昭和" -> new String[] {"S", "3"};
            case "平成" -> new String[] {"H", "4"};
            case "令和" -> new String[] {"R", "5"};
            default -> throw new IllegalArgumentException("和暦で表せない日付です: " + date);
        };
        return new String[] {kanji, letterAndCode[0], letterAndCode[1], "元".equals(year) ? "1" : year};
    }

    private static String surname(String name) {
        String[] parts = name.strip().split("[\\s\\u3000]+", 2);
        return parts[0];
    }

    private static String givenName(String name) {
        String[] parts = name.strip().split("[\\s\\u3000]+", 2);
        return parts.length < 2 ? "" : parts[1];
    }

    private static boolean isKanji(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN && c != '々';
    }

    /** Whether no character of the text has an upper or a lower case form other than itself. */
    static boolean caseless(String text) {
        return text.codePoints().allMatch(c -> Character.toLowerCase(c) == c && Character.toUpperCase(c) == c
                && Character.toTitleCase(c) == c);
    }

    private static String like(String term) {
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
