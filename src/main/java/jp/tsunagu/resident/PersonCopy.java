package jp.tsunagu.resident;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Person rows in COPY's binary format, sent as batches are made (for the first index's bulk load). The columns are
 * {@link #COLUMNS}, in the order of {@code ResidentIndex}'s row values, then {@code address_protected} (the 支援措置
 * flag: the household's protection is worked out once all rows are in).
 *
 * <p>Binary since the grams are numbers (5.14.0): in COPY's text format each of a person's 56 grams was 17 digits
 * to write and for the server to parse (about 1 KB a row, and the persons of a 1,000,000-resident city written
 * 5–7 s slower than with the grams as texts); in binary a number is its 8 bytes. Each value is sent as the column's
 * type reads it: a text as its UTF-8 bytes, a boolean as one byte, a date as its days from 2000-01-01, a
 * {@code bigint} as 8 bytes, the grams as a one-dimensional array of {@code bigint}.
 */
final class PersonCopy implements AutoCloseable {

    static final String COLUMNS = """
            person_key, master_source, registered, status, name, kana, birth_date, sex, address, address_detail,
            household_key, relation, resident_type, moved_on, move_reason, support_measure, name_key, kana_key,
            kana_loose, updated_run, address_key, grams, address_search, address_protected""";

    /** The COPY statement's format option. */
    static final String FORMAT = "FORMAT binary";

    /** The signature, flags and header extension that begin the binary format. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    /** The field count -1 that ends it. */
    private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    /** PostgreSQL's type of {@code bigint} (the grams' elements). */
    private static final int INT8_OID = 20;
    /** 2000-01-01, PostgreSQL's day 0, in days from 1970-01-01. */
    private static final long POSTGRES_EPOCH_DAY = java.time.LocalDate.of(2000, 1, 1).toEpochDay();

    private final CopyIn copy;
    private boolean started;

    PersonCopy(CopyIn copy) {
        this.copy = copy;
    }

    /**
     * Rows in COPY's binary format: each of the 23 values of a row, then the protection flag (the row's 支援措置).
     * Rows are encoded on several threads and sent in turn.
     */
    static byte[] encode(java.util.List<Object[]> rows) {
        return encode(rows, row -> row);
    }

    /**
     * The rows of the given items in COPY's binary format ({@link #encode(java.util.List)}), each row written as soon
     * as it is made. Made all first, a batch's rows (about 4 MB of grams for 1,000 persons) had left the processor's
     * cache before they were written, and reading them back was a fifth of the first index's row threads' time at
     * 4,000,000 residents (a flight recording, session 25).
     */
    static <T> byte[] encode(java.util.List<T> items, java.util.function.Function<? super T, Object[]> row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(items.size() * 1_200);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            for (T item : items) {
                Object[] values = row.apply(item);
                out.writeShort(values.length + 1);
                for (Object value : values) {
                    value(out, value);
                }
                value(out, values[15]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void value(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeInt(-1);
        } else if (v instanceof String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        } else if (v instanceof Boolean b) {
            out.writeInt(1);
            out.writeByte(b ? 1 : 0);
        } else if (v instanceof java.sql.Date date) {
            out.writeInt(4);
            out.writeInt(Math.toIntExact(date.toLocalDate().toEpochDay() - POSTGRES_EPOCH_DAY));
        } else if (v instanceof Long number) {
            out.writeInt(8);
            out.writeLong(number);
        } else if (v instanceof long[] codes) {
            // the grams' numbers (GramCode): dimensions, no nulls, the element type, then each element's length and value
            boolean empty = codes.length == 0;
            out.writeInt(empty ? 12 : 20 + 12 * codes.length);
            out.writeInt(empty ? 0 : 1);
            out.writeInt(0);
            out.writeInt(INT8_OID);
            if (!empty) {
                out.writeInt(codes.length);
                out.writeInt(1);
                for (long code : codes) {
                    out.writeInt(8);
                    out.writeLong(code);
                }
            }
        } else {
            throw new IllegalArgumentException("COPY の値にできない型です: " + v.getClass().getSimpleName());
        }
    }

    /** Sends encoded rows, after the format's header for the first; threads take turns. */
    synchronized void send(byte[] rows) throws SQLException {
        if (!started) {
            copy.writeToCopy(HEADER, 0, HEADER.length);
            started = true;
        }
        copy.writeToCopy(rows, 0, rows.length);
    }

    /** Ends the COPY; the number of rows the server took. */
    synchronized long finish() throws SQLException {
        if (!started) {
            copy.writeToCopy(HEADER, 0, HEADER.length);
            started = true;
        }
        copy.writeToCopy(TRAILER, 0, TRAILER.length);
        return copy.endCopy();
    }

    @Override
    public synchronized void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
