package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.tsunagu.japanese.DateNotation;
import jp.tsunagu.japanese.PersonKeys;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzz target "csv" (docs/fuzzing.md): the bytes of a file and a source definition made from the
 * input (encoding, delimiter, header or positions, person-key normalisation, up to four fields of
 * every type, 和暦 date notations) through the import's own {@link SnapshotParser}, the whole read
 * before anything touches the database. What may come out is rows and the parser's own problems;
 * any exception is a finding. Each row is checked as the staging step relies on it: JSON that
 * parses, a person key in its normal form, typed values in their typed form, no U+FFFD.
 *
 * <p>The input's last bytes choose the definition (read from the end, one byte a choice, as
 * {@link FuzzedDataProvider} does); the rest is the file. Kept inputs run as ordinary tests from
 * {@code src/test/resources/jp/tsunagu/importing/CsvIntakeFuzzTestsInputs/csv}.
 */
class CsvIntakeFuzzTests {

    private static final Charset[] CHARSETS = {Charset.forName("windows-31j"), StandardCharsets.UTF_8,
        Charset.forName("EUC-JP"), StandardCharsets.UTF_16};
    private static final String[] HEADERS = {"認定日", "状態", "金額", "備考"};
    private static final FieldType[] TYPES = FieldType.values();
    private static final DateNotation[] NOTATIONS = DateNotation.values();
    private static final Map<String, String> CODES = codes();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"宛名番号", "認定日", "状態", "金額", "備考", "令和", "平成", "昭和", "元年", "年", "月", "日",
        "\\x0D\\x0A", "\\x0D", "\\\"", "\\\"\\\"", "\\xEF\\xBB\\xBF", "１２３", "R6.4.1", "5060401", "2024/4/1", "2024-04-01", "1e3", "-0.5"})
    void csv(FuzzedDataProvider data) {
        Charset charset = CHARSETS[data.consumeInt(0, CHARSETS.length - 1)];
        char delimiter = data.consumeBoolean() ? ',' : '\t';
        boolean header = data.consumeBoolean();
        PersonKeys.Normalisation normalisation = PersonKeys.Normalisation.values()[data.consumeInt(0, 2)];
        int digits = data.consumeInt(1, 20);
        boolean checkDigit = data.consumeBoolean();
        int fieldCount = data.consumeInt(1, HEADERS.length);
        int personKeyAt = data.consumeInt(0, fieldCount);
        List<FieldDefinition> fields = new ArrayList<>();
        for (int f = 0; f < fieldCount; f++) {
            FieldType type = TYPES[data.consumeInt(0, TYPES.length - 1)];
            boolean required = data.consumeBoolean();
            Set<DateNotation> formats = null;
            if (type == FieldType.DATE) {
                formats = notations(data.consumeInt(1, (1 << NOTATIONS.length) - 1));
            }
            int position = f < personKeyAt ? f + 1 : f + 2;
            String column = header ? HEADERS[f] : String.valueOf(position);
            fields.add(new FieldDefinition("f" + f, column, HEADERS[f], type, type == FieldType.CODE ? CODES : null,
                    formats, false, required));
        }
        String personKeyColumn = header ? "宛名番号" : String.valueOf(personKeyAt + 1);
        List<String> recordKey = data.consumeBoolean() ? List.of(personKeyColumn)
                : List.of(personKeyColumn, fields.get(0).column());
        SourceDefinition.EncodingMismatch mismatch = data.consumeBoolean() ? SourceDefinition.EncodingMismatch.WARN
                : SourceDefinition.EncodingMismatch.REJECT;
        SourceDefinition source = new SourceDefinition("fuzz", "fuzz", "fuzz",
                new SourceDefinition.Department("fuzz", "fuzz", null), charset, delimiter, header,
                new SourceDefinition.PersonKeyColumn(personKeyColumn, normalisation, digits, checkDigit), recordKey,
                fields, SourceDefinition.InvalidRows.SKIP, 0, 0.1, 3, SourceRole.PROGRAM, Map.of(), mismatch);
        byte[] file = data.consumeRemainingAsBytes();

        ProblemCollector problems = new ProblemCollector(20);
        SnapshotParser parser = new SnapshotParser(source, problems, read -> { }, mismatch);
        List<ParsedRow> rows = new ArrayList<>();
        boolean read = parser.parse(new ByteArrayInputStream(file), rows::add);

        assertThat(read).as("false exactly when the file as a whole was reported unreadable")
                .isEqualTo(!problems.fileUnreadable());
        assertThat(rows.size() + parser.invalidRows()).as("every row read is taken or counted invalid")
                .isEqualTo(parser.rowsRead());
        for (ImportProblem problem : problems.kept()) {
            assertThat(problem.line()).isNotNegative();
            assertThat(problem.column()).isNotNegative();
            assertThat(problem.reason()).isNotBlank();
        }
        for (ParsedRow row : rows) {
            checkRow(source, row);
        }
    }

    /**
     * The decoding and splitting alone, on the test's own thread (the parser reads on a second one, which
     * costs a thread start per input): {@link StrictDecodingReader} must hand out exactly what a strict
     * decoder of the JDK makes of the bytes (less a leading BOM), and refuse exactly the bytes the JDK
     * refuses, naming a line and column; FastCSV over it may only report a broken structure.
     */
    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"\\x0D\\x0A", "\\x0D", "\\x0A", "\\\"", "\\xEF\\xBB\\xBF", "\\xEF\\xBF\\xBD", "\\x82\\xA0",
        "\\xE3\\x81\\x82"})
    void decoding(FuzzedDataProvider data) throws IOException {
        Charset charset = CHARSETS[data.consumeInt(0, CHARSETS.length - 1)];
        char delimiter = data.consumeBoolean() ? ',' : '\t';
        byte[] file = data.consumeRemainingAsBytes();

        String expected;
        try {
            expected = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            expected = null;
        }
        StringBuilder read = new StringBuilder();
        try (StrictDecodingReader reader = new StrictDecodingReader(new ByteArrayInputStream(file), charset, delimiter)) {
            char[] buffer = new char[37];
            for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
                read.append(buffer, 0, n);
            }
            assertThat(expected).as("the JDK refuses these bytes").isNotNull();
            String withoutBom = expected.startsWith("\uFEFF") ? expected.substring(1) : expected;
            assertThat(read.toString()).isEqualTo(withoutBom);
        } catch (StrictDecodingReader.UndecodableBytesException e) {
            assertThat(expected).as("the JDK reads these bytes, the reader refused them: " + e.getMessage()).isNull();
            assertThat(e.line).isPositive();
            assertThat(e.column).isPositive();
        }

        try (CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(delimiter).allowExtraFields(true)
                .allowMissingFields(true).allowExtraCharsAfterClosingQuote(false).skipEmptyLines(true)
                .ofCsvRecord(new StrictDecodingReader(new ByteArrayInputStream(file), charset, delimiter))) {
            for (CsvRecord record : csv) {
                assertThat(record.getStartingLineNumber()).isPositive();
            }
        } catch (CsvParseException | UncheckedIOException e) {
            // the parser's own reports: a broken structure, bytes that do not decode
        }
    }

    private static void checkRow(SourceDefinition source, ParsedRow row) {
        assertThat(row.line()).isPositive();
        assertThat(row.personKey()).isNotEmpty().doesNotContain("\uFFFD");
        assertThat(row.recordKey()).doesNotContain("\uFFFD");
        PersonKeys.Normalisation normalisation = source.personKey().normalisation();
        if (normalisation != PersonKeys.Normalisation.NONE) {
            assertThat(row.personKey()).containsOnlyDigits();
        }
        if (normalisation == PersonKeys.Normalisation.ZERO_PAD) {
            assertThat(row.personKey()).hasSize(source.personKey().digits());
        }
        assertThat(row.json()).doesNotContain("\uFFFD");
        JsonNode json = JSON.readTree(row.json());
        assertThat(json.isObject()).as(row.json()).isTrue();
        for (FieldDefinition field : source.fields()) {
            JsonNode value = json.get(field.name());
            if (value == null) {
                assertThat(field.required()).as("a required field is in every row taken").isFalse();
                continue;
            }
            switch (field.type()) {
                case TEXT -> assertThat(value.isString()).isTrue();
                case CODE -> assertThat(CODES).containsKey(value.asString());
                case INTEGER -> assertThat(value.isIntegralNumber()).as(row.json()).isTrue();
                case DECIMAL -> assertThat(value.isNumber()).as(row.json()).isTrue();
                case DATE -> assertThat(LocalDate.parse(value.asString()).toString()).isEqualTo(value.asString());
            }
        }
    }

    private static Set<DateNotation> notations(int mask) {
        Set<DateNotation> allowed = EnumSet.noneOf(DateNotation.class);
        for (DateNotation n : NOTATIONS) {
            if ((mask & 1 << n.ordinal()) != 0) {
                allowed.add(n);
            }
        }
        return allowed;
    }

    private static Map<String, String> codes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("1", "受給中");
        codes.put("2", "停止");
        codes.put("Ａ", "全角");
        return codes;
    }

}
