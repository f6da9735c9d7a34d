package jp.tsunagu.sample;

import java.time.LocalDate;

/**
 * Dates as {@code yyyyMMdd} ints (compact, and an age is one subtraction) and the notations the
 * sources write them in. 和暦 is written here on purpose rather than taken from the {@code japanese}
 * module: the generator must not change when the importer's parser does.
 */
final class Dates {

    /** Day 1 of the sample city. Day D is this date plus D-1 days. */
    static final LocalDate BASE = LocalDate.of(2026, 4, 1);

    private static final int[] ERA_START = {18680125, 19120730, 19261225, 19890108, 20190501};
    private static final String[] ERA_NAME = {"明治", "大正", "昭和", "平成", "令和"};
    private static final char[] ERA_LETTER = {'M', 'T', 'S', 'H', 'R'};

    private Dates() {
    }

    static LocalDate dayDate(int day) {
        return BASE.plusDays(day - 1L);
    }

    static int ymd(LocalDate d) {
        return d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    static LocalDate date(int ymd) {
        return LocalDate.of(ymd / 10000, ymd / 100 % 100, ymd % 100);
    }

    static int plusDays(int ymd, long days) {
        return ymd(date(ymd).plusDays(days));
    }

    static int plusYears(int ymd, int years) {
        return ymd(date(ymd).plusYears(years));
    }

    /** Completed years on {@code on} (the legal day-before-birthday nuance is ignored here). */
    static int age(int birth, int on) {
        return (on - birth) / 10000;
    }

    /**
     * The school-year age: completed years on April 1 of the fiscal year containing {@code on}. A
     * child born on April 1 is a year ahead of one born on April 2, as in Japanese schools; benefits
     * "until the March 31 after the 18th birthday" end when this passes 17.
     */
    static int fiscalAge(int birth, int on) {
        return Math.max(0, (fiscalYear(on) * 10000 + 401 - birth) / 10000);
    }

    static int fiscalYear(int on) {
        return on % 10000 >= 401 ? on / 10000 : on / 10000 - 1;
    }

    /** The last day of the fiscal year in which {@code birth}'s fiscal age is {@code age}. */
    static int endOfFiscalAge(int birth, int age) {
        int fy = birth % 10000 <= 401 ? birth / 10000 + age : birth / 10000 + age + 1;
        return (fy + 1) * 10000 + 331;
    }

    private static int era(int ymd) {
        for (int i = ERA_START.length - 1; i >= 0; i--) {
            if (ymd >= ERA_START[i]) {
                return i;
            }
        }
        throw new IllegalArgumentException("明治より前の日付です: " + ymd);
    }

    private static int eraYear(int ymd, int era) {
        return ymd / 10000 - ERA_START[era] / 10000 + 1;
    }

    /** 令和6年4月1日; year 1 as 元年. */
    static String wareki(int ymd) {
        int e = era(ymd);
        int y = eraYear(ymd, e);
        return ERA_NAME[e] + (y == 1 ? "元" : Integer.toString(y)) + "年" + (ymd / 100 % 100) + "月" + (ymd % 100) + "日";
    }

    /** R06.04.01 */
    static String eraLetter(int ymd) {
        int e = era(ymd);
        return ERA_LETTER[e] + two(eraYear(ymd, e)) + "." + two(ymd / 100 % 100) + "." + two(ymd % 100);
    }

    /** 5060401: era digit then YYMMDD. */
    static String eraCode7(int ymd) {
        int e = era(ymd);
        return (e + 1) + two(eraYear(ymd, e)) + two(ymd / 100 % 100) + two(ymd % 100);
    }

    /** 20240401 */
    static String compact(int ymd) {
        return Integer.toString(ymd);
    }

    /** 2024/4/1 */
    static String slashed(int ymd) {
        return (ymd / 10000) + "/" + (ymd / 100 % 100) + "/" + (ymd % 100);
    }

    /** 2024-04-01 */
    static String iso(int ymd) {
        return (ymd / 10000) + "-" + two(ymd / 100 % 100) + "-" + two(ymd % 100);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
