package jp.tsunagu.resident;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * 検索結果のページ位置 (where a page of search results starts): the row after which the next page
 * starts ({@code backward} false), or before which the previous page ends ({@code backward} true), in
 * the search's order — the tier that found the row, the tier's sort key, the person key. A page found
 * from it stays the same while imports add or end persons elsewhere in the results. {@code page} is
 * the number of the page it leads to, for display only.
 */
record SearchCursor(boolean backward, int page, int tier, String sortKey, String personKey) {

    static final String UNREADABLE = "ページの指定が読めません。最初のページから検索し直してください";

    /** The URL-safe text of the cursor. */
    String encode() {
        String text = String.join("\u0000", backward ? "b" : "f", Integer.toString(page), Integer.toString(tier),
                personKey, sortKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor a page link carried, or {@code null} for the first page.
     *
     * @throws SearchRefusedException when the text is no cursor this search wrote
     */
    static SearchCursor decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8)
                    .split("\u0000", -1);
            if (parts.length != 5 || !parts[0].matches("[bf]") || parts[3].isEmpty()) {
                throw new SearchRefusedException(UNREADABLE);
            }
            int page = Integer.parseInt(parts[1]);
            int tier = Integer.parseInt(parts[2]);
            if (page < 1 || tier < 0 || tier > 99) {
                throw new SearchRefusedException(UNREADABLE);
            }
            return new SearchCursor(parts[0].equals("b"), page, tier, parts[4], parts[3]);
        } catch (IllegalArgumentException e) {
            throw new SearchRefusedException(UNREADABLE);
        }
    }

    /** The search's order of rows: tier, then sort key and person key in code-point order (COLLATE "C"). */
    static int compare(int tierA, String sortA, String keyA, int tierB, String sortB, String keyB) {
        if (tierA != tierB) {
            return Integer.compare(tierA, tierB);
        }
        int bySort = codePoints(sortA, sortB);
        return bySort != 0 ? bySort : codePoints(keyA, keyB);
    }

    private static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
