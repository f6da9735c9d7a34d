package jp.tsunagu.overview;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jp.tsunagu.resident.PersonDirectory;

/**
 * 課の一覧のページ位置 (where a page of the department API starts): the row after which the next page
 * starts ({@code backward} false) or before which the previous page ends, in the list's order — the
 * sort key ({@code null} where the row has none) and the person key. A page read from it stays the
 * same while imports add or end persons before it. {@code sort} is the order it was made in (a cursor
 * of another order is refused); {@code page} the number of the page it leads to, for display only.
 */
record DepartmentCursor(boolean backward, int page, String sort, String sortKey, String personKey) {

    static final String UNREADABLE = "ページの指定 (cursor) が読めません。最初のページから取得し直してください";

    String encode() {
        String text = String.join("\u0000", backward ? "b" : "f", Integer.toString(page), sort == null ? "" : sort,
                personKey, sortKey == null ? "n" : "v" + sortKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    PersonDirectory.Position position() {
        return new PersonDirectory.Position(backward, sortKey, personKey);
    }

    /**
     * The cursor a client passed back, or {@code null} for none.
     *
     * @throws DepartmentController.InvalidFilter when the text is no cursor this list wrote, or one of
     *     another order
     */
    static DepartmentCursor decode(String text, String sort) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8)
                    .split("\u0000", -1);
            if (parts.length != 5 || !parts[0].matches("[bf]") || parts[3].isEmpty() || parts[4].isEmpty()
                    || !parts[4].matches("(?s)[nv].*")) {
                throw new DepartmentController.InvalidFilter(UNREADABLE);
            }
            int page = Integer.parseInt(parts[1]);
            if (page < 1) {
                throw new DepartmentController.InvalidFilter(UNREADABLE);
            }
            if (!parts[2].equals(sort == null ? "" : sort)) {
                throw new DepartmentController.InvalidFilter("ページの指定 (cursor) は別の並び順のものです。最初のページから取得し直してください");
            }
            return new DepartmentCursor(parts[0].equals("b"), page, sort,
                    parts[4].startsWith("v") ? parts[4].substring(1) : null, parts[3]);
        } catch (IllegalArgumentException e) {
            throw new DepartmentController.InvalidFilter(UNREADABLE);
        }
    }
}
