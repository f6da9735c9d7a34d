package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.japanese.InvalidValueException;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.japanese.KanaText;
import jp.tsunagu.japanese.KanjiText;
import jp.tsunagu.japanese.PersonKeys;
import jp.tsunagu.platform.TokyoTime;

/**
 * What a clerk typed into the one search box (検索語), read term by term: a person key, a birth date in
 * any notation, a birth year (S7, 昭和7年, 1932年), kana, or kanji (a name or an address fragment).
 * All terms must match.
 *
 * <p>A search has a budget: at most {@link #MAX_TERMS} terms and {@link #MAX_CHARACTERS} characters
 * (counted after width folding, spaces between terms included). The statement a search becomes grows
 * with every term — with several name terms, combinatorially — so a longer text is refused here,
 * before any of it is read, with a message the clerk can act on.
 */
record SearchQuery(String text, List<Term> terms) {

    sealed interface Term permits Key, BirthDate, BirthYear, Kana, Kanji {
    }

    /** 宛名番号 (also possibly a 7- or 8-digit date, tried as both). */
    record Key(String personKey, LocalDate orDate) implements Term {
    }

    record BirthDate(LocalDate date) implements Term {
    }

    record BirthYear(int year) implements Term {
    }

    record Kana(String key, String loose) implements Term {
    }

    record Kanji(String key) implements Term {
    }

    private static final Pattern ERA_YEAR = Pattern.compile("([MTSHR明大昭平令])(?:治|正|和|成)?(元|\\d{1,2})年?");
    private static final Pattern WESTERN_YEAR = Pattern.compile("(1[89]\\d\\d|20\\d\\d)年?");
    private static final Pattern MONTH_DAY = Pattern.compile("(\\d{1,2})月(\\d{1,2})日");
    /** What separates the terms (compiled once: every search splits its text). */
    private static final Pattern SPACES = Pattern.compile("[\\s\\u3000]+");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");

    /** The most terms a search may have. */
    static final int MAX_TERMS = 8;
    /** The most characters (code points, after NFKC) a search may have. */
    static final int MAX_CHARACTERS = 100;
    /** What a clerk reads when the budget is exceeded. */
    static final String TOO_LARGE = "検索語は" + MAX_TERMS + "語・" + MAX_CHARACTERS + "文字までです。語を減らしてください";

    /**
     * Reads the text term by term.
     *
     * @throws SearchRefusedException when the text has more than {@link #MAX_TERMS} terms or
     *     {@link #MAX_CHARACTERS} characters
     */
    static SearchQuery parse(String text) {
        String typed = text == null ? "" : text.strip();
        // NFKC can only shorten a text by folding a few characters into one (ｶﾞ → ガ): a text this long
        // cannot come under the limit, and is refused before it is folded
        if (typed.length() > 4 * MAX_CHARACTERS) {
            throw new SearchRefusedException(TOO_LARGE);
        }
        String q = java.text.Normalizer.normalize(typed, java.text.Normalizer.Form.NFKC).strip();
        if (q.codePointCount(0, q.length()) > MAX_CHARACTERS) {
            throw new SearchRefusedException(TOO_LARGE);
        }
        String[] tokens = SPACES.split(q);
        List<Term> terms = new ArrayList<>();
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            if (terms.size() == MAX_TERMS) {
                throw new SearchRefusedException(TOO_LARGE);
            }
            terms.add(term(token));
        }
        return new SearchQuery(q, terms);
    }

    private static Term term(String token) {
        if (DIGITS.matcher(token).matches()) {
            LocalDate date = null;
            if (token.length() == 7 || token.length() == 8) {
                // a key first: digits that are no day (1591118) are searched as a key only, not refused
                date = dateOrNull(token);
            }
            if (token.length() >= 4 && token.length() <= 8 && WESTERN_YEAR.matcher(token).matches()) {
                return birthYear(Integer.parseInt(token), token);
            }
            return new Key(PersonKeys.normalise(token, PersonKeys.Normalisation.ZERO_PAD, 10), date);
        }
        LocalDate date = date(token);
        if (date != null) {
            if (date.isAfter(today())) {
                throw impossible("まだ来ていない日付です", token);
            }
            return new BirthDate(date);
        }
        Matcher monthDay = MONTH_DAY.matcher(token);
        if (monthDay.matches()) {
            throw monthDay(token, Integer.parseInt(monthDay.group(1)), Integer.parseInt(monthDay.group(2)));
        }
        Matcher era = ERA_YEAR.matcher(token.toUpperCase(java.util.Locale.ROOT));
        if (era.matches()) {
            return birthYear(eraYear(era.group(1), "元".equals(era.group(2)) ? 1 : Integer.parseInt(era.group(2)),
                    token), token);
        }
        Matcher western = WESTERN_YEAR.matcher(token);
        if (western.matches()) {
            return birthYear(Integer.parseInt(western.group(1)), token);
        }
        if (KanaText.isKana(token)) {
            String key = KanaText.normalize(token);
            return new Kana(key, KanaText.looseKey(token));
        }
        return new Kanji(KanjiText.fold(token));
    }

    /**
     * The date the token is, or {@code null} when it is no date; a token in a date notation naming a day
     * that never was (昭和45年13月40日, R1.2.30) is refused with the reason, not searched as a name.
     */
    private static LocalDate date(String token) {
        if (!JapaneseDates.isDateNotation(token)) {
            // a name: asked first, not learnt from a thrown exception (each name term of every search paid for
            // one with its stack trace, 3.7 % of the JVM's samples under 32 clients)
            return null;
        }
        try {
            return JapaneseDates.parseAny(token);
        } catch (InvalidValueException e) {
            throw impossible(e.reason(), token);
        }
    }

    private static LocalDate dateOrNull(String token) {
        try {
            return JapaneseDates.parseAny(token);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /** 3月2日 without a year finds nobody by birth date; 2月30日 never is. */
    private static SearchRefusedException monthDay(String token, int month, int day) {
        try {
            java.time.MonthDay.of(month, day);
        } catch (java.time.DateTimeException e) {
            return impossible("存在しない日付です", token);
        }
        return new SearchRefusedException("生年月日は年も入れてください（例: 昭和45年" + month + "月" + day + "日）: " + token);
    }

    private static int eraYear(String era, int yearOfEra, String token) {
        try {
            return JapaneseDates.westernYear(switch (era) {
                case "明" -> "M";
                case "大" -> "T";
                case "昭" -> "S";
                case "平" -> "H";
                case "令" -> "R";
                default -> era;
            }, yearOfEra);
        } catch (InvalidValueException e) {
            throw impossible(e.reason(), token);
        }
    }

    private static BirthYear birthYear(int year, String token) {
        if (year > today().getYear()) {
            throw impossible("まだ来ていない年です", token);
        }
        return new BirthYear(year);
    }

    /** What a clerk reads for a date or year that cannot be a birth date, with the text as typed. */
    private static SearchRefusedException impossible(String reason, String token) {
        return new SearchRefusedException(reason + "（" + token + "）。生年月日を確かめてください");
    }

    private static LocalDate today() {
        return LocalDate.now(TokyoTime.ZONE);
    }
}
