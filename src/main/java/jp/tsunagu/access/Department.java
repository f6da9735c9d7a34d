package jp.tsunagu.access;

/**
 * A department (所属・課), with the extension (内線) staff of other departments call.
 *
 * @param extension the telephone extension, or {@code null}
 */
public record Department(String id, String name, String extension) {
}
