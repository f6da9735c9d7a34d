package jp.tsunagu.japanese;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * 日付表記 (date notation): the ways a source system writes a date, named in the source
 * definition YAML.
 *
 * <table>
 * <caption>Notations</caption>
 * <tr><th>constant</th><th>YAML name</th><th>example</th></tr>
 * <tr><td>{@link #WAREKI}</td><td>{@code wareki}</td><td>令和元年5月1日, 平成31年4月30日</td></tr>
 * <tr><td>{@link #ERA_LETTER}</td><td>{@code era-letter}</td><td>R01.05.01, H31.4.30, R6/4/1</td></tr>
 * <tr><td>{@link #ERA_CODE7}</td><td>{@code era-code7}</td><td>5010501 (EYYMMDD: 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和)</td></tr>
 * <tr><td>{@link #YYYYMMDD}</td><td>{@code yyyyMMdd}</td><td>20190501</td></tr>
 * <tr><td>{@link #SLASHED}</td><td>{@code yyyy/M/d}</td><td>2019/5/1</td></tr>
 * <tr><td>{@link #ISO}</td><td>{@code iso}</td><td>2019-05-01</td></tr>
 * </table>
 *
 * @see JapaneseDates#parse(String, java.util.Set)
 */
public enum DateNotation {

	/** 和暦 in kanji: 令和6年4月1日, 令和元年5月1日. */
	WAREKI("wareki", "和暦 (令和8年4月1日)"),

	/** Era letter M, T, S, H or R with year, month and day: R06.04.01, H31.4.30, S45.3.2, R6/4/1. */
	ERA_LETTER("era-letter", "元号の略字 (R8.4.1)"),

	/** The 7-digit legacy code EYYMMDD: 3640107 is 昭和64年1月7日. */
	ERA_CODE7("era-code7", "元号コード7桁 (5080401)"),

	/** Exactly eight digits, Western calendar: 20190501. */
	YYYYMMDD("yyyyMMdd", "西暦8桁 yyyyMMdd (20260401)"),

	/** Western calendar with slashes, month and day with or without a leading zero: 2019/5/1. */
	SLASHED("yyyy/M/d", "西暦スラッシュ区切り (2026/4/1)"),

	/** ISO-8601 calendar date: 2019-05-01. */
	ISO("iso", "西暦ハイフン区切り ISO 8601 (2026-04-01)");

	private final String configName;
	private final String label;

	DateNotation(String configName, String label) {
		this.configName = configName;
		this.label = label;
	}

	/**
	 * How a clerk knows the notation: its Japanese name with an example, e.g. {@code 和暦 (令和8年4月1日)}.
	 * Messages name notations by this, never by {@link #configName()}.
	 */
	public String label() {
		return label;
	}

	/**
	 * The notation with the given YAML name (surrounding spaces ignored, otherwise exact).
	 * @throws IllegalArgumentException with a Japanese message listing the allowed names
	 */
	public static DateNotation fromName(String name) {
		String wanted = name == null ? "" : name.strip();
		for (DateNotation notation : values()) {
			if (notation.configName.equals(wanted)) {
				return notation;
			}
		}
		throw new IllegalArgumentException("日付の形式名が不明です: " + name + "（使える名前: " + allowedNames() + "）");
	}

	/** The name used in the source definition YAML, e.g. {@code era-code7}. */
	public String configName() {
		return configName;
	}

	static String allowedNames() {
		return Arrays.stream(values()).map(DateNotation::configName).collect(Collectors.joining(", "));
	}

}
