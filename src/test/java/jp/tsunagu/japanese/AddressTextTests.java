package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;

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
}
