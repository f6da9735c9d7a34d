package jp.tsunagu.access;

import java.util.List;

/**
 * One page of a list.
 *
 * @param page zero-based
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < pages();
    }
}
