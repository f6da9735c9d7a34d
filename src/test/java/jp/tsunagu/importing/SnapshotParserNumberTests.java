package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.japanese.PersonKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers in integer and decimal fields, read by the parser alone (no database): a value written
 * with an exponent is read, but not one whose digits, written out, would not fit in memory (found by
 * the csv fuzz target's seeds, docs/fuzzing.md).
 */
class SnapshotParserNumberTests {

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            INTEGER | 1e3           | {"amount":1000}
            INTEGER | １，２００      | {"amount":1200}
            DECIMAL | -0.50         | {"amount":-0.50}
            DECIMAL | 1e-3          | {"amount":0.001}
            """)
    void aNumberIsWrittenOutInFull(FieldType type, String value, String json) {
        List<ParsedRow> rows = new ArrayList<>();
        ProblemCollector problems = parse(type, value, rows);

        assertThat(problems.errors()).isZero();
        assertThat(rows).singleElement().extracting(ParsedRow::json).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DECIMAL | 1e999999999  | 数値として読めません
            INTEGER | 1E99999999   | 整数として読めません
            DECIMAL | 1e-999999999 | 数値として読めません
            DECIMAL | 1e1001       | 数値として読めません
            """)
    void aNumberTooLongToWriteOutIsRefusedAsUnreadable(FieldType type, String value, String reason) {
        List<ParsedRow> rows = new ArrayList<>();
        ProblemCollector problems = parse(type, value, rows);

        assertThat(rows).isEmpty();
        assertThat(problems.kept()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(reason);
            assertThat(p.value()).isEqualTo(value);
            assertThat(p.line()).isEqualTo(2);
        });
    }

    private static ProblemCollector parse(FieldType type, String value, List<ParsedRow> rows) {
        SourceDefinition source = new SourceDefinition("numbers", "numbers", "numbers",
                new SourceDefinition.Department("d", "d", null), StandardCharsets.UTF_8, ',', true,
                new SourceDefinition.PersonKeyColumn("宛名番号", PersonKeys.Normalisation.ZERO_PAD, 10, false),
                List.of("宛名番号"), List.of(new FieldDefinition("amount", "金額", "金額", type, null, null, false, false)),
                SourceDefinition.InvalidRows.SKIP, 0, 0.1, 3, SourceRole.PROGRAM, Map.of(),
                SourceDefinition.EncodingMismatch.WARN);
        ProblemCollector problems = new ProblemCollector(10);
        byte[] file = ("宛名番号,金額\n1,\"" + value + "\"\n").getBytes(StandardCharsets.UTF_8);
        new SnapshotParser(source, problems, read -> { }, SourceDefinition.EncodingMismatch.WARN)
                .parse(new ByteArrayInputStream(file), rows::add);
        return problems;
    }
}
