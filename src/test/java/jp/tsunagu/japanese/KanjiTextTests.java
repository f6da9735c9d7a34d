package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KanjiTextTests {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			山﨑       | 山崎
			山嵜       | 山崎
			髙橋       | 高橋
			渡邊       | 渡辺
			渡邉       | 渡辺
			齋藤       | 斉藤
			齊藤       | 斉藤
			斎藤       | 斉藤
			斉藤       | 斉藤
			小嶋       | 小島
			𠮷田       | 吉田
			澤田       | 沢田
			濱田       | 浜田
			廣瀬       | 広瀬
			德川       | 徳川
			櫻井       | 桜井
			國分       | 国分
			冨田       | 富田
			槇原       | 槙原
			曾根       | 曽根
			舘野       | 館野
			眞鍋       | 真鍋
			龍崎       | 竜崎
			長瀨       | 長瀬
			關口       | 関口
			黑木       | 黒木
			萬田       | 万田
			澁谷       | 渋谷
			大塚       | 大塚
			""")
	void foldsSurnameVariants(String input, String expected) {
		assertThat(KanjiText.fold(input)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			葛\uDB40\uDD00飾   | 葛飾
			辻\uDB40\uDD01     | 辻
			神\uFE00          | 神
			山田　太郎         | 山田太郎
			山田 太郎          | 山田太郎
			１丁目２番地       | 1丁目2番地
			1〜3              | 1～3
			1～3              | 1～3
			1~3               | 1～3
			1−2−3             | 1-2-3
			1－2－3           | 1-2-3
			1‐2‐3             | 1-2-3
			ｻﾔﾏ市             | サヤマ市
			コーポ             | コーポ
			""")
	void stripsSelectorsAndSpacesAndFoldsWidthsAndDashes(String input, String expected) {
		assertThat(KanjiText.fold(input)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "髙橋　﨑子", "渡邊 1〜3 −", "齋藤\uFE00", "ｶﾞ ゙", "埼玉県狭山市" })
	void foldIsIdempotent(String input) {
		String once = KanjiText.fold(input);
		assertThat(KanjiText.fold(once)).isEqualTo(once);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "埼玉", "薗田", "高橋", "山崎" })
	void leavesStandardFormsAndDeliberatelyUnfoldedCharactersAlone(String input) {
		assertThat(KanjiText.fold(input)).isEqualTo(input);
	}

}
