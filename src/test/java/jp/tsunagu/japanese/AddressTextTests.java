package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTests {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			狭山台三丁目17番27号       | 狭山台3-17-27
			狭山台3丁目17番27号        | 狭山台3-17-27
			狭山台３－１７－２７         | 狭山台3-17-27
			狭山台3ー17ー27            | 狭山台3-17-27
			狭山台3丁目17-27          | 狭山台3-17-27
			狭山台三丁目十七番二十七号    | 狭山台3-17-27
			3丁目                    | 3-
			三丁目                    | 3-
			１７番２７号               | 17-27
			17-27                   | 17-27
			大字堀兼1234番地5          | 大字堀兼1234-5
			大字堀兼1234番地の5        | 大字堀兼1234-5
			1234番地                 | 1234
			4番地号                   | 4
			5号番                    | 5
			二番丁目                   | 2-
			三5番丁目                  | 三5-
			八幡町                    | 八幡町
			三ツ木                    | 三ツ木
			佐藤 花子                  | 佐藤 花子
			""")
	void everyNotationOfABlockHasOneKey(String address, String key) {
		assertThat(AddressText.blockKey(KanjiText.fold(address).replace(" ", ""))).isEqualTo(key.replace(" ", ""));
		assertThat(AddressText.blockKey(AddressText.blockKey(KanjiText.fold(address)))).as("idempotent")
				.isEqualTo(AddressText.blockKey(KanjiText.fold(address)));
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource({"一,1", "九,9", "十,10", "十七,17", "二十七,27", "百五,105", "一二三,123", "千二百三十四,1234"})
	void kanjiNumerals(String kanji, int number) {
		assertThat(AddressText.kanjiNumber(kanji)).isEqualTo(number);
	}

	/**
	 * A pass runs each rewrite only when the text holds the character it needs: on texts made of the characters
	 * the rewrites look for (numerals, markers, every dash they know, の), in any order, it gives what the pass
	 * that runs every rewrite gives, and so does the key.
	 */
	@Test
	void aPassThatSkipsTheRewritesThatCannotApplyGivesWhatEveryRewriteGives() {
		String alphabet = "0123456789〇一二三四五六七八九十百千丁目番地号のーｰ-‐‑‒–—―−－町台ツ木";
		SplittableRandom random = new SplittableRandom(20261205);
		int changed = 0;
		for (int n = 0; n < 300_000; n++) {
			StringBuilder text = new StringBuilder();
			for (int length = 1 + random.nextInt(14); text.length() < length;) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String folded = text.toString();
			String everyRewrite = onePassUnguarded(folded);
			assertThat(AddressText.onePass(folded)).as(folded).isEqualTo(everyRewrite);
			assertThat(AddressText.blockKey(folded)).as(folded).isEqualTo(blockKeyUnguarded(folded));
			if (!everyRewrite.equals(folded)) {
				changed++;
			}
		}
		assertThat(changed).as("texts a rewrite changed").isGreaterThan(30_000);
	}

	/** {@link AddressText#onePass} with every rewrite run, whatever the text holds. */
	private static String onePassUnguarded(String folded) {
		String s = AddressText.replaceKanjiNumbers(folded);
		s = AddressText.DIGIT_DASH.matcher(s).replaceAll("-");
		s = AddressText.CHOME.matcher(s).replaceAll("$1-");
		s = AddressText.BAN_GO.matcher(s).replaceAll("$1-$2");
		s = AddressText.LONE.matcher(s).replaceAll("$1");
		return AddressText.DASH_NO.matcher(AddressText.DASHES.matcher(s).replaceAll("-")).replaceAll("-");
	}

	private static String blockKeyUnguarded(String folded) {
		String key = folded;
		while (AddressText.hasBlockNotation(key)) {
			String next = onePassUnguarded(key);
			if (next.equals(key)) {
				return key;
			}
			key = next;
		}
		return key;
	}
}
