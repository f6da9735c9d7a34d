package jp.tsunagu.administration;

/**
 * Which page of a list is shown.
 *
 * @param page zero-based
 */
record Paging(int page, int size, long total) {

    static final int DEPARTMENTS_PER_PAGE = 30;

    /** The page asked for as the 1-based number in the address, kept within the list. */
    static Paging of(int requested, int size, long total) {
        int pages = (int) Math.max(1, (total + size - 1) / size);
        return new Paging(Math.min(Math.max(0, requested - 1), pages - 1), size, total);
    }

    public int offset() {
        return page * size;
    }

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
