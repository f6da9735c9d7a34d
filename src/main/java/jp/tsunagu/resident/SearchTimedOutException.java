package jp.tsunagu.resident;

/**
 * A search the database stopped at the search pool's statement timeout
 * ({@code tsunagu.search.statement-timeout}): no result was returned. The message tells the clerk to
 * narrow the search.
 */
public class SearchTimedOutException extends RuntimeException {

    static final String MESSAGE = "検索に時間がかかりすぎたため中止しました。語を加えるか絞り込みを使って、検索を狭めてください。";

    public SearchTimedOutException(Throwable cause) {
        super(MESSAGE, cause);
    }
}
