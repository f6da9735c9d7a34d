package jp.tsunagu.japanese;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 丁目・番・号の表記ゆれ (address block notation): one key for an address however its 丁目, 番(地) and
 * 号 are written, so that 狭山台三丁目17番27号, 狭山台3丁目17-27, 狭山台３－１７－２７ and 狭山台3ー17ー27
 * are the same address and 3丁目, 三丁目, 3-17-27, １７番２７号 and 17-27 are fragments of it.
 *
 * <p>The key writes the numbers in Arabic digits and the parts as a dash notation: {@code N丁目} is
 * {@code N-}, {@code N番M号} and {@code N番地M} are {@code N-M}, a lone {@code N番}, {@code N番地} or
 * {@code N号} is {@code N}, and a dash between digits written as ー, の or any dash is {@code -}.
 * Kanji numerals are read only before 丁目, 番(地) and 号 (一丁目, 十七番, 二十七号), so that a town
 * whose name has a numeral elsewhere (八幡, 三ツ木) keeps it. Apply it to both the indexed address and
 * the searched text: it is a key for comparison, never for display.
 */
public final class AddressText {

	static final Pattern KANJI_NUMBER = Pattern.compile("([〇一二三四五六七八九十百千]+)(?=丁目|番|号)");

	static final Pattern CHOME = Pattern.compile("(\\d+)丁目");

	static final Pattern BAN_GO = Pattern.compile("(\\d+)番地?(?:の)?(\\d+)号?");

	/** Markers in a row (4番地号) are one: taken one at a time, the second would be left for a second pass. */
	static final Pattern LONE = Pattern.compile("(\\d+)(?:番地|番|号)+");

	static final Pattern DIGIT_DASH = Pattern.compile("(?<=\\d)[ーの‐-―−－-](?=\\d)");

	static final Pattern DASHES = Pattern.compile("-{2,}");
	/** 3-の17 (丁目の番地): one dash between two numbers. */
	static final Pattern DASH_NO = Pattern.compile("(?<=\\d)-の(?=\\d)");

	private AddressText() {
	}

	/**
	 * The address key of a text that {@link KanjiText#fold(String)} has folded (digits are ASCII,
	 * dashes are {@code -}). Idempotent.
	 * @throws NullPointerException for {@code null}
	 */
	public static String blockKey(String folded) {
		Objects.requireNonNull(folded, "folded");
		// one pass can make a notation the passes before it were looking for (二番丁目: the 番 goes, then
		// 2丁目 is one): repeat until nothing changes. Each pass that changes the text shortens it or turns
		// a kanji numeral into digits, so this ends; an address usually takes two passes
		String key = folded;
		while (hasBlockNotation(key)) {
			String next = onePass(key);
			if (next.equals(key)) {
				break;
			}
			key = next;
		}
		return key;
	}

	/**
	 * One pass of the rewrites. Each is run only when the text holds the character it needs (a registry's
	 * address is mostly written as 4-9-3 already, and then no rewrite applies): the rewrites were a quarter of
	 * the first index's row work at 4,000,000 residents (a flight recording, session 25), each a scan of the
	 * text, twice an address. {@code AddressTextTests} compares the result with the pass that runs them all.
	 */
	static String onePass(String folded) {
		String s = folded;
		boolean markers = has(s, "丁番号");
		if (markers) {
			s = replaceKanjiNumbers(s);
		}
		// a dash that is already ASCII is replaced by itself
		if (has(s, "ーの‐‑‒–—―−－")) {
			s = DIGIT_DASH.matcher(s).replaceAll("-");
		}
		if (markers) {
			if (s.contains("丁目")) {
				s = CHOME.matcher(s).replaceAll("$1-");
			}
			if (s.indexOf('番') >= 0) {
				s = BAN_GO.matcher(s).replaceAll("$1-$2");
			}
			if (has(s, "番号")) {
				s = LONE.matcher(s).replaceAll("$1");
			}
		}
		// 3丁目-17 and 3丁目の17 become 3--17 above: one dash between two numbers
		if (s.contains("--")) {
			s = DASHES.matcher(s).replaceAll("-");
		}
		return s.contains("-の") ? DASH_NO.matcher(s).replaceAll("-") : s;
	}

	/** Whether the text holds any of these characters. */
	private static boolean has(String s, String characters) {
		for (int i = 0; i < s.length(); i++) {
			if (characters.indexOf(s.charAt(i)) >= 0) {
				return true;
			}
		}
		return false;
	}

	/** Most texts (a name) have none of the notation: they are returned as they are, without a copy. */
	static boolean hasBlockNotation(String s) {
		return has(s, "丁番号ーの-");
	}

	static String replaceKanjiNumbers(String s) {
		Matcher m = KANJI_NUMBER.matcher(s);
		StringBuilder out = new StringBuilder(s.length());
		while (m.find()) {
			m.appendReplacement(out, Integer.toString(kanjiNumber(m.group(1))));
		}
		m.appendTail(out);
		return out.toString();
	}

	/** 十七 → 17, 二十七 → 27, 百五 → 105, 一二三 → 123 (digit by digit, as some registries write). */
	static int kanjiNumber(String kanji) {
		int total = 0;
		int digits = 0;
		boolean positional = false;
		for (int i = 0; i < kanji.length(); i++) {
			char c = kanji.charAt(i);
			int unit = switch (c) {
			case '十' -> 10;
			case '百' -> 100;
			case '千' -> 1000;
			default -> 0;
			};
			if (unit > 0) {
				total += (digits == 0 ? 1 : digits) * unit;
				digits = 0;
				positional = true;
			}
			else {
				int d = "〇一二三四五六七八九".indexOf(c);
				digits = positional ? d : digits * 10 + d;
			}
		}
		return total + digits;
	}

}
