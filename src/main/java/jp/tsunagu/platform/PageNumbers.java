package jp.tsunagu.platform;

import java.util.List;

/**
 * ページ番号 (a page of a list that pages by number): which page of {@code size} rows a list of
 * {@code total} rows shows — what such a list (the admin lists, the data quality lists, the import
 * history, the department list) works out before it reads its rows, and turns into the one paging type,
 * {@link PageSlice}, with {@link #slice}. A page asked for beyond the last is the last, before the first
 * the first: an address kept from before rows went away still shows a page.
 *
 * @param number the page's number from 1, within the list
 * @param size the most rows a page has
 * @param total how many rows the whole list has, counted exactly
 */
public record PageNumbers(int number, int size, long total) {

    public PageNumbers {
        if (size < 1 || total < 0 || number < 1 || number > pages(size, total)) {
            throw new IllegalArgumentException("page " + number + ", size " + size + ", total " + total);
        }
    }

    /** The page asked for as the 1-based number in the address, kept within the list. */
    public static PageNumbers of(int requested, int size, long total) {
        return new PageNumbers(Math.min(Math.max(1, requested), pages(size, total)), size, total);
    }

    /** How many pages the list has: at least one, the empty list's. */
    public int pages() {
        return pages(size, total);
    }

    /** How many rows come before this page. */
    public long offset() {
        return (long) (number - 1) * size;
    }

    /** This page with its rows, as the one paging type: the total exact, the cursors page numbers. */
    public <T> PageSlice<T> slice(List<T> items) {
        return new PageSlice<>(items, new PageSlice.Total(total, true, total), number, size,
                number < pages() ? Integer.toString(number + 1) : null,
                number > 1 ? Integer.toString(number - 1) : null);
    }

    private static int pages(int size, long total) {
        return (int) Math.max(1, (total + size - 1) / size);
    }
}
