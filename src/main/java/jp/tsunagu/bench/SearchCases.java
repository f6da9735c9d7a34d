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

    /** A person the queries are made from. */
    record Sample(String personKey, String name, String kanaKey, LocalDate birthDate, String address) {
    }

    /** One query: the search-box text, the person it was made from, and its pg_trgm translation. */
    record Case(String text, String personKey, String trgmWhere, List<Object> trgmParams) {
    }

    /** The classes in the order they are reported. */
    static final List<String> CLASSES = List.of("kana-prefix", "kanji-2char", "given1-year", "date-wareki",
            "date-era-letter", "date-code7", "date-slashed", "date-iso", "key", "address");

    private static final Pattern TOWN = Pattern.compile(
            "^.*?[市町村](?:大字)?(.+?)(?:[一二三四五六七八九十]+丁目|[0-9０-９]).*$");

    private SearchCases() {
    }

    /** {@code count} persons in a seeded pseudo-random order (the same for the same city and seed). */
    static List<Sample> samples(org.springframework.jdbc.core.JdbcTemplate jdbc, long seed, int count) {
        return jdbc.query("""
                SELECT person_key, name, kana_key, birth_date, address FROM person
                 WHERE registered AND name IS NOT NULL AND kana_key IS NOT NULL AND birth_date IS NOT NULL
                   AND address IS NOT NULL
                 ORDER BY md5(person_key || ?) LIMIT ?""",
                (rs, i) -> new Sample(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getString(5)),
                String.valueOf(seed), count);
    }

    /**
     * Up to {@code count} queries per class, each made from a different sample (in sample order, so
     * the first ones can serve as warm-up); a sample that cannot make a query of a class (a given
     * name without kanji, a one-character surname) is skipped for that class.
     */
    static Map<String, List<Case>> build(List<Sample> samples, int count, long seed) {
        Map<String, BiFunction<Sample, SplittableRandom, Case>> makers = new LinkedHashMap<>();
        makers.put("kana-prefix", SearchCases::kanaPrefix);
        makers.put("kanji-2char", SearchCases::kanjiFragment);
        makers.put("given1-year", SearchCases::givenWithYear);
        makers.put("date-wareki", (s, r) -> date(s, JapaneseDates.wareki(s.birthDate())));
        makers.put("date-era-letter", (s, r) -> date(s, eraLetter(s.birthDate())));
        makers.put("date-code7", (s, r) -> date(s, eraCode7(s.birthDate())));
        makers.put("date-slashed", (s, r) -> date(s, s.birthDate().getYear() + "/" + s.birthDate().getMonthValue()
                + "/" + s.birthDate().getDayOfMonth()));
        makers.put("date-iso", (s, r) -> date(s, s.birthDate().toString()));
        makers.put("key", SearchCases::key);
        makers.put("address", SearchCases::address);
        Map<String, List<Case>> cases = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (var maker : makers.entrySet()) {
            List<Case> list = new ArrayList<>();
            for (Sample sample : samples) {
                if (list.size() == count) {
                    break;
                }
                Case c = maker.getValue().apply(sample, random);
                if (c != null) {
                    list.add(c);
                }
            }
            cases.put(maker.getKey(), list);
        }
        return cases;
    }

    /** The first three kana of the reading, typed in hiragana: やまざ. */
    private static Case kanaPrefix(Sample s, SplittableRandom random) {
        int[] cps = s.kanaKey().codePoints().toArray();
        if (cps.length < 3) {
            return null;
        }
        StringBuilder hiragana = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            int c = cps[i];
            hiragana.appendCodePoint(c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c);
        }
        String text = hiragana.toString();
        return new Case(text, s.personKey(), HAY + " ILIKE ?", List.of(like(KanaText.normalize(text))));
    }

    /** Two characters of the surname, folded, from its start or (surnames of three or more) its middle. */
    private static Case kanjiFragment(Sample s, SplittableRandom random) {
        int[] surname = KanjiText.fold(surname(s.name())).codePoints().toArray();
        if (surname.length < 2) {
            return null;
        }
        int start = random.nextInt(surname.length - 1);
        String text = new String(surname, start, 2);
        return new Case(text, s.personKey(), HAY + " ILIKE ?", List.of(like(text)));
    }

    /** One kanji of the given name and the birth year as era letter: 翔 S60. */
    private static Case givenWithYear(Sample s, SplittableRandom random) {
        int[] given = KanjiText.fold(givenName(s.name())).codePoints().filter(SearchCases::isKanji).toArray();
        if (given.length == 0) {
            return null;
        }
        String kanji = new String(given, random.nextInt(given.length), 1);
        String era = eraLetter(s.birthDate());
        String year = era.substring(0, era.indexOf('.'));
        int western = s.birthDate().getYear();
        return new Case(kanji + " " + year, s.personKey(), HAY + " ILIKE ? AND birth_date >= ? AND birth_date < ?",
                List.of(like(kanji), LocalDate.of(western, 1, 1), LocalDate.of(western + 1, 1, 1)));
    }

    private static Case date(Sample s, String text) {
        if (text.matches("\\d{7,8}")) {
            // the search box reads seven or eight digits as a key or a date, so the reference does too
            return keyOrDate(s, text);
        }
        return new Case(text, s.personKey(), "birth_date = ?", List.of(s.birthDate()));
    }

    /** The person key without its zero padding. */
    private static Case key(Sample s, SplittableRandom random) {
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
        return date == null ? new Case(digits, s.personKey(), "person_key = ?", List.of(padded))
                : new Case(digits, s.personKey(), "(person_key = ? OR birth_date = ?)", List.of(padded, date));
    }

    /** The 町丁目 (or 大字) name of the address: 入間川 of 埼玉県狭山市入間川一丁目15番2号. */
    private static Case address(Sample s, SplittableRandom random) {
        Matcher m = TOWN.matcher(s.address());
        if (!m.matches()) {
            return null;
        }
        String town = KanjiText.fold(m.group(1));
        return new Case(town, s.personKey(), HAY + " ILIKE ?", List.of(like(town)));
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

    private static String like(String term) {
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
