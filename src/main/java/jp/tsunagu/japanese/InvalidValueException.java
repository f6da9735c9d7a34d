package jp.tsunagu.japanese;

/**
 * 不正な値 (invalid value): thrown for a value read from a source that cannot be understood.
 * {@link #getMessage()} is a short Japanese sentence that a clerk can read and act on, ending
 * with the offending text, e.g. {@code 存在しない日付です: 令和元年2月30日}. The sentence without the
 * text ({@link #reason()}) and the text itself ({@link #value()}) are also kept apart: the text can be
 * personal data (a name in a date column), which a report may show only to some readers.
 */
public class InvalidValueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	private final String value;

	/**
	 * @param message a short Japanese sentence for the clerk that names no value
	 */
	public InvalidValueException(String message) {
		super(message);
		this.reason = message;
		this.value = null;
	}

	/**
	 * @param reason a short Japanese sentence for the clerk, without the value
	 * @param value the offending text as it was read
	 */
	public InvalidValueException(String reason, String value) {
		super(reason + ": " + value);
		this.reason = reason;
		this.value = value;
	}

	/** What is wrong, without the offending text. */
	public String reason() {
		return reason;
	}

	/** The offending text as it was read, or {@code null} when the message names none. */
	public String value() {
		return value;
	}

}
