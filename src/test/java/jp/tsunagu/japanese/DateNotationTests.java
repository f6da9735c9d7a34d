package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DateNotationTests {

	@ParameterizedTest
	@CsvSource({ "wareki, WAREKI", "era-letter, ERA_LETTER", "era-code7, ERA_CODE7", "yyyyMMdd, YYYYMMDD",
			"yyyy/M/d, SLASHED", "iso, ISO" })
	void readsEachYamlName(String name, DateNotation expected) {
		assertThat(DateNotation.fromName(name)).isEqualTo(expected);
	}

	@ParameterizedTest
	@EnumSource(DateNotation.class)
	void configNameReadsBackAsTheSameNotation(DateNotation notation) {
		assertThat(DateNotation.fromName(notation.configName())).isEqualTo(notation);
	}

	@Test
	void unknownNameIsRefusedWithTheAllowedNamesInJapanese() {
		assertThatIllegalArgumentException().isThrownBy(() -> DateNotation.fromName("japanese"))
			.withMessageContaining("日付の形式名が不明です: japanese")
			.withMessageContaining("wareki, era-letter, era-code7, yyyyMMdd, yyyy/M/d, iso");
	}

	@Test
	void namesAreCaseSensitiveBecauseTheyArePatterns() {
		assertThatIllegalArgumentException().isThrownBy(() -> DateNotation.fromName("yyyymmdd"));
	}

	@Test
	void missingNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> DateNotation.fromName(null))
			.withMessageContaining("日付の形式名が不明です");
	}

}
