package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.tsunagu.japanese.PersonKeys.Normalisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonKeysTests {

	@ParameterizedTest(name = "{0} and {1} meet under {2}")
	@CsvSource({ "0000100002, 100002, ZERO_PAD", "0000100002, 100002, STRIP", "１００００２, 0000100002, ZERO_PAD",
			"' 100002 ', 100002, STRIP", "　０１００００２　, 100002, STRIP" })
	void paddedAndUnpaddedKeysNormaliseEqual(String one, String other, Normalisation mode) {
		assertThat(PersonKeys.normalise(one, mode, 10)).isEqualTo(PersonKeys.normalise(other, mode, 10));
	}

	@ParameterizedTest(name = "{0} under {1} is {2}")
	@CsvSource({ "100002, ZERO_PAD, 0000100002", "0000100002, ZERO_PAD, 0000100002", "00000000100002, ZERO_PAD, 0000100002",
			"0, ZERO_PAD, 0000000000", "0000100002, STRIP, 100002", "100002, STRIP, 100002", "0, STRIP, 0",
			"0000, STRIP, 0", "1234567890, ZERO_PAD, 1234567890", "ＡＢ－１２, NONE, AB-12", "' 0012 ', NONE, 0012" })
	void normalises(String raw, Normalisation mode, String expected) {
		assertThat(PersonKeys.normalise(raw, mode, 10)).isEqualTo(expected);
	}

	@Test
	void refusesANumericKeyLongerThanTheWidth() {
		assertThatThrownBy(() -> PersonKeys.normalise("12345678901", Normalisation.ZERO_PAD, 10))
			.isInstanceOf(InvalidValueException.class)
			.hasMessage("宛名番号の桁数が多すぎます（10桁まで）: 12345678901");
	}

	@ParameterizedTest
	@EnumSource(Normalisation.class)
	void refusesAnEmptyKeyInEveryMode(Normalisation mode) {
		assertThatThrownBy(() -> PersonKeys.normalise("　 ", mode, 10)).isInstanceOf(InvalidValueException.class)
			.hasMessage("宛名番号が空です");
	}

	@ParameterizedTest
	@NullAndEmptySource
	void refusesAMissingKey(String raw) {
		assertThatThrownBy(() -> PersonKeys.normalise(raw, Normalisation.STRIP, 10))
			.isInstanceOf(InvalidValueException.class)
			.hasMessage("宛名番号が空です");
	}

	@ParameterizedTest(name = "{0} under {1}")
	@CsvSource({ "A100002, ZERO_PAD", "10-0002, STRIP", "1000 02, ZERO_PAD", "-1, STRIP" })
	void refusesNonNumericKeysWhenTheModeIsNumeric(String raw, Normalisation mode) {
		assertThatThrownBy(() -> PersonKeys.normalise(raw, mode, 10)).isInstanceOf(InvalidValueException.class)
			.hasMessage("宛名番号に数字以外の文字があります: " + raw);
	}

	@Test
	void refusesAZeroWidthForPadding() {
		assertThatIllegalArgumentException().isThrownBy(() -> PersonKeys.normalise("1", Normalisation.ZERO_PAD, 0));
	}

	@ParameterizedTest
	@CsvSource({ "zero-pad, ZERO_PAD", "strip, STRIP", "none, NONE", "' strip ', STRIP" })
	void readsTheYamlNames(String name, Normalisation expected) {
		assertThat(Normalisation.fromName(name)).isEqualTo(expected);
	}

	@Test
	void refusesAnUnknownYamlNameListingTheAllowedOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Normalisation.fromName("pad"))
			.withMessage("宛名番号の正規化方法が不明です: pad（使える名前: zero-pad, strip, none）");
	}

	/** Worked by hand from the rule: weights 2..7 from the rightmost body digit, check = 11 - sum % 11, 0 for r ≤ 1. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "100005", "0000100005", "1234567892", "123455", "0000123455",
			"140" /* 4×2 + 1×3 = 11, r = 0 */, "230" /* 3×2 + 2×3 = 12, r = 1 */,
			"10000009" /* the seventh body digit is weighted 2 again */, "00" })
	void acceptsKeysWithTheirCheckDigit(String key) {
		assertThat(PersonKeys.checkDigitValid(key)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "100006", "1234567890", "1234567891", "141", "231", "10000002", "0000100002" })
	void rejectsKeysWithAWrongCheckDigit(String key) {
		assertThat(PersonKeys.checkDigitValid(key)).isFalse();
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "", "5", "12a4", "１００００５", " 100005" })
	void rejectsWhatIsNotANormalisedNumber(String key) {
		assertThat(PersonKeys.checkDigitValid(key)).isFalse();
	}

	@Test
	void paddedAndStrippedFormsOfAKeyGetTheSameCheckDigitAnswer() {
		String padded = PersonKeys.normalise("100005", Normalisation.ZERO_PAD, 10);
		String stripped = PersonKeys.normalise("0000100005", Normalisation.STRIP, 10);
		assertThat(padded).isEqualTo("0000100005");
		assertThat(PersonKeys.checkDigitValid(padded)).isTrue();
		assertThat(PersonKeys.checkDigitValid(stripped)).isTrue();
	}

}
