package jp.tsunagu.resident;

import java.util.List;

/**
 * One page of a data quality list (データ品質の一覧の1ページ).
 *
 * @param page zero-based, kept within the list
 * @param total items in the whole list
 */
public record DataQualityPage<T>(List<T> items, int page, int size, long total) {

    /** The zero-based page for the 1-based number in the address, kept within a list of {@code total}. */
    static int clamp(int requested, int size, long total) {
        int pages = pages(size, total);
        return Math.min(Math.max(0, requested - 1), pages - 1);
    }

    private static int pages(int size, long total) {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public int pages() {
        return pages(size, total);
    }

    public int offset() {
        return page * size;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < pages();
    }
}
