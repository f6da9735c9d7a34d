package jp.tsunagu.japanese;

/**
 * 不正な値 (invalid value): thrown for a value read from a source that cannot be understood.
 * {@link #getMessage()} is a short Japanese sentence that a clerk can read and act on, ending
 * with the offending text, e.g. {@code 存在しない日付です: 令和元年2月30日}.
 */
public class InvalidValueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message a short Japanese sentence for the clerk, naming the value
	 */
	public InvalidValueException(String message) {
		super(message);
	}

}
