package jp.tsunagu.japanese;

import java.text.Normalizer;
import java.util.Objects;

/**
 * 異体字 (variant kanji) folding: one key for names and addresses that registries write with
 * different forms of the same character (髙橋/高橋, 山﨑/山崎, 渡邊/渡辺, 齋藤/斉藤), so that a clerk
 * finds the person whichever form was typed.
 *
 * <p>The variant table is {@code japanese/itaiji.tsv} on the classpath (variant, tab, standard);
 * its header says which sources it follows and which pairs were decided on purpose — notably that
 * 齋, 齊 and 斎 all fold to 斉. A folded key is for comparison only, never for display.
 */
public final class KanjiText {

	private static final VariantTable TABLE = VariantTable.loadDefault();

	private KanjiText() {
	}

	/**
	 * The folded key, in this order: variation selectors (U+FE00–FE0F, U+E0100–E01EF) are
	 * stripped; NFKC (full-width letters and digits, half-width kana, CJK compatibility
	 * ideographs such as 塚 U+FA10); each variant in the table becomes its standard; spaces
	 * (including U+3000) are removed; the wave dashes ~ 〜 ～ become ～ (U+FF5E); and the dashes
	 * ‐ ‑ ‒ – — ― − － become {@code -}. The long-vowel mark ー is kept. Idempotent.
	 * @throws NullPointerException for {@code null}
	 */
	public static String fold(String s) {
		Objects.requireNonNull(s, "s");
		StringBuilder withoutSelectors = new StringBuilder(s.length());
		s.codePoints().filter(c -> !isVariationSelector(c)).forEach(withoutSelectors::appendCodePoint);
		String nfkc = Normalizer.normalize(withoutSelectors, Normalizer.Form.NFKC);
		StringBuilder out = new StringBuilder(nfkc.length());
		nfkc.codePoints().forEach(c -> {
			if (KanaText.isSpace(c)) {
				return;
			}
			if (c == '~' || c == '〜' || c == '～') {
				out.append('～');
			}
			else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212) {
				out.append('-');
			}
			else {
				out.appendCodePoint(TABLE.standardOf(c));
			}
		});
		// Removing a space can leave a combining mark next to the character it belongs to.
		return Normalizer.normalize(out, Normalizer.Form.NFC);
	}

	/** The number of variant → standard pairs in the table. */
	public static int variantPairs() {
		return TABLE.size();
	}

	private static boolean isVariationSelector(int c) {
		return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
	}

}
