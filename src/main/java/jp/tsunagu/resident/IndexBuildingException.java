package jp.tsunagu.resident;

/**
 * A search asked while the first index of a master source is being built (索引作成中): the index does not
 * hold every person yet, so no result is given rather than a partial one that would look complete.
 */
public class IndexBuildingException extends RuntimeException {

    private final int percent;

    public IndexBuildingException(int percent) {
        super("索引を作成中です（" + percent + "%）。作成が終わるまで検索結果は表示できません。しばらくしてからもう一度検索してください。");
        this.percent = percent;
    }

    /** The share of the first index done, 0–99. */
    public int percent() {
        return percent;
    }
}
