package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KanaTextTests {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ﾀｶﾊｼ             | タカハシ
			たかはし         | タカハシ
			ﾔﾏｻﾞｷ            | ヤマザキ
			ﾎﾟﾝﾀﾞ            | ポンダ
			ヤマダ　タロウ   | ヤマダタロウ
			ﾔﾏﾀﾞ ﾀﾛｳ         | ヤマダタロウ
			ジョン・スミス   | ジョンスミス
			ｼﾞｮﾝ･ｽﾐｽ         | ジョンスミス
			ゆうこ           | ユウコ
			ゔぁいおりん     | ヴァイオリン
			ｺｰﾋｰ             | コーヒー
			いすゞ           | イスヾ
			カ゛ス           | ガス
			""")
	void normalizesToFullWidthKatakanaWithoutSpaces(String input, String expected) {
		assertThat(KanaText.normalize(input)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ﾀｶﾊｼ ﾀﾛｳ", "やまだ　はなこ", "ﾔﾏｻﾞｷ", "カ゛ス" })
	void normalizeIsIdempotent(String input) {
		String once = KanaText.normalize(input);
		assertThat(KanaText.normalize(once)).isEqualTo(once);
	}

	@ParameterizedTest(name = "{0} ~ {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ヤマザキ   | ヤマサキ
			ﾔﾏｻﾞｷ      | やまさき
			ハットリ   | ハツトリ
			キョウコ   | キヨウコ
			ヴィオラ   | ビオラ
			ヴァイオリン | バイオリン
			ヴ         | ブ
			フジ       | フヂ
			ミズノ     | ミヅノ
			ベッポ     | ヘツホ
			ケイコ     | ヶイコ
			""")
	void looseKeyMeetsReadingsTypedDifferently(String one, String other) {
		assertThat(KanaText.looseKey(one)).isEqualTo(KanaText.looseKey(other));
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ヤマザキ   | ヤマサキ
			パーク     | ハク
			ジョン     | シヨン
			ヴ         | フ
			ヂ         | シ
			ッャュョ   | ツヤユヨ
			ヮヵヶ     | ワカケ
			ㇰㇷ       | クフ
			""")
	void looseKeyFoldsMarksSmallKanaAndLongVowels(String input, String expected) {
		assertThat(KanaText.looseKey(input)).isEqualTo(expected);
	}

	@Test
	void looseKeyRemovesOnlyTheLongVowelMarkSoUFollowingAVowelStays() {
		assertThat(KanaText.looseKey("ユーコ")).isEqualTo("ユコ");
		assertThat(KanaText.looseKey("ユウコ")).isEqualTo("ユウコ");
		assertThat(KanaText.looseKey("ユーコ")).isNotEqualTo(KanaText.looseKey("ユウコ"));
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "タカハシ", "ﾀｶﾊｼ", "たかはし", "ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "ジョン・スミス", "コーヒー", "ｺｰﾋｰ",
			"ヴァ", "ゝゞヽヾ", "ㇰ" })
	void recognisesReadings(String input) {
		assertThat(KanaText.isKana(input)).isTrue();
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "高橋", "タカハシ1", "Takahashi", "タカ-ハシ", "", "　 ", "山田タロウ", "（カ）" })
	void rejectsWhatIsNotOnlyKana(String input) {
		assertThat(KanaText.isKana(input)).isFalse();
	}

}
