package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target "yaml" (docs/fuzzing.md): any text as a source definition file through
 * {@link SourceDefinitionReader}. The only failure it may report is {@link SourceDefinitionException},
 * whose problems each name the file; a definition it accepts must be one the import can use, so it is
 * handed to {@link SnapshotParser} with a small file, which must read it without an exception.
 */
class SourceDefinitionFuzzTests {

    /** SnakeYAML warns of every duplicate key on its own logger: at thousands of inputs a second that is only noise. */
    private static final Logger SNAKEYAML = quiet(Logger.getLogger("org.yaml.snakeyaml"));

    private static final byte[] SMALL_FILE = "1,2,3\r\n0000000001,令和6年4月1日,x\r\n".getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"name:", "program:", "department:", "id:", "contact:", "encoding:", "Shift_JIS", "UTF-8",
        "delimiter:", "header:", "false", "true", "personKey:", "column:", "normalise:", "zero-pad", "strip", "none",
        "digits:", "checkDigit:", "recordKey:", "fields:", "label:", "type:", "date", "code", "integer", "decimal",
        "codes:", "formats:", "wareki", "era-letter", "era-code7", "yyyyMMdd", "yyyy/M/d", "iso", "kind:", "address",
        "required:", "sensitive:", "invalidRows:", "skip", "maxSkippedRows:", "holdShare:", "staleAfterDays:",
        "role:", "resident-registry", "non-resident", "master:", "birthDate", "kana", "encodingMismatch:", "&a", "*a",
        "<<:", "!!binary", "- ", "{", "}", "[", "]"})
    void yaml(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();

        SourceDefinition source;
        try {
            source = SourceDefinitionReader.read("fuzz", "fuzz.yml", new StringReader(text));
        } catch (SourceDefinitionException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("fuzz.yml: "));
            return;
        }
        assertThat(source.fields()).isNotEmpty();
        assertThat(source.recordKey()).isNotEmpty().doesNotContainNull();
        assertThat(source.personKey().column()).isNotNull();

        ProblemCollector problems = new ProblemCollector(10);
        List<ParsedRow> rows = new ArrayList<>();
        new SnapshotParser(source, problems, read -> { }, SourceDefinition.EncodingMismatch.WARN)
                .parse(new ByteArrayInputStream(SMALL_FILE), rows::add);
        assertThat(rows.size() + problems.errors()).isPositive();
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.OFF);
        return logger;
    }
}
