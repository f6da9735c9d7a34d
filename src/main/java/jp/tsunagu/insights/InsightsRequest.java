package jp.tsunagu.insights;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Reads a request's month and filters (画面・API・出力で共通の条件), refusing bad ones with a Japanese message. */
final class InsightsRequest {

    private InsightsRequest() {
    }

    static Filter filter(String month, Integer age, String sex, String town, String household) {
        return new Filter(month(month), age, sex, town, household);
    }

    static LocalDate month(String month) {
        if (month == null || month.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(month.strip()).atDay(1);
        } catch (DateTimeParseException e) {
            throw new InsightsInputException("月 (month) は 2026-11 の形で指定してください: " + month);
        }
    }

    /** The filters in words, for a file's title: 「（2026年11月末、町丁目: 入間川一丁目）」. */
    static String describe(Filter f) {
        StringBuilder s = new StringBuilder("（");
        s.append(f.month().getYear()).append("年").append(f.month().getMonthValue()).append("月");
        if (f.ageBand() != null) {
            s.append("、年齢: ").append(Dimension.ageBandLabel(f.ageBand()));
        }
        if (f.sex() != null) {
            s.append("、性別: ").append(Dashboard.label(Dimension.SEX, f.sex()));
        }
        if (f.town() != null) {
            s.append("、町丁目: ").append(f.town());
        }
        if (f.householdType() != null) {
            s.append("、世帯: ").append(Dashboard.label(Dimension.HOUSEHOLD, f.householdType()));
        }
        return s.append("）").toString();
    }
}
