package jp.tsunagu.insights;

/**
 * One figure as it may be shown (表示する値): the count, or 「10未満」 when it is suppressed — then the count is
 * not carried at all, so that no screen, file or JSON can leak it by mistake.
 */
record Shown(Long value, String display) {

    static Shown of(long value) {
        return new Shown(value, grouped(value));
    }

    /**
     * The count with thousands separators as Japanese screens write it (1,234,567): made by hand, since a
     * dashboard shows some thousand figures and a {@code NumberFormat} per figure cost more than the sums.
     */
    static String grouped(long value) {
        String digits = Long.toString(Math.abs(value));
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (value < 0) {
            out.append('-');
        }
        int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, first);
        for (int i = first; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }

    static Shown hidden(int threshold) {
        return new Shown(null, threshold + "未満");
    }

    static Shown of(SmallCells.Grid grid, int r, int c, int threshold) {
        return grid.shown(r, c) ? of(grid.counts()[r][c]) : hidden(threshold);
    }

    boolean suppressed() {
        return value == null;
    }

    /** A share of two shown figures in percent with one decimal (「—」 when either is hidden or the base 0). */
    static Shown rate(Shown part, Shown whole) {
        if (part.suppressed() || whole.suppressed() || whole.value() == 0) {
            return new Shown(null, "—");
        }
        return new Shown(null, percentText(Math.round(part.value() * 1000.0 / whole.value())));
    }

    /**
     * Tenths of a percent as 「12.3%」 — what {@code String.format("%.1f%%")} writes, made by hand: a dashboard
     * writes a rate for every row of every table, and the formatter was about a fifth of a request's CPU samples
     * (Java Flight Recorder, 100,000 residents).
     */
    static String percentText(long tenths) {
        long abs = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10 + "%";
    }

    /** The rate as a number (for charts and JSON), {@code null} when not shown. */
    static Double percent(Shown part, Shown whole) {
        if (part.suppressed() || whole.suppressed() || whole.value() == 0) {
            return null;
        }
        return Math.round(part.value() * 1000.0 / whole.value()) / 10.0;
    }
}
