package jp.tsunagu.procedures;

/**
 * What a clerk asks of the worklist (手続きの一覧の条件).
 *
 * @param when {@code all}, {@code today} (due today), {@code overdue}, {@code week} (due within 7 days)
 * @param kind an event kind's id, or {@code null}
 * @param town the start of the 町丁目, or {@code null}
 * @param sort {@code due}, {@code event} (newest event first) or {@code kind}
 * @param page the page number, from 1
 */
public record WorklistQuery(String when, String kind, String town, String sort, int page) {

    public WorklistQuery {
        when = when == null || when.isBlank() ? "all" : when;
        sort = sort == null || sort.isBlank() ? "due" : sort;
        kind = kind == null || kind.isBlank() ? null : kind;
        town = town == null || town.isBlank() ? null : town.strip();
    }
}
