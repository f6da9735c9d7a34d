package jp.tsunagu.sample;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict test-side parsing of the date notations of docs/sources.md, written apart from the generator's formatting. */
final class DateNotations {

    private static final LocalDate[] ERA_START = {
        LocalDate.of(1868, 1, 25), LocalDate.of(1912, 7, 30), LocalDate.of(1926, 12, 25), LocalDate.of(1989, 1, 8), LocalDate.of(2019, 5, 1)
    };
    private static final String ERA_NAMES = "明治大正昭和平成令和";
    private static final String ERA_LETTERS = "MTSHR";

    private DateNotations() {
    }

    /** The date, or null when {@code text} is not a valid date in {@code format}. */
    static LocalDate parse(String text, String format) {
        try {
            Matcher m;
            switch (format) {
                case "wareki" -> {
                    m = Pattern.compile("(明治|大正|昭和|平成|令和)(元|\\d{1,2})年(\\d{1,2})月(\\d{1,2})日").matcher(text);
                    if (!m.matches()) {
                        return null;
                    }
                    int era = ERA_NAMES.indexOf(m.group(1)) / 2;
                    int year = m.group(2).equals("元") ? 1 : Integer.parseInt(m.group(2));
                    return era(era, year, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                }
                case "era-letter" -> {
                    m = Pattern.compile("([MTSHR])(\\d{1,2})\\.(\\d{1,2})\\.(\\d{1,2})").matcher(text);
                    return m.matches() ? era(ERA_LETTERS.indexOf(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))) : null;
                }
                case "era-code7" -> {
                    m = Pattern.compile("([1-5])(\\d{2})(\\d{2})(\\d{2})").matcher(text);
                    return m.matches() ? era(Integer.parseInt(m.group(1)) - 1, Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))) : null;
                }
                case "yyyyMMdd" -> {
                    m = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})").matcher(text);
                    return m.matches() ? LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))) : null;
                }
                case "yyyy/M/d" -> {
                    m = Pattern.compile("(\\d{4})/(\\d{1,2})/(\\d{1,2})").matcher(text);
                    return m.matches() ? LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))) : null;
                }
                case "iso" -> {
                    return text.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(text) : null;
                }
                default -> throw new IllegalArgumentException("unknown format " + format);
            }
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate era(int era, int year, int month, int day) {
        if (year < 1) {
            return null;
        }
        LocalDate d = LocalDate.of(ERA_START[era].getYear() + year - 1, month, day);
        boolean inEra = !d.isBefore(ERA_START[era]) && (era == ERA_START.length - 1 || d.isBefore(ERA_START[era + 1]));
        return inEra ? d : null;
    }
}
