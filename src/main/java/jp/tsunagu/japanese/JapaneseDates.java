package jp.tsunagu.japanese;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * 和暦 (Japanese era) dates and the other date notations found in source files: reading them
 * into {@link LocalDate} and showing a date as 和暦.
 *
 * <p>Eras: 明治 (M, 1), 大正 (T, 2, from 1912-07-30), 昭和 (S, 3, from 1926-12-25), 平成 (H, 4,
 * from 1989-01-08) and 令和 (R, 5, from 2019-05-01); 元年 is year 1. A date is read only if it
 * really existed in that era: 令和元年2月30日, 平成31年5月1日 (Heisei had ended), 昭和64年1月8日 and
 * 平成32年1月1日 are rejected. Japan used the lunisolar calendar until 明治5年12月2日, so 和暦 days
 * before 明治6年1月1日 (1873-01-01) cannot be converted to the Gregorian calendar and are rejected
 * when read; {@link #wareki(LocalDate)} shows such days in the Western calendar.
 *
 * <p>All methods are pure functions; the class is thread-safe.
 */
public final class JapaneseDates {

	private static final Pattern WAREKI = Pattern.compile("(明治|大正|昭和|平成|令和)(元|\\d{1,2})年(\\d{1,2})月(\\d{1,2})日");

	private static final Pattern ERA_LETTER = Pattern.compile("([MTSHRmtshr])(\\d{1,2})([./-])(\\d{1,2})\\3(\\d{1,2})");

	private static final Pattern ERA_CODE7 = Pattern.compile("(\\d)(\\d{2})(\\d{2})(\\d{2})");

	private static final Pattern YYYYMMDD = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

	private static final Pattern SLASHED = Pattern.compile("(\\d{4})/(\\d{1,2})/(\\d{1,2})");

	private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

	private static final Map<DateNotation, Pattern> PATTERNS = new EnumMap<>(Map.of(
			DateNotation.WAREKI, WAREKI, DateNotation.ERA_LETTER, ERA_LETTER, DateNotation.ERA_CODE7, ERA_CODE7,
			DateNotation.YYYYMMDD, YYYYMMDD, DateNotation.SLASHED, SLASHED, DateNotation.ISO, ISO));

	/** Dashes that exports use between date parts: ‐ ‑ ‒ – — ― and − (U+2212). */
	private static final Pattern DASHES = Pattern.compile("[\\u2010-\\u2015\\u2212]");

	private static final Pattern SPACES = Pattern.compile("[\\s\\u3000]+");

	private JapaneseDates() {
	}

	/**
	 * Reads a date written in one of the {@code allowed} notations.
	 *
	 * <p>The text is trimmed, then folded with NFKC (full-width digits, ．／－ and the era
	 * ligatures ㍻ ㋿ become their plain forms) and dashes such as − become {@code -}. In 和暦
	 * written with kanji, spaces between the parts are ignored (令和 6年 4月 1日).
	 *
	 * @param text the value from the source, may be {@code null}
	 * @param allowed the notations the source uses; at least one
	 * @return the Gregorian date
	 * @throws InvalidValueException if the text is empty, is in no allowed notation, or names a
	 *     day that did not exist (令和元年2月30日, 平成31年5月1日, 20190230)
	 */
	public static LocalDate parse(String text, Set<DateNotation> allowed) {
		Objects.requireNonNull(allowed, "allowed");
		if (allowed.isEmpty()) {
			throw new IllegalArgumentException("日付の形式が一つも指定されていません");
		}
		String shown = text == null ? "" : text.strip();
		if (shown.isEmpty()) {
			throw new InvalidValueException("日付が空です");
		}
		String folded = needsFold(shown) ? fold(shown) : shown;
		if (folded.length() == 8 && allowed.contains(DateNotation.YYYYMMDD) && isAsciiDigits(folded)) {
			// the hot path of bulk imports: no regular expression
			return gregorian(digits(folded, 0, 4), digits(folded, 4, 6), digits(folded, 6, 8), shown);
		}
		for (DateNotation notation : allowed) {
			Matcher matcher = PATTERNS.get(notation).matcher(candidate(notation, folded));
			if (matcher.matches()) {
				return toDate(notation, matcher, shown);
			}
		}
		boolean inOtherNotation = false;
		for (DateNotation notation : DateNotation.values()) {
			if (!allowed.contains(notation) && PATTERNS.get(notation).matcher(candidate(notation, folded)).matches()) {
				inOtherNotation = true;
			}
		}
		if (inOtherNotation) {
			throw new InvalidValueException("この項目では使えない日付の形式です（使える形式: " + names(allowed) + "）", shown);
		}
		throw new InvalidValueException("日付として読めません", shown);
	}

	/**
	 * Reads a date in any {@link DateNotation}, as a search box does: 昭和45年3月2日, S45.3.2,
	 * 3450302, 1970-03-02, 1970/3/2 and 19700302 are all 1970-03-02.
	 * @throws InvalidValueException as {@link #parse(String, Set)}
	 */
	public static LocalDate parseAny(String text) {
		return parse(text, EnumSet.allOf(DateNotation.class));
	}

	/**
	 * Whether the text is written in one of the {@link DateNotation}s, whether or not the day
	 * exists: {@code 昭和45年13月40日} and {@code R1.2.30} are, {@code 佐藤} is not. Tells a date that
	 * cannot be read because it never was (to be reported as such) from a text that is no date.
	 */
	public static boolean isDateNotation(String text) {
		if (text == null || text.isBlank()) {
			return false;
		}
		String shown = text.strip();
		String folded = needsFold(shown) ? fold(shown) : shown;
		for (DateNotation notation : DateNotation.values()) {
			if (PATTERNS.get(notation).matcher(candidate(notation, folded)).matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The Western year of a year of an era, if the era had it: {@code ("昭和", 45)} and
	 * {@code ("S", 45)} are 1970; 昭和70年 (昭和 ended in its 64th year), 平成32年 and 0年 did not exist.
	 * A year of 令和, the current era, is not checked against today.
	 * @param era the era's kanji (昭和) or letter (S, s)
	 * @throws InvalidValueException 存在しない年です, naming the year as written
	 * @throws IllegalArgumentException for an era that is none of 明治, 大正, 昭和, 平成, 令和
	 */
	public static int westernYear(String era, int yearOfEra) {
		Objects.requireNonNull(era, "era");
		Era e = (era.length() == 1 ? Era.byLetter(era.charAt(0)) : Era.byKanji(era))
				.orElseThrow(() -> new IllegalArgumentException("元号が不明です: " + era));
		int year = e.start.getYear() + yearOfEra - 1;
		boolean existed = yearOfEra >= 1 && e.end().map(end -> year <= end.getYear()).orElse(true);
		if (!existed) {
			throw new InvalidValueException("存在しない年です", era + yearOfEra + "年");
		}
		return year;
	}

	/**
	 * The date as 和暦: {@code 令和6年4月1日}, {@code 令和元年5月1日} in an era's first year. Days
	 * before 明治6年1月1日 (1873-01-01), when Japan still used the lunisolar calendar, are shown
	 * in the Western calendar ({@code 1872年3月1日}) rather than with a wrong 和暦.
	 */
	public static String wareki(LocalDate date) {
		Objects.requireNonNull(date, "date");
		String monthDay = date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
		if (date.isBefore(Era.FIRST_GREGORIAN_DAY)) {
			return date.getYear() + "年" + monthDay;
		}
		Era era = Era.of(date).orElseThrow();
		int year = date.getYear() - era.start.getYear() + 1;
		return era.kanji + (year == 1 ? "元" : String.valueOf(year)) + "年" + monthDay;
	}

	/** The date as shown on screen: 和暦 with the Western year beside it, {@code 令和6年4月1日 (2024)}. */
	public static String warekiWithYear(LocalDate date) {
		return wareki(date) + " (" + date.getYear() + ")";
	}

	/**
	 * 満年齢: the number of whole years from {@code birth} to {@code on}. Someone born on 29
	 * February turns a year older on 1 March in a common year, as under 年齢計算ニ関スル法律. (The
	 * day an age is legally <em>reached</em> for eligibility, the day before the birthday, is a
	 * different rule and not this method's.)
	 * @throws IllegalArgumentException if {@code on} is before {@code birth}
	 */
	public static int age(LocalDate birth, LocalDate on) {
		Objects.requireNonNull(birth, "birth");
		Objects.requireNonNull(on, "on");
		if (on.isBefore(birth)) {
			throw new IllegalArgumentException("基準日が生年月日より前です: " + birth + " > " + on);
		}
		return Period.between(birth, on).getYears();
	}

	private static String candidate(DateNotation notation, String folded) {
		if (notation != DateNotation.WAREKI) {
			return folded;
		}
		for (int i = 0; i < folded.length(); i++) {
			char c = folded.charAt(i);
			if (Character.isWhitespace(c) || c == '\u3000') {
				return SPACES.matcher(folded).replaceAll("");
			}
		}
		return folded;
	}

	/** Only full-width forms, dashes, era symbols and compatibility ideographs change under the fold. */
	private static boolean needsFold(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x2010 && c <= 0x2015 || c == 0x2212 || c == 0x3000 || c >= 0x3200 && c <= 0x33FF
					|| c >= 0xF900 && c <= 0xFAFF || c >= 0xFF00 && c <= 0xFFEF) {
				return true;
			}
		}
		return false;
	}

	private static boolean isAsciiDigits(String s) {
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) < '0' || s.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	private static int digits(String s, int from, int to) {
		int n = 0;
		for (int i = from; i < to; i++) {
			n = n * 10 + (s.charAt(i) - '0');
		}
		return n;
	}

	private static String fold(String text) {
		String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
		return DASHES.matcher(nfkc).replaceAll("-");
	}

	private static LocalDate toDate(DateNotation notation, Matcher m, String shown) {
		switch (notation) {
		case WAREKI:
			int year = "元".equals(m.group(2)) ? 1 : Integer.parseInt(m.group(2));
			return eraDate(Era.byKanji(m.group(1)).orElseThrow(), year, number(m, 3), number(m, 4), shown);
		case ERA_LETTER:
			return eraDate(Era.byLetter(m.group(1).charAt(0)).orElseThrow(), number(m, 2), number(m, 4), number(m, 5), shown);
		case ERA_CODE7:
			Era era = Era.byCode(number(m, 1)).orElseThrow(() -> new InvalidValueException(
					"元号の番号が不明です（1 明治, 2 大正, 3 昭和, 4 平成, 5 令和）", shown));
			return eraDate(era, number(m, 2), number(m, 3), number(m, 4), shown);
		default:
			return gregorian(number(m, 1), number(m, 2), number(m, 3), shown);
		}
	}

	private static LocalDate eraDate(Era era, int yearOfEra, int month, int day, String shown) {
		if (yearOfEra < 1) {
			throw nonexistent(shown);
		}
		LocalDate date = gregorian(era.start.getYear() + yearOfEra - 1, month, day, shown);
		if (date.isBefore(Era.FIRST_GREGORIAN_DAY)) {
			throw new InvalidValueException("明治6年1月1日より前の日付は旧暦のため扱えません", shown);
		}
		if (!era.contains(date)) {
			throw nonexistent(shown);
		}
		return date;
	}

	private static LocalDate gregorian(int year, int month, int day, String shown) {
		try {
			return LocalDate.of(year, month, day);
		}
		catch (DateTimeException e) {
			throw nonexistent(shown);
		}
	}

	private static InvalidValueException nonexistent(String shown) {
		return new InvalidValueException("存在しない日付です", shown);
	}

	private static int number(Matcher m, int group) {
		return Integer.parseInt(m.group(group));
	}

	private static String names(Set<DateNotation> notations) {
		return EnumSet.copyOf(notations).stream().map(DateNotation::label).collect(Collectors.joining("、"));
	}

}
