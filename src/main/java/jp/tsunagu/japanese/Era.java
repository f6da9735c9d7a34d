package jp.tsunagu.japanese;

import java.time.LocalDate;
import java.util.Optional;

/**
 * 元号 (Japanese era) since the Meiji restoration, with the Gregorian day each began. The start
 * days match {@link java.time.chrono.JapaneseEra} from 大正 on; 明治 is taken to start on
 * 1868-01-25 (慶応4年1月1日), but Japan used the lunisolar calendar until 明治5年12月2日, so only
 * days from {@link #FIRST_GREGORIAN_DAY} on can be converted.
 */
enum Era {

	MEIJI("明治", 'M', 1, LocalDate.of(1868, 1, 25)),
	TAISHO("大正", 'T', 2, LocalDate.of(1912, 7, 30)),
	SHOWA("昭和", 'S', 3, LocalDate.of(1926, 12, 25)),
	HEISEI("平成", 'H', 4, LocalDate.of(1989, 1, 8)),
	REIWA("令和", 'R', 5, LocalDate.of(2019, 5, 1));

	/** 明治6年1月1日, the first day of the Gregorian calendar in Japan. */
	static final LocalDate FIRST_GREGORIAN_DAY = LocalDate.of(1873, 1, 1);

	final String kanji;

	final char letter;

	final int code;

	final LocalDate start;

	Era(String kanji, char letter, int code, LocalDate start) {
		this.kanji = kanji;
		this.letter = letter;
		this.code = code;
		this.start = start;
	}

	/** The era's first day after this one ended, or empty for the current era. */
	Optional<LocalDate> end() {
		int next = ordinal() + 1;
		return next < values().length ? Optional.of(values()[next].start) : Optional.empty();
	}

	boolean contains(LocalDate date) {
		return !date.isBefore(start) && end().map(date::isBefore).orElse(true);
	}

	static Optional<Era> of(LocalDate date) {
		Era[] eras = values();
		for (int i = eras.length - 1; i >= 0; i--) {
			if (!date.isBefore(eras[i].start)) {
				return Optional.of(eras[i]);
			}
		}
		return Optional.empty();
	}

	static Optional<Era> byKanji(String kanji) {
		for (Era era : values()) {
			if (era.kanji.equals(kanji)) {
				return Optional.of(era);
			}
		}
		return Optional.empty();
	}

	static Optional<Era> byLetter(char letter) {
		char upper = Character.toUpperCase(letter);
		for (Era era : values()) {
			if (era.letter == upper) {
				return Optional.of(era);
			}
		}
		return Optional.empty();
	}

	static Optional<Era> byCode(int code) {
		for (Era era : values()) {
			if (era.code == code) {
				return Optional.of(era);
			}
		}
		return Optional.empty();
	}

}
