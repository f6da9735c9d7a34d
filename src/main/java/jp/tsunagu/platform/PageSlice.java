package jp.tsunagu.platform;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * 一覧の1ページ (one page of a list that can grow): the items, how many there are in all — exactly,
 * or only "more than {@link Total#bound()}" when counting further would read too much — and where the
 * next and previous pages are. Every list that pages answers with this type, on the screen and in JSON:
 * the search with keyset cursors, the lists that page by number (department list, admin and data quality
 * lists, import history) through {@link PageNumbers}, whose cursors are page numbers.
 *
 * <p>{@code next} and {@code previous} are opaque cursors: the list's own encoding of the row after
 * which (or before which) the neighbouring page starts, so that a page stays the same while imports
 * add or end rows elsewhere in the list (an offset would shift every later page by the rows added
 * before it). {@code null} when there is no such page. {@code number} is the page's position counted
 * from 1, for display: it is carried by the cursors, not used to find the rows.
 *
 * @param items the rows of this page, in the order to show them
 * @param total how many rows the whole list has
 * @param number the page's number from 1
 * @param size the most rows a page has
 * @param next the cursor of the next page, or {@code null} on the last
 * @param previous the cursor of the previous page, or {@code null} on the first
 */
public record PageSlice<T>(List<T> items, Total total, int number, int size, String next, String previous) {

    public PageSlice {
        items = List.copyOf(items);
        Objects.requireNonNull(total, "total");
        if (number < 1 || size < 1) {
            throw new IllegalArgumentException("page " + number + ", size " + size);
        }
    }

    /** Whether there are more rows than this page shows: the list should say how to narrow it. */
    public boolean more() {
        return next != null || previous != null;
    }

    /** Whether a page follows this one. */
    public boolean hasNext() {
        return next != null;
    }

    /** Whether a page comes before this one. */
    public boolean hasPrevious() {
        return previous != null;
    }

    /** How many pages the total makes, at least one; with a total that is not exact, at least that many. */
    public int pages() {
        return (int) Math.max(1, (total.count() + size - 1) / size);
    }

    /**
     * 件数 (a total): {@code count} rows exactly, or — when {@code exact} is false — at least
     * {@code count}, counted up to {@code bound} + 1 and then stopped.
     *
     * @param count the rows counted: exact, or {@code bound} when there are more
     * @param exact whether {@code count} is the whole list
     * @param bound the most a count reads before it says "more than"
     */
    public record Total(long count, boolean exact, long bound) {

        /**
         * The total from a count that read at most {@code bound + 1} rows: {@code bound + 1} means
         * "more than {@code bound}".
         */
        public static Total counted(long rows, long bound) {
            return rows > bound ? new Total(bound, false, bound) : new Total(rows, true, bound);
        }

        /** 「2,678人」 or 「1,000人以上」 with the counter word given (人, 件). */
        public String display(String counter) {
            return NumberFormat.getIntegerInstance(Locale.JAPAN).format(count) + counter + (exact ? "" : "以上");
        }
    }
}
