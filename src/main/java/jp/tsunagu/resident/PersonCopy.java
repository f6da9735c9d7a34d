package jp.tsunagu.resident;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Person rows in COPY's text format, sent as the buffer fills (for the first index's bulk load). The
 * columns are {@link #COLUMNS}, in the order of {@code ResidentIndex}'s row values, then
 * {@code address_protected} (the 支援措置 flag: the household's protection is worked out once all rows
 * are in).
 */
final class PersonCopy implements AutoCloseable {

    static final String COLUMNS = """
            person_key, master_source, registered, status, name, kana, birth_date, sex, address, address_detail,
            household_key, relation, resident_type, moved_on, move_reason, support_measure, name_key, kana_key,
            kana_loose, updated_run, address_key, grams, address_search, address_protected""";

    private final CopyIn copy;
    private final StringBuilder line = new StringBuilder(1 << 16);

    PersonCopy(CopyIn copy) {
        this.copy = copy;
    }

    /**
     * Rows in COPY's text format as UTF-8 bytes: each of the 23 values of a row, then the protection flag
     * (the row's 支援措置). One builder per thread: rows are encoded on several threads and sent in turn.
     */
    static byte[] encode(java.util.List<Object[]> rows) {
        return encode(rows, row -> row);
    }

    /**
     * The rows of the given items in COPY's text format as UTF-8 bytes ({@link #encode(java.util.List)}), each row
     * written as soon as it is made. Made all first, a batch's rows (about 4 MB of grams for 1,000 persons) had
     * left the processor's cache before they were written, and reading them back was a fifth of the first index's
     * row threads' time at 4,000,000 residents (a flight recording, session 25).
     */
    static <T> byte[] encode(java.util.List<T> items, java.util.function.Function<? super T, Object[]> row) {
        PersonCopy lines = new PersonCopy(null);
        for (T item : items) {
            lines.append(row.apply(item));
        }
        return lines.line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void append(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            value(row[i]);
        }
        line.append('\t');
        value(row[15]);
        line.append('\n');
    }

    /** Sends encoded rows; threads take turns. */
    synchronized void send(byte[] rows) throws SQLException {
        copy.writeToCopy(rows, 0, rows.length);
    }

    private void value(Object v) {
        if (v == null) {
            line.append("\\N");
        } else if (v instanceof Boolean b) {
            line.append(b ? 't' : 'f');
        } else if (v instanceof long[] codes) {
            // the grams' numbers (GramCode): digits, nothing to quote or escape
            line.append('{');
            for (int i = 0; i < codes.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(codes[i]);
            }
            line.append('}');
        } else if (v.getClass().isArray()) {
            throw new IllegalArgumentException("COPY の値にできない配列です: " + v.getClass().getSimpleName());
        } else {
            // dates (java.sql.Date prints ISO 8601), numbers and text
            escaped(v.toString());
        }
    }

    /** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
    private void escaped(CharSequence s) {
        int plain = 0;
        while (plain < s.length() && !special(s.charAt(plain))) {
            plain++;
        }
        // nearly every value has nothing to escape: copied at once
        line.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Ends the COPY; the number of rows the server took. */
    synchronized long finish() throws SQLException {
        return copy.endCopy();
    }

    @Override
    public synchronized void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
