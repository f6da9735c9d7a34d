package jp.tsunagu.importing;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jp.tsunagu.importing.ImportProblem.Kind;
import jp.tsunagu.japanese.DateNotation;
import jp.tsunagu.japanese.InvalidValueException;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.japanese.PersonKeys;

/**
 * Streams one snapshot file once: decodes strictly, splits with FastCSV (RFC 4180), validates and
 * normalises every value, and hands each valid row to a sink. Problems are collected with line and
 * column; the parser never stops at the first one, except where the file's structure is broken
 * beyond reading (bad quoting, bytes that do not decode).
 */
final class SnapshotParser {

    private static final char KEY_SEPARATOR = '\u001F';

    private final SourceDefinition source;
    private final ProblemCollector problems;
    private final Consumer<Long> progress;

    private int[] fieldIndex;
    private String[] columnNames;
    /** Per field, how a problem names its column: the file's header, with the hub's label in brackets when different. */
    private String[] fieldColumns;
    private int personKeyIndex;
    private int[] recordKeyIndex;
    private int expectedColumns = -1;
    private long rowsRead;
    private long lastProgress = System.nanoTime();
    private long invalidRows;
    private StrictDecodingReader decoder;

    /** Answers whether a record with this key had exactly these raw fields in the current snapshot. */
    interface RawLookup {
        boolean unchanged(long keyHash, long rawHash);
    }

    private RawLookup rawLookup = (k, r) -> false;

    /**
     * A row that was skipped for its problems (読み込めない行). Its keys are there only when they
     * could be read: a row with the wrong number of columns may have them shifted, and a row whose
     * person key or record key is itself broken has none to trust.
     *
     * @param recordKey the record key, or null when it could not be read
     * @param personKey the normalised person key, or null when it could not be read
     */
    record SkippedRow(long line, String recordKey, long keyHash, String personKey) {

        boolean keysRead() {
            return recordKey != null;
        }
    }

    private Consumer<SkippedRow> skipped = row -> { };
    private final long definitionHash;
    private final SourceDefinition.EncodingMismatch encodingMismatch;

    /**
     * @param encodingMismatch what to do when a Shift_JIS-declared file turns out to be UTF-8 (the
     *     source's own setting already resolved against the global one)
     */
    SnapshotParser(SourceDefinition source, ProblemCollector problems, Consumer<Long> progress,
            SourceDefinition.EncodingMismatch encodingMismatch) {
        this.encodingMismatch = encodingMismatch;
        this.definitionHash = Hashing.hash(source.toString());
        this.source = source;
        this.problems = problems;
        this.progress = progress;
        @SuppressWarnings("unchecked")
        Map<String, String>[] caches = new Map[source.fields().size()];
        for (int f = 0; f < caches.length; f++) {
            caches[f] = new HashMap<>();
        }
        this.dateCache = caches;
    }

    /** Lets rows whose raw fields are unchanged skip normalisation (they were valid yesterday). */
    void skipUnchanged(RawLookup lookup) {
        this.rawLookup = lookup;
    }

    /** Hands every skipped row to the consumer, with its keys when they could be read. */
    void onSkipped(Consumer<SkippedRow> consumer) {
        this.skipped = consumer;
    }

    long rowsRead() {
        return rowsRead;
    }

    /** Rows that had at least one invalid value. */
    long invalidRows() {
        return invalidRows;
    }

    long bytesRead() {
        return decoder == null ? 0 : decoder.bytesRead();
    }

    /** Reads the whole stream; returns false when a structural error stopped the read. */
    boolean parse(InputStream raw, Consumer<ParsedRow> sink) {
        PushbackInputStream in = new PushbackInputStream(raw, FileSignature.PEEK);
        try {
            Optional<String> notCsv = FileSignature.notCsv(in);
            if (notCsv.isPresent()) {
                problems.error(Kind.FILE, 1, 0, null, notCsv.get());
                return false;
            }
        } catch (IOException e) {
            problems.error(Kind.FILE, 0, 0, null, "ファイルを読めません: " + e.getMessage());
            return false;
        }
        decoder = new StrictDecodingReader(in, source.charset(), source.delimiter());
        CsvReader<CsvRecord> reader = CsvReader.builder()
                .fieldSeparator(source.delimiter())
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(false)
                .skipEmptyLines(true)
                .ofCsvRecord(decoder);
        long lastLine = 0;
        CsvRecord lastRecord = null;
        try (reader; RecordFeed iterator = new RecordFeed(reader)) {
            if (source.header()) {
                if (!iterator.hasNext()) {
                    problems.error(Kind.FILE, 1, 0, null, "ファイルが空です (見出し行がありません)");
                    return false;
                }
                CsvRecord header = iterator.next();
                lastRecord = header;
                if (!resolveHeader(header)) {
                    reportEncodingMismatch();
                    return false;
                }
            } else {
                resolvePositions();
            }
            while (iterator.hasNext()) {
                CsvRecord record = iterator.next();
                lastLine = record.getStartingLineNumber();
                lastRecord = record;
                rowsRead++;
                ParsedRow row = row(record);
                if (row != null) {
                    sink.accept(row);
                }
                if ((rowsRead & 0x3FFF) == 0 && System.nanoTime() - lastProgress > 500_000_000L) {
                    lastProgress = System.nanoTime();
                    progress.accept(rowsRead);
                }
            }
            if (!reportEncodingMismatch()) {
                return false;
            }
            if (decoder.insideQuotedField()) {
                // FastCSV hands back a field still open at the end as if it were closed
                problems.error(Kind.FILE, lastRecord == null ? 1 : lastRecord.getStartingLineNumber(), 0, null,
                        "CSVの構造が壊れています (引用符が閉じられないままファイルが終わっています。"
                                + "書き出しが途中で切れていないか確認してください)");
                return false;
            }
            return true;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof StrictDecodingReader.UndecodableBytesException u) {
                problems.error(Kind.FILE, u.line, u.column, null, u.getMessage());
            } else {
                problems.error(Kind.FILE, lastLine, 0, null, "ファイルを読めません: " + e.getMessage());
            }
            return false;
        } catch (CsvParseException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException uio
                    && uio.getCause() instanceof StrictDecodingReader.UndecodableBytesException u) {
                problems.error(Kind.FILE, u.line, u.column, null, u.getMessage());
            } else if (cause instanceof StrictDecodingReader.UndecodableBytesException u) {
                problems.error(Kind.FILE, u.line, u.column, null, u.getMessage());
            } else {
                problems.error(Kind.FILE, lineAfter(lastRecord), 0, null, "CSVの構造が壊れています (引用符の閉じ忘れや、閉じた引用符の後の文字): "
                        + describe(e));
            }
            return false;
        } catch (IOException e) {
            problems.error(Kind.FILE, lastLine, 0, null, "ファイルを読めません: " + e.getMessage());
            return false;
        }
    }

    /**
     * Reports a Shift_JIS-declared file whose bytes read are UTF-8 (its values would be stored as
     * mojibake), as a warning or, when the setting says so, as an error of the whole file. Returns
     * false when the file is rejected for it.
     */
    private boolean reportEncodingMismatch() {
        long line = decoder.utf8ReadAsShiftJisLine();
        if (line == 0) {
            return true;
        }
        String reason = "UTF-8 の文字を Shift_JIS として読んだように見えます (文字化け)。連携元の定義の encoding を確認してください";
        if (encodingMismatch == SourceDefinition.EncodingMismatch.REJECT) {
            problems.error(Kind.FILE, line, 0, null, reason);
            return false;
        }
        problems.warning(Kind.FILE, line, 0, null, reason, null);
        return true;
    }

    /** The line after a record, counting the line breaks (LF, CR LF or CR alone) inside its quoted fields. */
    private static long lineAfter(CsvRecord record) {
        if (record == null) {
            return 1;
        }
        long line = record.getStartingLineNumber() + 1;
        for (String field : record.getFields()) {
            line += lineBreaks(field);
        }
        return line;
    }

    private static long lineBreaks(String text) {
        long breaks = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                breaks++;
            }
        }
        return breaks;
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? e.getMessage() : t.getMessage();
    }

    private boolean resolveHeader(CsvRecord header) {
        List<String> names = header.getFields();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.putIfAbsent(names.get(i).strip(), i);
        }
        expectedColumns = names.size();
        columnNames = names.stream().map(String::strip).toArray(String[]::new);
        boolean ok = true;
        fieldIndex = new int[source.fields().size()];
        for (int f = 0; f < fieldIndex.length; f++) {
            String column = source.fields().get(f).column();
            Integer index = byName.get(column);
            if (index == null) {
                problems.error(Kind.FILE, header.getStartingLineNumber(), 0, column, "見出し行にこの列がありません");
                ok = false;
            } else {
                fieldIndex[f] = index;
            }
        }
        fieldColumns = new String[fieldIndex.length];
        for (int f = 0; f < fieldIndex.length; f++) {
            fieldColumns[f] = columnLabel(source.fields().get(f), columnNames[fieldIndex[f]]);
        }
        Integer pk = byName.get(source.personKey().column());
        if (pk == null) {
            problems.error(Kind.FILE, header.getStartingLineNumber(), 0, source.personKey().column(),
                    "見出し行に宛名番号の列がありません");
            ok = false;
        } else {
            personKeyIndex = pk;
        }
        recordKeyIndex = new int[source.recordKey().size()];
        for (int k = 0; k < recordKeyIndex.length; k++) {
            Integer index = byName.get(source.recordKey().get(k));
            if (index == null) {
                problems.error(Kind.FILE, header.getStartingLineNumber(), 0, source.recordKey().get(k),
                        "見出し行にレコードキーの列がありません");
                ok = false;
            } else {
                recordKeyIndex[k] = index;
            }
        }
        return ok;
    }

    private void resolvePositions() {
        fieldIndex = source.fields().stream().mapToInt(f -> Integer.parseInt(f.column()) - 1).toArray();
        personKeyIndex = Integer.parseInt(source.personKey().column()) - 1;
        recordKeyIndex = source.recordKey().stream().mapToInt(c -> Integer.parseInt(c) - 1).toArray();
        int max = Math.max(personKeyIndex, java.util.Arrays.stream(fieldIndex).max().orElse(0));
        max = Math.max(max, java.util.Arrays.stream(recordKeyIndex).max().orElse(0));
        columnNames = new String[max + 1];
        for (FieldDefinition f : source.fields()) {
            columnNames[Integer.parseInt(f.column()) - 1] = f.label();
        }
        if (columnNames[personKeyIndex] == null) {
            columnNames[personKeyIndex] = "宛名番号";
        }
        fieldColumns = source.fields().stream().map(FieldDefinition::label).toArray(String[]::new);
    }

    /**
     * A field's column as a clerk finds it in the file: the header there (認定日), and the label the
     * hub gives it in brackets when that differs (認定日（認定年月日）).
     */
    static String columnLabel(FieldDefinition field, String header) {
        if (header == null || header.isEmpty() || header.equals(field.label())) {
            return field.label();
        }
        return header + "（" + field.label() + "）";
    }

    private String columnName(int index) {
        return columnNames != null && index < columnNames.length ? columnNames[index] : null;
    }

    /** Validates and normalises one record; null when it has errors. */
    private ParsedRow row(CsvRecord record) {
        long line = record.getStartingLineNumber();
        int count = record.getFieldCount();
        if (expectedColumns < 0) {
            expectedColumns = count;
        }
        if (count != expectedColumns) {
            problems.error(Kind.ROW, line, Math.min(count, expectedColumns) + 1, null,
                    "列の数が " + count + " です (" + expectedColumns + " 列のはずです)");
            invalidRows++;
            skipped.accept(new SkippedRow(line, null, 0, null));
            return null;
        }
        long errorsBefore = problems.errors();
        String personKey = personKey(record, line);
        String recordKey = recordKey(record, line);
        if (problems.errors() > errorsBefore) {
            invalidRows++;
            skipped.accept(new SkippedRow(line, null, 0, null));
            return null;
        }
        long keyHash = Hashing.hash(recordKey);
        long rawHash = definitionHash;
        for (int i = 0; i < count; i++) {
            rawHash = Hashing.mix(rawHash * 31 + Hashing.hash(record.getField(i)));
        }
        if (rawLookup.unchanged(keyHash, rawHash)) {
            return new ParsedRow(line, recordKey, keyHash, personKey, null, 0, rawHash);
        }
        StringBuilder json = new StringBuilder(256).append('{');
        boolean firstField = true;
        List<FieldDefinition> fields = source.fields();
        for (int f = 0; f < fields.size(); f++) {
            FieldDefinition field = fields.get(f);
            int index = fieldIndex[f];
            if (index >= count) {
                problems.error(Kind.ROW, line, index + 1, fieldColumns[f], "列がありません");
                continue;
            }
            String value = normalise(field, f, record.getField(index), line, index + 1);
            if (value == null) {
                continue;
            }
            if (!firstField) {
                json.append(',');
            }
            firstField = false;
            json.append('"').append(field.name()).append("\":");
            if (field.type() == FieldType.INTEGER || field.type() == FieldType.DECIMAL) {
                json.append(value);
            } else {
                appendJsonString(json, value);
            }
        }
        json.append('}');
        if (problems.errors() > errorsBefore) {
            invalidRows++;
            skipped.accept(new SkippedRow(line, recordKey, keyHash, personKey));
            return null;
        }
        String body = json.toString();
        long rowHash = Hashing.mix(Hashing.hash(body) ^ Hashing.hash(personKey) * 31);
        return new ParsedRow(line, recordKey, keyHash, personKey, body, rowHash, rawHash);
    }

    /** The person key of the current row when it normalised without error, else null. */
    private String normalisedPersonKey;

    private String personKey(CsvRecord record, long line) {
        normalisedPersonKey = null;
        if (personKeyIndex >= record.getFieldCount()) {
            problems.error(Kind.ROW, line, personKeyIndex + 1, columnName(personKeyIndex), "宛名番号の列がありません");
            return "";
        }
        String raw = record.getField(personKeyIndex);
        try {
            String key = normalisePersonKey(raw);
            normalisedPersonKey = key;
            if (source.personKey().checkDigit() && !PersonKeys.checkDigitValid(key)) {
                problems.warning(Kind.VALUE, line, personKeyIndex + 1, columnName(personKeyIndex),
                        "宛名番号のチェックデジットが合いません", raw);
            }
            return key;
        } catch (InvalidValueException e) {
            problems.error(Kind.VALUE, line, personKeyIndex + 1, columnName(personKeyIndex), e.reason(), e.value());
            return "";
        }
    }

    private String recordKey(CsvRecord record, long line) {
        if (recordKeyIndex.length == 1 && recordKeyIndex[0] == personKeyIndex) {
            return record.getFieldCount() > personKeyIndex ? keyPart(record, personKeyIndex) : "";
        }
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < recordKeyIndex.length; k++) {
            int index = recordKeyIndex[k];
            if (k > 0) {
                key.append(KEY_SEPARATOR);
            }
            if (index >= record.getFieldCount()) {
                continue;
            }
            String part = keyPart(record, index);
            if (part.isEmpty()) {
                problems.error(Kind.ROW, line, index + 1, columnName(index), "レコードキーの列が空です");
            }
            key.append(part);
        }
        return key.toString();
    }

    /** The person-key column inside a record key is normalised like the person key itself. */
    private String keyPart(CsvRecord record, int index) {
        if (index == personKeyIndex && normalisedPersonKey != null) {
            return normalisedPersonKey;
        }
        String raw = record.getField(index).strip();
        if (index == personKeyIndex) {
            try {
                return normalisePersonKey(raw);
            } catch (InvalidValueException e) {
                return raw;
            }
        }
        return raw;
    }

    /**
     * {@link PersonKeys#normalise} with a fast path for the usual case, a key of ASCII digits
     * already in its normal form (which NFKC, trimming and the zero handling leave as it is).
     */
    private String normalisePersonKey(String raw) {
        PersonKeys.Normalisation mode = source.personKey().normalisation();
        int n = raw.length();
        if (n > 0 && (mode == PersonKeys.Normalisation.ZERO_PAD && n == source.personKey().digits()
                || mode == PersonKeys.Normalisation.STRIP && (raw.charAt(0) != '0' || n == 1)
                || mode == PersonKeys.Normalisation.NONE)) {
            boolean digits = true;
            for (int i = 0; i < n && digits; i++) {
                char c = raw.charAt(i);
                digits = c >= '0' && c <= '9';
            }
            if (digits) {
                return raw;
            }
        }
        return PersonKeys.normalise(raw, mode, source.personKey().digits());
    }

    /** Per date field: text already read → its ISO form (reading a date is a pure function of the text). */
    private final Map<String, String>[] dateCache;
    private static final int DATE_CACHE_LIMIT = 1 << 16;

    private String date(FieldDefinition field, int f, String value) {
        if (value.length() == 8 && field.dateFormats().contains(DateNotation.YYYYMMDD)) {
            String iso = isoFromDigits(value);
            if (iso != null) {
                return iso;
            }
        }
        Map<String, String> cache = dateCache[f];
        String iso = cache.get(value);
        if (iso == null) {
            iso = JapaneseDates.parse(value, field.dateFormats()).toString();
            if (cache.size() < DATE_CACHE_LIMIT) {
                cache.put(value, iso);
            }
        }
        return iso;
    }

    /**
     * yyyyMMdd of ASCII digits naming a real day, as JapaneseDates reads it (LocalDate.toString of
     * a 4-digit year is yyyy-MM-dd); null for anything else, which then goes the long way.
     */
    private static String isoFromDigits(String v) {
        for (int i = 0; i < 8; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        int year = (v.charAt(0) - '0') * 1000 + (v.charAt(1) - '0') * 100 + (v.charAt(2) - '0') * 10 + v.charAt(3) - '0';
        int month = (v.charAt(4) - '0') * 10 + v.charAt(5) - '0';
        int day = (v.charAt(6) - '0') * 10 + v.charAt(7) - '0';
        if (month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        return new String(new char[] {v.charAt(0), v.charAt(1), v.charAt(2), v.charAt(3), '-', v.charAt(4),
                v.charAt(5), '-', v.charAt(6), v.charAt(7)});
    }

    /** The normalised value as text, or null when empty (or invalid, after reporting it). */
    private String normalise(FieldDefinition field, int f, String raw, long line, int column) {
        String value = strip(raw);
        if (value.indexOf('\uFFFD') >= 0) {
            problems.error(Kind.VALUE, line, column, fieldColumns[f], "置換文字 (U+FFFD) を含みます。書き出し元で文字化けしています");
            return null;
        }
        if (value.isEmpty()) {
            if (field.required()) {
                problems.error(Kind.VALUE, line, column, fieldColumns[f], "必須項目が空です");
            }
            return null;
        }
        try {
            return switch (field.type()) {
                case TEXT -> value;
                case INTEGER -> number(value).toBigIntegerExact().toString();
                case DECIMAL -> number(value).toPlainString();
                case CODE -> {
                    if (!field.codes().containsKey(value)) {
                        problems.error(Kind.VALUE, line, column, fieldColumns[f], "コード表にない値です", value);
                        yield null;
                    }
                    yield value;
                }
                case DATE -> date(field, f, value);
            };
        } catch (InvalidValueException e) {
            problems.error(Kind.VALUE, line, column, fieldColumns[f], e.reason(), e.value());
        } catch (NumberFormatException | ArithmeticException e) {
            problems.error(Kind.VALUE, line, column, fieldColumns[f],
                    (field.type() == FieldType.INTEGER ? "整数" : "数値") + "として読めません", value);
        }
        return null;
    }

    /** The most digits a number may have before or after its decimal point. */
    static final int MAX_DIGITS = 1000;

    /**
     * The value as a number, refused (as unreadable) when it would have more than {@link #MAX_DIGITS}
     * digits on either side of the point: BigDecimal reads 1e999999999 as it is, and writing it out
     * in full, as the row's JSON does, would take a billion characters.
     */
    private static BigDecimal number(String value) {
        BigDecimal number = new BigDecimal(numeric(value));
        long integerDigits = (long) number.precision() - number.scale();
        if (integerDigits > MAX_DIGITS || number.scale() > MAX_DIGITS) {
            throw new NumberFormatException("more than " + MAX_DIGITS + " digits: " + value);
        }
        return number;
    }

    private static String numeric(String value) {
        String v = value;
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) > 0x7F) {
                v = Normalizer.normalize(v, Normalizer.Form.NFKC);
                break;
            }
        }
        return v.replace(",", "");
    }

    /** Trims ASCII white space and the full-width space U+3000 at both ends. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) <= ' ' || s.charAt(start) == '\u3000')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) <= ' ' || s.charAt(end - 1) == '\u3000')) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static StringBuilder appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        int clean = 0;
        while (clean < s.length()) {
            char c = s.charAt(clean);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            clean++;
        }
        if (clean == s.length()) {
            return sb.append(s).append('"');
        }
        sb.append(s, 0, clean);
        for (int i = clean; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
