package jp.tsunagu.overview;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import jp.tsunagu.japanese.InvalidValueException;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;

/**
 * 基準日 (as-of date): the day a past view of the overview shows, "as the hub knew it at the end of
 * that day" in Japan time. Read from what a clerk types — 2025-04-01, 2025/4/1, 令和7年4月1日,
 * R7.4.1, 5070401 — and refused with a Japanese message when it is not a date or lies in the future.
 */
public record AsOf(LocalDate date) {

    /** The longest text read as a date (令和10年12月31日 is 11 characters). */
    static final int MAX_LENGTH = 32;

    public AsOf {
        Objects.requireNonNull(date, "date");
    }

    /**
     * Reads a typed date.
     *
     * @param text what was typed (any notation {@link JapaneseDates#parseAny(String)} reads)
     * @param today today in Japan, the last day that may be asked for
     * @throws IllegalArgumentException with a message for the clerk
     */
    public static AsOf parse(String text, LocalDate today) {
        // no notation of a date is longer: a longer text is neither read nor quoted back
        if (text != null && text.strip().length() > MAX_LENGTH) {
            throw new IllegalArgumentException("表示する日付は" + MAX_LENGTH + "文字までです（例: 2025-04-01、令和7年4月1日、R7.4.1）");
        }
        LocalDate date;
        try {
            date = JapaneseDates.parseAny(text);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException("表示する日付を読めません: " + (text == null ? "" : text.strip())
                    + "（例: 2025-04-01、令和7年4月1日、R7.4.1）", e);
        }
        if (date.isAfter(today)) {
            throw new IllegalArgumentException("未来の日付は指定できません: " + JapaneseDates.warekiWithYear(date));
        }
        return new AsOf(date);
    }

    /** The first instant after the day, in Japan time: runs that became current before it count. */
    public Instant end() {
        return date.plusDays(1).atStartOfDay(TokyoTime.ZONE).toInstant();
    }

    /** The day as the header says it: {@code 2025年4月1日（令和7年）}. */
    public String label() {
        String wareki = JapaneseDates.wareki(date);
        String eraYear = wareki.substring(0, wareki.indexOf('年') + 1);
        return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日（" + eraYear + "）";
    }

    @Override
    public String toString() {
        return date.toString();
    }
}
