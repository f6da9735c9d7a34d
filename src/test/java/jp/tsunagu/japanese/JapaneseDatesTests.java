package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JapaneseDatesTests {

	@Nested
	class Reading {

		@ParameterizedTest(name = "{0} in {1} is {2}")
		@CsvSource(delimiter = '|', textBlock = """
				令和元年5月1日    | WAREKI     | 2019-05-01
				令和1年5月1日     | WAREKI     | 2019-05-01
				平成31年4月30日   | WAREKI     | 2019-04-30
				昭和64年1月7日    | WAREKI     | 1989-01-07
				平成元年1月8日    | WAREKI     | 1989-01-08
				大正15年12月24日  | WAREKI     | 1926-12-24
				昭和元年12月25日  | WAREKI     | 1926-12-25
				明治45年7月29日   | WAREKI     | 1912-07-29
				大正元年7月30日   | WAREKI     | 1912-07-30
				明治6年1月1日     | WAREKI     | 1873-01-01
				令和06年04月01日  | WAREKI     | 2024-04-01
				令和 6年 4月 1日  | WAREKI     | 2024-04-01
				R01.05.01         | ERA_LETTER | 2019-05-01
				R06.04.01         | ERA_LETTER | 2024-04-01
				H31.4.30          | ERA_LETTER | 2019-04-30
				S45.3.2           | ERA_LETTER | 1970-03-02
				R6/4/1            | ERA_LETTER | 2024-04-01
				h31-4-30          | ERA_LETTER | 2019-04-30
				T15.12.24         | ERA_LETTER | 1926-12-24
				M45.7.29          | ERA_LETTER | 1912-07-29
				3640107           | ERA_CODE7  | 1989-01-07
				5010501           | ERA_CODE7  | 2019-05-01
				4310430           | ERA_CODE7  | 2019-04-30
				1450729           | ERA_CODE7  | 1912-07-29
				2151224           | ERA_CODE7  | 1926-12-24
				20190501          | YYYYMMDD   | 2019-05-01
				2019/5/1          | SLASHED    | 2019-05-01
				2019/05/01        | SLASHED    | 2019-05-01
				2019-05-01        | ISO        | 2019-05-01
				""")
		void readsEachNotation(String text, DateNotation notation, LocalDate expected) {
			assertThat(JapaneseDates.parse(text, Set.of(notation))).isEqualTo(expected);
		}

		@ParameterizedTest(name = "{0}")
		@CsvSource(delimiter = '|', textBlock = """
				令和６年４月１日     | 2024-04-01
				Ｒ０６．０４．０１   | 2024-04-01
				Ｒ６／４／１         | 2024-04-01
				３６４０１０７       | 1989-01-07
				２０１９０５０１     | 2019-05-01
				２０１９／５／１     | 2019-05-01
				２０１９－０５－０１ | 2019-05-01
				2019−05−01           | 2019-05-01
				㍻31年4月30日        | 2019-04-30
				㋿元年5月1日         | 2019-05-01
				'  2019-05-01　'     | 2019-05-01
				""")
		void foldsFullWidthInputFirst(String text, LocalDate expected) {
			assertThat(JapaneseDates.parseAny(text)).isEqualTo(expected);
		}

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { "昭和45年3月2日", "S45.3.2", "3450302", "1970-03-02", "1970/3/2", "19700302" })
		void searchReadsEveryNotation(String text) {
			assertThat(JapaneseDates.parseAny(text)).isEqualTo(LocalDate.of(1970, 3, 2));
		}

		@Test
		void agreesWithJavaTimeAcrossEveryEraBoundary() {
			Stream.of("1912-07-29", "1912-07-30", "1926-12-24", "1926-12-25", "1989-01-07", "1989-01-08",
					"2019-04-30", "2019-05-01", "1873-01-01", "2024-02-29")
				.map(LocalDate::parse)
				.forEach(day -> {
					JapaneseDate japanese = JapaneseDate.from(day);
					String expected = japanese.getEra().getDisplayName(TextStyle.FULL, Locale.JAPAN)
							+ japanese.get(ChronoField.YEAR_OF_ERA) + "年" + day.getMonthValue() + "月"
							+ day.getDayOfMonth() + "日";
					assertThat(JapaneseDates.parse(expected, Set.of(DateNotation.WAREKI))).as(expected).isEqualTo(day);
				});
		}

	}

	@Nested
	class Refusing {

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { "令和元年2月30日", "平成31年5月1日", "昭和64年1月8日", "平成32年1月1日", "令和元年4月30日",
				"大正15年12月25日", "明治45年7月30日", "令和0年5月1日", "R01.04.30", "H32.1.1", "S64.1.8", "3640108",
				"5010430", "4320101", "20190230", "2019/2/29", "2019-13-01", "2019-02-29" })
		void refusesDaysThatNeverExisted(String text) {
			assertThatThrownBy(() -> JapaneseDates.parseAny(text)).isInstanceOf(InvalidValueException.class)
				.hasMessage("存在しない日付です: " + text);
		}

		@Test
		void refusesUnknownEraCode() {
			assertThatThrownBy(() -> JapaneseDates.parse("6010501", Set.of(DateNotation.ERA_CODE7)))
				.isInstanceOf(InvalidValueException.class)
				.hasMessageStartingWith("元号の番号が不明です")
				.hasMessageEndingWith(": 6010501");
		}

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { "明治5年12月2日", "明治元年9月8日", "M05.12.02", "1051202" })
		void refusesMeijiDaysBeforeTheGregorianCalendar(String text) {
			assertThatThrownBy(() -> JapaneseDates.parseAny(text)).isInstanceOf(InvalidValueException.class)
				.hasMessage("明治6年1月1日より前の日付は旧暦のため扱えません: " + text);
		}

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { "2019.5.1", "R1年5月1日", "令和元年5月", "190501", "2019-5-1", "2019/05/01/01", "abc",
				"令和元年5月1日まで", "R01.05-01" })
		void refusesTextInNoNotation(String text) {
			assertThatThrownBy(() -> JapaneseDates.parseAny(text)).isInstanceOf(InvalidValueException.class)
				.hasMessage("日付として読めません: " + text);
		}

		@ParameterizedTest
		@NullAndEmptySource
		@ValueSource(strings = { "   ", "　" })
		void refusesEmptyText(String text) {
			assertThatThrownBy(() -> JapaneseDates.parseAny(text)).isInstanceOf(InvalidValueException.class)
				.hasMessage("日付が空です");
		}

		@Test
		void refusesANotationTheSourceDoesNotUseAndNamesTheAllowedOnes() {
			assertThatThrownBy(() -> JapaneseDates.parse("2019-05-01", EnumSet.of(DateNotation.WAREKI, DateNotation.ERA_CODE7)))
				.isInstanceOf(InvalidValueException.class)
				.hasMessage("この項目では使えない日付の形式です（使える形式: 和暦 (令和8年4月1日)、元号コード7桁 (5080401)）: 2019-05-01");
		}

		@Test
		void readsSevenDigitsOnlyAsEraCodeAndEightOnlyAsWesternDate() {
			assertThatThrownBy(() -> JapaneseDates.parse("3640107", Set.of(DateNotation.YYYYMMDD)))
				.isInstanceOf(InvalidValueException.class);
			assertThatThrownBy(() -> JapaneseDates.parse("20190501", Set.of(DateNotation.ERA_CODE7)))
				.isInstanceOf(InvalidValueException.class);
		}

		@Test
		void refusesAnEmptySetOfNotations() {
			assertThatIllegalArgumentException().isThrownBy(() -> JapaneseDates.parse("2019-05-01", Set.of()));
		}

	}

	@Nested
	class Showing {

		@ParameterizedTest(name = "{0} is {1}")
		@CsvSource({ "2024-04-01, 令和6年4月1日", "2019-05-01, 令和元年5月1日", "2019-04-30, 平成31年4月30日",
				"1989-01-08, 平成元年1月8日", "1989-01-07, 昭和64年1月7日", "1926-12-25, 昭和元年12月25日",
				"1926-12-24, 大正15年12月24日", "1912-07-30, 大正元年7月30日", "1912-07-29, 明治45年7月29日",
				"1873-01-01, 明治6年1月1日", "1970-03-02, 昭和45年3月2日" })
		void showsWareki(LocalDate date, String expected) {
			assertThat(JapaneseDates.wareki(date)).isEqualTo(expected);
		}

		@Test
		void showsTheWesternYearBeside() {
			assertThat(JapaneseDates.warekiWithYear(LocalDate.of(2024, 4, 1))).isEqualTo("令和6年4月1日 (2024)");
			assertThat(JapaneseDates.warekiWithYear(LocalDate.of(2019, 5, 1))).isEqualTo("令和元年5月1日 (2019)");
		}

		@Test
		void showsDaysOfTheLunisolarCalendarInTheWesternCalendar() {
			assertThat(JapaneseDates.wareki(LocalDate.of(1872, 12, 31))).isEqualTo("1872年12月31日");
		}

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { "2024-04-01", "2019-05-01", "2019-04-30", "1989-01-07", "1989-01-08", "1926-12-25",
				"1912-07-30", "1873-01-01", "2000-02-29" })
		void readsBackWhatItShows(LocalDate date) {
			assertThat(JapaneseDates.parse(JapaneseDates.wareki(date), Set.of(DateNotation.WAREKI))).isEqualTo(date);
		}

	}

	@Nested
	class Age {

		@ParameterizedTest(name = "born {0}, on {1}: {2}")
		@CsvSource({ "1959-04-01, 2024-03-31, 64", "1959-04-01, 2024-04-01, 65", "2000-01-01, 2000-01-01, 0",
				"2000-02-29, 2001-02-28, 0", "2000-02-29, 2001-03-01, 1", "2000-02-29, 2004-02-29, 4",
				"1989-01-07, 2019-05-01, 30" })
		void countsCompletedYears(LocalDate birth, LocalDate on, int expected) {
			assertThat(JapaneseDates.age(birth, on)).isEqualTo(expected);
		}

		@Test
		void refusesADayBeforeBirth() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> JapaneseDates.age(LocalDate.of(2000, 1, 2), LocalDate.of(2000, 1, 1)));
		}

	}

}
