package jp.tsunagu.resident;

/**
 * A search that is not run (検索の拒否): it is over the search's budget — too many terms or characters
 * ({@link SearchQuery#MAX_TERMS}, {@link SearchQuery#MAX_CHARACTERS}), a filter out of range, or a
 * statement with more bind parameters than {@link SearchBudget#MAX_BIND_PARAMETERS}. Nothing was read;
 * the message tells the clerk what to change.
 */
public class SearchRefusedException extends RuntimeException {

    public SearchRefusedException(String message) {
        super(message);
    }
}
