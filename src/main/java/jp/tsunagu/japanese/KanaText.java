package jp.tsunagu.japanese;

import java.text.Normalizer;
import java.util.Objects;

/**
 * フリガナ / カナ氏名 (kana names): brings the readings that exports write in half-width
 * katakana (ﾀｶﾊｼ), full-width katakana or hiragana to one form for comparison and search.
 * Methods throw {@link NullPointerException} for {@code null}.
 */
public final class KanaText {

	private static final int HIRAGANA_TO_KATAKANA = 'ア' - 'あ';

	private static final String SMALL_KANA = "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ";

	private static final String LARGE_KANA = "アイウエオツヤユヨワカケクシストヌハヒフヘホムラリルレロ";

	private static final String[][] V_SOUNDS = { { "ヴァ", "バ" }, { "ヴィ", "ビ" }, { "ヴェ", "ベ" }, { "ヴォ", "ボ" },
			{ "ヴュ", "ビュ" } };

	private KanaText() {
	}

	/**
	 * The reading in full-width katakana without spaces: NFKC (half-width ﾀｶﾊｼ becomes タカハシ,
	 * ﾔﾏｻﾞｷ becomes ヤマザキ with the voiced mark composed), hiragana becomes katakana, and all
	 * spaces (including U+3000) and 中黒 ・ are removed. A voiced mark left standing after a
	 * removed space is joined to the kana before it (カ ゛ becomes ガ). Idempotent.
	 */
	public static String normalize(String s) {
		Objects.requireNonNull(s, "s");
		String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
		StringBuilder out = new StringBuilder(nfkc.length());
		nfkc.codePoints().forEach(c -> {
			if (isSpace(c) || c == '・') {
				return;
			}
			if ((c >= 'ぁ' && c <= 'ゖ') || c == 'ゝ' || c == 'ゞ') {
				out.appendCodePoint(c + HIRAGANA_TO_KATAKANA);
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return Normalizer.normalize(out, Normalizer.Form.NFC);
	}

	/**
	 * A looser key for finding a person whose reading was typed differently: {@link #normalize}
	 * first, then ヴァ ヴィ ヴェ ヴォ ヴュ become バ ビ ベ ボ ビュ (as ヴァイオリン is also written
	 * バイオリン) and any other ヴ becomes ブ, ヂ becomes ジ and ヅ becomes ズ; then voiced and
	 * semi-voiced kana lose their marks (ガ→カ, パ→ハ, so ヴ ends as フ), small kana become large
	 * (ャ→ヤ, ッ→ツ) and the long-vowel mark ー is removed.
	 *
	 * <p>Only ー is removed; vowels are not folded. So ヤマザキ and ヤマサキ meet, but ユーコ (→ ユコ)
	 * and ユウコ (→ ユウコ) do not: telling a long vowel written ー from one written ウ would need
	 * the reading's pronunciation, which this key does not try to guess.
	 */
	public static String looseKey(String s) {
		String kana = normalize(s);
		for (String[] v : V_SOUNDS) {
			kana = kana.replace(v[0], v[1]);
		}
		kana = kana.replace('ヴ', 'ブ').replace('ヂ', 'ジ').replace('ヅ', 'ズ');
		String decomposed = Normalizer.normalize(kana, Normalizer.Form.NFD);
		StringBuilder out = new StringBuilder(decomposed.length());
		decomposed.codePoints().forEach(c -> {
			if (c == '\u3099' || c == '\u309A' || c == 'ー') {
				return;
			}
			int small = SMALL_KANA.indexOf(c);
			out.appendCodePoint(small >= 0 ? LARGE_KANA.charAt(small) : c);
		});
		return Normalizer.normalize(out, Normalizer.Form.NFC);
	}

	/**
	 * Whether the text is a reading: it holds at least one kana and nothing but hiragana,
	 * katakana of either width (with voiced marks and small kana), spaces (including U+3000),
	 * the long-vowel mark ー and 中黒 ・.
	 */
	public static boolean isKana(String s) {
		Objects.requireNonNull(s, "s");
		boolean sawKana = false;
		for (int i = 0; i < s.length();) {
			int c = s.codePointAt(i);
			i += Character.charCount(c);
			if (isSpace(c)) {
				continue;
			}
			if (!isKanaCodePoint(c)) {
				return false;
			}
			sawKana = true;
		}
		return sawKana;
	}

	private static boolean isKanaCodePoint(int c) {
		return (c >= 0x3041 && c <= 0x3096) // hiragana
				|| (c >= 0x3099 && c <= 0x309F) // voiced marks, ゝゞゟ
				|| (c >= 0x30A1 && c <= 0x30FF) // katakana, ・, ー, ヽヾヿ
				|| (c >= 0x31F0 && c <= 0x31FF) // small katakana extension
				|| (c >= 0xFF65 && c <= 0xFF9F); // half-width ･ to ﾟ
	}

	static boolean isSpace(int c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c);
	}

}
