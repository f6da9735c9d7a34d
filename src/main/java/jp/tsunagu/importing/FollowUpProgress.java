package jp.tsunagu.importing;

import java.util.Map;

/**
 * Work another module does after a source's import is applied, with its progress, shown on the import
 * screen beside the source (取込後の処理の進み具合): the person index's first build of a master source, which
 * takes minutes at a large city's size. Importing cannot ask the modules that react to its events, so
 * they offer this; importing only shows it.
 */
public interface FollowUpProgress {

    /** The work under way, by source id (sources without any are absent). */
    Map<String, Step> underWay();

    /**
     * One piece of work under way.
     *
     * @param label what is being done, in Japanese (宛名索引の作成)
     * @param percent the share done, 0–99
     * @param done units done (persons)
     * @param total units in all
     * @param ratePerSecond units a second, 0 when not known
     * @param remainingSeconds an estimate of the seconds left, {@code null} before there is one
     */
    record Step(String label, int percent, long done, long total, double ratePerSecond, Long remainingSeconds) {

        /** The estimate in minutes, rounded up; {@code null} before there is one. */
        public Long remainingMinutes() {
            return remainingSeconds == null ? null : (remainingSeconds + 59) / 60;
        }
    }
}
