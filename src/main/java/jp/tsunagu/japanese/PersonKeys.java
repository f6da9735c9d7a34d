package jp.tsunagu.japanese;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * 宛名番号 (person key): the number that identifies a person across the city's systems. Some
 * systems zero-pad it to a fixed width (0000100002), others do not (100002); normalising both
 * the same way lets their rows meet.
 */
public final class PersonKeys {

	/** How a source's keys are brought to one form; named in the source definition YAML. */
	public enum Normalisation {

		/** Pad numeric keys with leading zeros to a fixed number of digits ({@code zero-pad}). */
		ZERO_PAD("zero-pad"),

		/** Remove leading zeros from numeric keys; {@code 0} stays {@code 0} ({@code strip}). */
		STRIP("strip"),

		/** Keep the key as it is after trimming and NFKC, letters allowed ({@code none}). */
		NONE("none");

		private final String configName;

		Normalisation(String configName) {
			this.configName = configName;
		}

		/**
		 * The normalisation with the given YAML name: {@code zero-pad}, {@code strip} or {@code none}.
		 * @throws IllegalArgumentException with a Japanese message listing the allowed names
		 */
		public static Normalisation fromName(String yamlName) {
			String wanted = yamlName == null ? "" : yamlName.strip();
			for (Normalisation mode : values()) {
				if (mode.configName.equals(wanted)) {
					return mode;
				}
			}
			throw new IllegalArgumentException("宛名番号の正規化方法が不明です: " + yamlName + "（使える名前: "
					+ Arrays.stream(values()).map(m -> m.configName).collect(Collectors.joining(", ")) + "）");
		}

		/** The name used in the source definition YAML. */
		public String configName() {
			return configName;
		}

	}

	private PersonKeys() {
	}

	/**
	 * The key in its normalised form. The text is trimmed and NFKC-normalised first, so
	 * full-width digits (０１２) are read as digits.
	 *
	 * <ul>
	 * <li>{@link Normalisation#ZERO_PAD}: leading zeros are removed, then the key is padded to
	 * {@code digits}; a key that still has more than {@code digits} digits is an error.</li>
	 * <li>{@link Normalisation#STRIP}: leading zeros are removed ({@code 000} becomes {@code 0});
	 * {@code digits} is not used.</li>
	 * <li>{@link Normalisation#NONE}: the trimmed, NFKC-normalised text; {@code digits} is not used.</li>
	 * </ul>
	 *
	 * @throws InvalidValueException if the key is empty ({@code 宛名番号が空です}), or, with
	 *     ZERO_PAD and STRIP, is not all digits or (ZERO_PAD) is too long
	 * @throws IllegalArgumentException if {@code digits} is less than 1 with ZERO_PAD
	 */
	public static String normalise(String raw, Normalisation mode, int digits) {
		Objects.requireNonNull(mode, "mode");
		String key = raw == null ? "" : Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC).strip();
		if (key.isEmpty()) {
			throw new InvalidValueException("宛名番号が空です");
		}
		if (mode == Normalisation.NONE) {
			return key;
		}
		if (!isAsciiDigits(key)) {
			throw new InvalidValueException("宛名番号に数字以外の文字があります", raw.strip());
		}
		String significant = stripLeadingZeros(key);
		if (mode == Normalisation.STRIP) {
			return significant;
		}
		if (digits < 1) {
			throw new IllegalArgumentException("桁数は1以上で指定してください: " + digits);
		}
		if (significant.length() > digits) {
			throw new InvalidValueException("宛名番号の桁数が多すぎます（" + digits + "桁まで）", raw.strip());
		}
		return "0".repeat(digits - significant.length()) + significant;
	}

	/**
	 * Whether the last digit is the modulus-11 check digit of the others, as in the standard
	 * 住民記録 specification.
	 *
	 * <p>Rule: take the body (every digit but the last) and weight its digits 2, 3, 4, 5, 6, 7,
	 * 2, 3, … starting from the rightmost body digit. With {@code r = sum % 11}, the check digit is
	 * {@code 0} when {@code r} is 0 or 1, otherwise {@code 11 - r}. Example: for body 10000 the sum
	 * is 1×6 = 6, so the check digit is 5 and {@code 100005} is valid.
	 *
	 * <p>Leading zeros do not change the sum, so a padded and a stripped key give the same answer.
	 * Only numbers issued after the standard took effect carry a check digit: treat
	 * {@code false} as a warning, not a rejection.
	 *
	 * @param digits a key of ASCII digits, check digit last (normalise it first)
	 * @return {@code false} also for a key of fewer than two digits or with other characters
	 */
	public static boolean checkDigitValid(String digits) {
		if (digits == null || digits.length() < 2 || !isAsciiDigits(digits)) {
			return false;
		}
		int last = digits.length() - 1;
		int sum = 0;
		for (int i = last - 1, weight = 2; i >= 0; i--, weight = weight == 7 ? 2 : weight + 1) {
			sum += (digits.charAt(i) - '0') * weight;
		}
		int remainder = sum % 11;
		int check = remainder <= 1 ? 0 : 11 - remainder;
		return digits.charAt(last) - '0' == check;
	}

	private static boolean isAsciiDigits(String s) {
		return s.chars().allMatch(c -> c >= '0' && c <= '9');
	}

	private static String stripLeadingZeros(String digits) {
		int i = 0;
		while (i < digits.length() - 1 && digits.charAt(i) == '0') {
			i++;
		}
		return digits.substring(i);
	}

}
